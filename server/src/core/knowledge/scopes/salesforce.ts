// Salesforce connected-app OAuth scopes, from Salesforce's OAuth token scopes documentation.
import type { ScopeProvider } from './types.js';

export const SALESFORCE: ScopeProvider = {
  id: 'salesforce',
  name: 'Salesforce',
  keywords: ['salesforce', 'force.com', 'sfdc'],
  scopes: [
    { scope: 'full', risk: 'critical', narrower: ['api', 'refresh_token'], why: 'Everything the user can do, the web UI included; api covers REST and Bulk API access.' },
    { scope: 'web', risk: 'high', narrower: ['api'], why: 'Uses the access token in the web UI (session hijack in a browser).' },
    { scope: 'api', risk: 'high', narrower: ['chatter_api'], why: 'All of the user\'s data through the APIs; restrict the integration user\'s profile and permission sets.' },
    { scope: 'cdp_query_api', risk: 'high', narrower: ['cdp_profile_api'], why: 'Runs queries over all Data Cloud data.' },
    { scope: 'refresh_token', risk: 'medium', narrower: [], why: 'Keeps access without the user; store refresh tokens as secrets and set a refresh token policy.' },
    { scope: 'chatter_api', risk: 'medium', narrower: [], why: 'Chatter REST API only.' },
    { scope: 'id', risk: 'low', narrower: [], why: 'Reads the identity URL.' },
    { scope: 'openid', risk: 'low', narrower: [], why: 'Signs the user in.' },
    { scope: 'visualforce', risk: 'medium', narrower: ['api'], why: 'Uses the token in Visualforce pages.' },
    { scope: 'wave_api', risk: 'medium', narrower: [], why: 'CRM Analytics REST API.' },
    { scope: 'pardot_api', risk: 'medium', narrower: [], why: 'Account Engagement (Pardot) API: prospects\' personal data.' },
    { scope: 'content', risk: 'medium', narrower: [], why: 'Reads content (files) the user can see.' },
    { scope: 'offline_access', risk: 'medium', narrower: [], why: 'Another name for refresh_token: keeps access without the user.' },
    { scope: 'custom_permissions', risk: 'low', narrower: [], why: 'Reads the custom permissions of the connected app.' },
    { scope: 'profile', risk: 'low', narrower: [], why: 'Reads the user\'s basic profile.' },
    { scope: 'email', risk: 'low', narrower: [], why: 'Reads the user\'s e-mail address.' },
  ],
};
