// GitHub OAuth app / classic personal access token scopes, from GitHub's "Scopes for OAuth apps".
import type { ScopeProvider } from './types.js';

export const GITHUB: ScopeProvider = {
  id: 'github',
  name: 'GitHub',
  keywords: ['github', 'api.github.com'],
  scopes: [
    { scope: 'repo', risk: 'high', narrower: ['public_repo', 'repo:status', 'repo_deployment'], why: 'Full control of every private repository the user can reach: code, settings, webhooks, collaborators. A fine-grained token limited to one repository is narrower still.' },
    { scope: 'admin:org', risk: 'critical', narrower: ['read:org', 'write:org'], why: 'Fully manages the organisation: members, teams, settings.' },
    { scope: 'write:org', risk: 'high', narrower: ['read:org'], why: 'Changes organisation and team membership.' },
    { scope: 'admin:repo_hook', risk: 'high', narrower: ['write:repo_hook', 'read:repo_hook'], why: 'Creates and deletes repository webhooks, which can send every push to any URL.' },
    { scope: 'admin:org_hook', risk: 'high', narrower: [], why: 'Creates and deletes organisation webhooks, which can send every event to any URL.' },
    { scope: 'delete_repo', risk: 'critical', narrower: [], why: 'Deletes repositories.' },
    { scope: 'workflow', risk: 'high', narrower: [], why: 'Changes GitHub Actions workflows, which run with the repository\'s secrets.' },
    { scope: 'user', risk: 'high', narrower: ['read:user', 'user:email'], why: 'Changes the user\'s profile.' },
    { scope: 'admin:public_key', risk: 'high', narrower: ['read:public_key'], why: 'Adds SSH keys to the user\'s account: persistent access to every repository.' },
    { scope: 'admin:gpg_key', risk: 'high', narrower: ['read:gpg_key'], why: 'Adds signing keys to the user\'s account: forged "verified" commits.' },
    { scope: 'admin:enterprise', risk: 'critical', narrower: ['read:enterprise'], why: 'Fully manages the enterprise account.' },
    { scope: 'write:packages', risk: 'medium', narrower: ['read:packages'], why: 'Publishes packages: a supply-chain risk for everyone who installs them.' },
    { scope: 'delete:packages', risk: 'high', narrower: ['read:packages'], why: 'Deletes packages.' },
    { scope: 'gist', risk: 'medium', narrower: [], why: 'Creates gists, a common exfiltration channel.' },
    { scope: 'public_repo', risk: 'medium', narrower: [], why: 'Writes to public repositories.' },
    { scope: 'read:org', risk: 'low', narrower: [], why: 'Reads organisation membership.' },
    { scope: 'read:user', risk: 'low', narrower: [], why: 'Reads the user\'s profile.' },
    { scope: 'user:email', risk: 'low', narrower: [], why: 'Reads the user\'s e-mail addresses.' },
  ],
};
