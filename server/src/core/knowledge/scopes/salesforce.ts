// Salesforce connected-app OAuth scopes, from Salesforce's OAuth token scopes documentation.
import type { ScopeProvider } from './types.js';

export const SALESFORCE: ScopeProvider = {
  id: 'salesforce',
  name: 'Salesforce',
  keywords: ['salesforce', 'force.com', 'sfdc'],
  scopes: [
    { scope: 'full', risk: 'critical', narrower: ['api'], why: 'Everything the user can do, the web UI included; api covers REST and Bulk API access.' },
    { scope: 'web', risk: 'high', narrower: ['api'], why: 'Uses the access token in the web UI (session hijack in a browser).' },
    { scope: 'api', risk: 'medium', narrower: ['chatter_api'], why: 'All of the user\'s data through the REST, SOAP and Bulk APIs, which most integrations need: the narrower choice to full; restrict the integration user\'s profile and permission sets.' },
    { scope: 'cdp_query_api', risk: 'high', narrower: ['cdp_profile_api'], why: 'Runs queries over all Data Cloud data.' },
    { scope: 'refresh_token', risk: 'high', narrower: ['api'], why: 'Keeps access without the user until the refresh token is revoked (the default policy never expires it): a leaked token store is lasting access to the org. Where the flow must run unattended, set the connected app\'s refresh token policy to expire and store the token as a secret.' },
    { scope: 'chatter_api', risk: 'medium', narrower: [], why: 'Chatter REST API only.' },
    { scope: 'id', risk: 'low', narrower: [], why: 'Reads the identity URL.' },
    { scope: 'openid', risk: 'low', narrower: [], why: 'Signs the user in.' },
    { scope: 'visualforce', risk: 'medium', narrower: ['api'], why: 'Uses the token in Visualforce pages.' },
    { scope: 'wave_api', risk: 'medium', narrower: [], why: 'CRM Analytics REST API.' },
    { scope: 'pardot_api', risk: 'medium', narrower: [], why: 'Account Engagement (Pardot) API: prospects\' personal data.' },
    { scope: 'content', risk: 'medium', narrower: [], why: 'Reads content (files) the user can see.' },
    { scope: 'offline_access', risk: 'high', narrower: ['api'], why: 'Another name for refresh_token: keeps access without the user until the token is revoked; set the connected app\'s refresh token policy to expire.' },
    { scope: 'custom_permissions', risk: 'low', narrower: [], why: 'Reads the custom permissions of the connected app.' },
    { scope: 'profile', risk: 'low', narrower: [], why: 'Reads the user\'s basic profile.' },
    { scope: 'email', risk: 'low', narrower: [], why: 'Reads the user\'s e-mail address.' },
  ],
};
