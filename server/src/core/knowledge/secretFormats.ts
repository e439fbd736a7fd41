// Secret formats as data, written from the providers' documented token formats. Their examples, which a unit
// test runs, are in secretFormatExamples.ts (kept out of the shipped bundle).

export interface SecretFormat {
  /** Stable id, used in messages' data and in the bench's per-format recall. */
  readonly id: string;
  /** Who issues it, as a user would name it. */
  readonly provider: string;
  /** What it is, in a few words ("personal access token"). */
  readonly what: string;
  /** `token`: a credential; `webhook-url`: a URL that is itself a bearer secret. */
  readonly kind: 'token' | 'webhook-url';
  /** The pattern; a named group `secret` marks the secret part when the match holds more. Bounded quantifiers only. */
  readonly pattern: RegExp;
  /** Case-sensitive substrings, one of which any match contains: the cheap prefilter. */
  readonly keywords: readonly string[];
  /** Minimum Shannon entropy (bits per character) of the secret part, for formats with a loose shape. */
  readonly minEntropy?: number;
  /** The length of the shortest match, where a weak keyword would send many short strings to the pattern. */
  readonly minLength?: number;
}

export const SECRET_FORMATS: readonly SecretFormat[] = [
  {
    id: 'aws-access-key-id', provider: 'AWS', what: 'access key id', kind: 'token',
    pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}\b/,
    keywords: ['AKIA', 'ASIA', 'ABIA', 'ACCA'],
  },
  {
    id: 'aws-secret-access-key', provider: 'AWS', what: 'secret access key', kind: 'token',
    pattern: /(?:aws_?secret_?access_?key|SecretAccessKey|secretAccessKey)\\*["']?\s*[:=]\s*\\*["']?(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/,
    keywords: ['ecret_access_key', 'ecretAccessKey', 'ECRET_ACCESS_KEY', 'ecretaccesskey'],
    minEntropy: 3.5,
  },
  {
    id: 'github-classic-token', provider: 'GitHub', what: 'classic personal access token', kind: 'token',
    pattern: /\bghp_[A-Za-z0-9]{36}\b/, keywords: ['ghp_'],
  },
  {
    id: 'github-oauth-token', provider: 'GitHub', what: 'OAuth or app token', kind: 'token',
    pattern: /\bgh[ousr]_[A-Za-z0-9]{36,251}\b/, keywords: ['gho_', 'ghu_', 'ghs_', 'ghr_'],
  },
  {
    id: 'github-fine-grained-token', provider: 'GitHub', what: 'fine-grained personal access token', kind: 'token',
    pattern: /\bgithub_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}\b/, keywords: ['github_pat_'],
  },
  {
    id: 'gitlab-token', provider: 'GitLab', what: 'personal or project access token', kind: 'token',
    pattern: /\bgl(?:pat|dt|ptt|rt|oas)-[A-Za-z0-9_-]{20,64}\b/, keywords: ['glpat-', 'gldt-', 'glptt-', 'glrt-', 'gloas-'],
  },
  {
    id: 'slack-token', provider: 'Slack', what: 'bot, user or app token', kind: 'token',
    pattern: /\bxox[abposr]-(?:\d{6,15}-){1,3}[A-Za-z0-9-]{10,200}|\bxapp-\d-[A-Z0-9]{9,12}-\d{9,15}-[a-f0-9]{32,80}\b/,
    keywords: ['xoxb-', 'xoxp-', 'xoxa-', 'xoxo-', 'xoxs-', 'xoxr-', 'xapp-'],
  },
  {
    id: 'slack-webhook-url', provider: 'Slack', what: 'incoming webhook URL', kind: 'webhook-url',
    pattern: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_]{8,12}\/[A-Za-z0-9_]{8,14}\/[A-Za-z0-9_]{16,48}/,
    keywords: ['hooks.slack.com'],
  },
  {
    id: 'teams-webhook-url', provider: 'Microsoft Teams', what: 'incoming webhook URL', kind: 'webhook-url',
    pattern: /https:\/\/[a-z0-9-]{1,60}\.webhook\.office\.com\/webhookb2\/[0-9a-f-]{36}@[0-9a-f-]{36}\/IncomingWebhook\/[0-9a-f]{32}\/[0-9a-f-]{36}(?:\/[A-Za-z0-9_-]{10,80})?/,
    keywords: ['webhook.office.com'],
  },
  {
    id: 'discord-webhook-url', provider: 'Discord', what: 'webhook URL', kind: 'webhook-url',
    pattern: /https:\/\/(?:canary\.|ptb\.)?discord(?:app)?\.com\/api\/webhooks\/\d{17,20}\/[A-Za-z0-9_-]{60,80}/,
    keywords: ['discord.com/api/webhooks', 'discordapp.com/api/webhooks'],
  },
  {
    id: 'discord-bot-token', provider: 'Discord', what: 'bot token', kind: 'token',
    pattern: /(?<![A-Za-z0-9_-])[MNO][A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38}(?![A-Za-z0-9_-])/,
    keywords: ['.'],
    minEntropy: 4,
    minLength: 59,
  },
  {
    id: 'telegram-bot-token', provider: 'Telegram', what: 'bot token', kind: 'token',
    // After a word boundary, or right after `bot` where the Bot API takes it in its URL path (`api.telegram.org/bot<token>/`).
    pattern: /(?:\b|(?<=bot))\d{8,10}:AA[A-Za-z0-9_-]{33}(?![A-Za-z0-9_-])/, keywords: [':AA'],
  },
  {
    id: 'stripe-secret-key', provider: 'Stripe', what: 'secret or restricted key', kind: 'token',
    pattern: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{20,247}\b/, keywords: ['sk_live_', 'sk_test_', 'rk_live_', 'rk_test_'],
  },
  {
    id: 'google-api-key', provider: 'Google', what: 'API key', kind: 'token',
    pattern: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/, keywords: ['AIza'],
  },
  {
    id: 'google-oauth-client-secret', provider: 'Google', what: 'OAuth client secret', kind: 'token',
    pattern: /\bGOCSPX-[A-Za-z0-9_-]{28}(?![A-Za-z0-9_-])/, keywords: ['GOCSPX-'],
  },
  {
    id: 'azure-ad-client-secret', provider: 'Microsoft Entra ID (Azure AD)', what: 'client secret', kind: 'token',
    pattern: /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/, keywords: ['Q~'],
  },
  {
    id: 'azure-storage-account-key', provider: 'Azure Storage', what: 'account key', kind: 'token',
    pattern: /AccountKey=(?<secret>[A-Za-z0-9+/]{86}==)/, keywords: ['AccountKey='],
  },
  {
    id: 'azure-shared-access-key', provider: 'Azure Service Bus / Event Hubs', what: 'shared access key', kind: 'token',
    // A connection string's key (Service Bus, Event Hubs, IoT Hub, Relay): 32 bytes in base64. `SharedAccessKeyName=` is its name.
    pattern: /SharedAccessKey=(?<secret>[A-Za-z0-9+/]{43}=)/, keywords: ['SharedAccessKey='],
    minEntropy: 3, // 32 random bytes; not a run of one letter written in its place (`AAAA…=`)
  },
  {
    id: 'connection-string-password', provider: 'Database', what: 'connection string password', kind: 'token',
    // An ADO.NET / ODBC connection string's `Password=` or `Pwd=` (any case), as the first member or after `;`. Not a
    // reference (`@parameters(…)`, `@{…}`, `$(VAR)`, `${VAR}`, `$Var`, `%VAR%`, `[parameters(…)]`), a release pipeline's
    // token to replace (`__SqlPassword__`, `#{SqlPassword}#`), nor a quoted or braced value: as a `password` field's value.
    pattern: /(?:^|;)[ \t]*(?:[Pp]assword|PASSWORD|[Pp]wd|PWD)[ \t]*=[ \t]*(?<secret>(?![@[$%]|__)[^;'"\s{}…]{3,200})(?=[;'"\s]|$)/,
    keywords: ['Password=', 'password=', 'PASSWORD=', 'Pwd=', 'pwd=', 'PWD=', 'Password =', 'password ='],
  },
  {
    id: 'azure-sas-signature', provider: 'Azure', what: 'shared access signature (sig=)', kind: 'webhook-url',
    // In a URL (a path before `?` or none: an account SAS URL), or a connection string's or Authorization header's
    // `SharedAccessSignature` (storage: `SharedAccessSignature=sv=…&sig=…`; Service Bus and Event Hubs: `SharedAccessSignature sr=…&sig=…`).
    // The path may hold a workflow expression (`/workflows/@{parameters('ChildFlowId')}/triggers/…`): the signature stays literal.
    pattern: /(?:https:\/\/[A-Za-z0-9.-]{1,200}(?::\d{1,5})?(?:\/(?:[^\s"'<>?@]|@\{[^{}\n]{0,200}\}|@(?!\{)){0,400})?\?|SharedAccessSignature[= ](?:SharedAccessSignature )?)(?:[^\s"'<>&#]{0,200}&){0,20}sig=(?<secret>[A-Za-z0-9%+/=_-]{20,200})/,
    keywords: ['sig='],
  },
  {
    id: 'anthropic-api-key', provider: 'Anthropic', what: 'API key', kind: 'token',
    pattern: /\bsk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{80,120}/, keywords: ['sk-ant-'],
  },
  {
    id: 'openai-api-key', provider: 'OpenAI', what: 'API key', kind: 'token',
    pattern: /\bsk-(?!ant-)(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,200}|[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}|[A-Za-z0-9]{48})(?![A-Za-z0-9_-])/,
    keywords: ['sk-'],
  },
  {
    id: 'sendgrid-api-key', provider: 'SendGrid', what: 'API key', kind: 'token',
    pattern: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/, keywords: ['SG.'],
  },
  {
    id: 'mailgun-api-key', provider: 'Mailgun', what: 'API key', kind: 'token',
    pattern: /\bkey-[0-9a-f]{32}\b/, keywords: ['key-'],
  },
  {
    id: 'twilio-api-key', provider: 'Twilio', what: 'API key', kind: 'token',
    pattern: /\bSK[0-9a-f]{32}\b/, keywords: ['SK'], minEntropy: 3,
  },
  {
    id: 'shopify-access-token', provider: 'Shopify', what: 'access token or shared secret', kind: 'token',
    pattern: /\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b/, keywords: ['shpat_', 'shpca_', 'shppa_', 'shpss_'],
  },
  {
    id: 'hubspot-private-app-token', provider: 'HubSpot', what: 'private app access token', kind: 'token',
    pattern: /\bpat-(?:na|eu|ap)\d-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/, keywords: ['pat-na', 'pat-eu', 'pat-ap'],
  },
  {
    id: 'airtable-token', provider: 'Airtable', what: 'personal access token', kind: 'token',
    pattern: /\bpat[A-Za-z0-9]{14}\.[a-f0-9]{64}\b/, keywords: ['pat'], minLength: 82,
  },
  {
    id: 'notion-token', provider: 'Notion', what: 'integration token', kind: 'token',
    pattern: /\b(?:secret_[A-Za-z0-9]{43}|ntn_[A-Za-z0-9]{46})\b/, keywords: ['secret_', 'ntn_'],
  },
  {
    id: 'npm-token', provider: 'npm', what: 'access token', kind: 'token',
    pattern: /\bnpm_[A-Za-z0-9]{36}\b/, keywords: ['npm_'],
  },
  {
    id: 'jwt', provider: 'JSON Web Token', what: 'signed token', kind: 'token',
    pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,2000}\.eyJ[A-Za-z0-9_-]{8,4000}\.[A-Za-z0-9_-]{16,1000}/, keywords: ['eyJ'],
  },
  {
    id: 'private-key', provider: 'PEM', what: 'private key', kind: 'token',
    pattern: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----/, keywords: ['PRIVATE KEY'],
  },
  {
    id: 'database-connection-string', provider: 'Database', what: 'connection string with a password', kind: 'token',
    pattern: /\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|redis|rediss|amqps?|mssql|sqlserver):\/\/[^:@/\s"'{}]{1,100}:(?<secret>[^@/\s"'{}]{3,200})@[A-Za-z0-9.-]/,
    keywords: ['postgres://', 'postgresql://', 'mysql://', 'mariadb://', 'mongodb://', 'mongodb+srv://', 'redis://', 'rediss://', 'amqp://', 'amqps://', 'mssql://', 'sqlserver://'],
  },
  {
    id: 'url-credentials', provider: 'URL', what: 'password (user:password@host)', kind: 'token',
    // Not a port then the query (`https://host:8443?email=a@b.com`): the `@` is in the query.
    pattern: /\b(?:https?|ftp|sftp|smtps?):\/\/[^:@/\s"'{}]{1,100}:(?!\d{1,5}[?#])(?<secret>[^@/\s"'{}]{3,200})@[A-Za-z0-9.-]/,
    keywords: ['http://', 'https://', 'ftp://', 'sftp://', 'smtp://', 'smtps://'],
  },
];
