// Google OAuth scopes, from Google's OAuth 2.0 scopes list and its sensitive / restricted scope classification.
import type { ScopeProvider } from './types.js';

export const GOOGLE: ScopeProvider = {
  id: 'google',
  name: 'Google',
  keywords: ['google', 'gmail', 'gsuite', 'workspace', 'googleapis', 'drive', 'sheets', 'bigquery'],
  prefix: 'https://www.googleapis.com/auth/',
  scopes: [
    { scope: 'https://mail.google.com/', risk: 'critical', narrower: ['https://www.googleapis.com/auth/gmail.send', 'https://www.googleapis.com/auth/gmail.labels', 'https://www.googleapis.com/auth/gmail.metadata'], why: 'Full access to the Gmail account, permanent deletion included (a restricted scope).' },
    { scope: 'https://www.googleapis.com/auth/gmail.modify', risk: 'high', narrower: ['https://www.googleapis.com/auth/gmail.labels', 'https://www.googleapis.com/auth/gmail.send'], why: 'Reads, sends and changes all mail (a restricted scope).' },
    { scope: 'https://www.googleapis.com/auth/gmail.readonly', risk: 'high', narrower: ['https://www.googleapis.com/auth/gmail.metadata'], why: 'Reads every message and attachment (a restricted scope).' },
    { scope: 'https://www.googleapis.com/auth/gmail.send', risk: 'medium', narrower: [], why: 'Sends mail as the user (a sensitive scope).' },
    { scope: 'https://www.googleapis.com/auth/drive', risk: 'high', narrower: ['https://www.googleapis.com/auth/drive.file', 'https://www.googleapis.com/auth/drive.readonly'], why: 'Reads, changes and deletes every file in the user\'s Drive (a restricted scope); drive.file covers only files the app created or was given.' },
    { scope: 'https://www.googleapis.com/auth/drive.readonly', risk: 'high', narrower: ['https://www.googleapis.com/auth/drive.file'], why: 'Reads every file in the user\'s Drive (a restricted scope).' },
    { scope: 'https://www.googleapis.com/auth/spreadsheets', risk: 'medium', narrower: ['https://www.googleapis.com/auth/drive.file', 'https://www.googleapis.com/auth/spreadsheets.readonly'], why: 'Reads and changes every spreadsheet the user can reach (a sensitive scope).' },
    { scope: 'https://www.googleapis.com/auth/calendar', risk: 'medium', narrower: ['https://www.googleapis.com/auth/calendar.events', 'https://www.googleapis.com/auth/calendar.readonly'], why: 'Full access to every calendar, sharing included.' },
    { scope: 'https://www.googleapis.com/auth/cloud-platform', risk: 'critical', narrower: ['https://www.googleapis.com/auth/devstorage.read_only', 'https://www.googleapis.com/auth/bigquery.readonly'], why: 'Acts on every Google Cloud API the identity has IAM rights to.' },
    { scope: 'https://www.googleapis.com/auth/admin.directory.user', risk: 'critical', narrower: ['https://www.googleapis.com/auth/admin.directory.user.readonly'], why: 'Creates, changes and deletes Workspace users, passwords included.' },
    { scope: 'https://www.googleapis.com/auth/admin.directory.group', risk: 'high', narrower: ['https://www.googleapis.com/auth/admin.directory.group.readonly'], why: 'Changes Workspace groups and their members.' },
    { scope: 'https://www.googleapis.com/auth/drive.file', risk: 'low', narrower: [], why: 'Only files the app created or the user opened with it.' },
    { scope: 'https://www.googleapis.com/auth/userinfo.email', risk: 'low', narrower: [], why: 'Reads the user\'s e-mail address.' },
  ],
};
