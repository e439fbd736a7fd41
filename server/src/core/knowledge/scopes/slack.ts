// Slack OAuth scopes (bot and user tokens), from Slack's scopes reference.
import type { ScopeProvider } from './types.js';

export const SLACK: ScopeProvider = {
  id: 'slack',
  name: 'Slack',
  keywords: ['slack', 'slack.com'],
  scopes: [
    { scope: 'admin', risk: 'critical', narrower: ['chat:write', 'channels:read'], why: 'Administers the workspace (a legacy user-token scope).' },
    { scope: 'client', risk: 'critical', narrower: ['chat:write', 'channels:read', 'channels:history'], why: 'A legacy scope that grants everything the Slack client can do as the user.' },
    { scope: 'admin.users:write', risk: 'critical', narrower: ['admin.users:read'], why: 'Invites, removes and changes users across the organisation (Enterprise Grid).' },
    { scope: 'admin.conversations:write', risk: 'critical', narrower: ['admin.conversations:read'], why: 'Changes, archives and moves channels across the organisation.' },
    { scope: 'admin.apps:write', risk: 'critical', narrower: ['admin.apps:read'], why: 'Approves and restricts apps across the organisation.' },
    { scope: 'groups:history', risk: 'high', narrower: ['channels:history'], why: 'Reads private channels the app is in.' },
    { scope: 'im:history', risk: 'high', narrower: [], why: 'Reads direct messages.' },
    { scope: 'mpim:history', risk: 'high', narrower: [], why: 'Reads group direct messages.' },
    { scope: 'channels:history', risk: 'medium', narrower: [], why: 'Reads public channels the app is in.' },
    { scope: 'chat:write.customize', risk: 'medium', narrower: ['chat:write'], why: 'Posts under any name and icon: impersonation of people in the channel.' },
    { scope: 'chat:write.public', risk: 'medium', narrower: ['chat:write'], why: 'Posts to channels the app was never invited to.' },
    { scope: 'users:read.email', risk: 'medium', narrower: ['users:read'], why: 'Reads every member\'s e-mail address (personal data).' },
    { scope: 'files:write', risk: 'medium', narrower: [], why: 'Uploads, changes and deletes files.' },
    { scope: 'files:read', risk: 'medium', narrower: [], why: 'Reads files shared in channels the app is in.' },
    { scope: 'chat:write', risk: 'low', narrower: [], why: 'Posts to channels the app is in.' },
    { scope: 'channels:read', risk: 'low', narrower: [], why: 'Lists public channels.' },
    { scope: 'users:read', risk: 'low', narrower: [], why: 'Reads members\' names and profiles.' },
    { scope: 'incoming-webhook', risk: 'low', narrower: [], why: 'Posts to one channel through an incoming webhook (the URL is then a secret).' },
  ],
};
