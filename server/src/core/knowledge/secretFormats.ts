// Secret formats as data, written from the providers' documented token formats. Each entry carries the
// examples a unit test runs: `truePositives` must match, `falsePositives` must not. The examples are fake
// (format-valid, made up here); none is a real credential.

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
  readonly truePositives: readonly string[];
  readonly falsePositives: readonly string[];
}

export const SECRET_FORMATS: readonly SecretFormat[] = [
  {
    id: 'aws-access-key-id', provider: 'AWS', what: 'access key id', kind: 'token',
    pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}\b/,
    keywords: ['AKIA', 'ASIA', 'ABIA', 'ACCA'],
    truePositives: ['AKIAZ7VQ3MWRT5LXK2PB', 'key=ASIAQ4NR7TZBW3XJ5KDM;'],
    falsePositives: ['AKIA1234', 'AKIAZ7VQ3MWRT5LXK2PBQQ9', 'akiaz7vq3mwrt5lxk2pb'],
  },
  {
    id: 'aws-secret-access-key', provider: 'AWS', what: 'secret access key', kind: 'token',
    pattern: /(?:aws_?secret_?access_?key|SecretAccessKey|secretAccessKey)["']?\s*[:=]\s*["']?(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/,
    keywords: ['ecret_access_key', 'ecretAccessKey', 'ECRET_ACCESS_KEY', 'ecretaccesskey'],
    minEntropy: 3.5,
    truePositives: ['aws_secret_access_key = "q7Zk2Vx9Lm4Np8Rt1Wy6Bc3Df5Gh0Jk2Lm4Np8Rt"'],
    falsePositives: ['aws_secret_access_key = "${AWS_SECRET_ACCESS_KEY}"'],
  },
  {
    id: 'github-classic-token', provider: 'GitHub', what: 'classic personal access token', kind: 'token',
    pattern: /\bghp_[A-Za-z0-9]{36}\b/, keywords: ['ghp_'],
    truePositives: ['ghp_4gaSMyqces2QkkwcsCK4S8SEIAmmGQiwcS8k'],
    falsePositives: ['ghp_short', 'ghp_YOUR_TOKEN'],
  },
  {
    id: 'github-oauth-token', provider: 'GitHub', what: 'OAuth or app token', kind: 'token',
    pattern: /\bgh[ousr]_[A-Za-z0-9]{36,251}\b/, keywords: ['gho_', 'ghu_', 'ghs_', 'ghr_'],
    truePositives: ['gho_Z9yX8wV7uT6sR5qP4oN3mL2kJ1iH0gF9eD8c', 'ghs_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8'],
    falsePositives: ['ghs_', 'gho_abc'],
  },
  {
    id: 'github-fine-grained-token', provider: 'GitHub', what: 'fine-grained personal access token', kind: 'token',
    pattern: /\bgithub_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}\b/, keywords: ['github_pat_'],
    truePositives: ['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'],
    falsePositives: ['github_pat_example'],
  },
  {
    id: 'gitlab-token', provider: 'GitLab', what: 'personal or project access token', kind: 'token',
    pattern: /\bgl(?:pat|dt|ptt|rt|oas)-[A-Za-z0-9_-]{20,64}\b/, keywords: ['glpat-', 'gldt-', 'glptt-', 'glrt-', 'gloas-'],
    truePositives: ['glpat-Xy7Vb3Nq9Lk2Mp5Rt8Wz'],
    falsePositives: ['glpat-xxxx'],
  },
  {
    id: 'slack-token', provider: 'Slack', what: 'bot, user or app token', kind: 'token',
    pattern: /\bxox[abposr]-(?:\d{6,15}-){1,3}[A-Za-z0-9-]{10,200}|\bxapp-\d-[A-Z0-9]{9,12}-\d{9,15}-[a-f0-9]{32,80}\b/,
    keywords: ['xoxb-', 'xoxp-', 'xoxa-', 'xoxo-', 'xoxs-', 'xoxr-', 'xapp-'],
    truePositives: ['xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx', 'xapp-1-A0123BCDE45-1234567890123-0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071'],
    falsePositives: ['xoxb-your-token', 'xoxb-'],
  },
  {
    id: 'slack-webhook-url', provider: 'Slack', what: 'incoming webhook URL', kind: 'webhook-url',
    pattern: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_]{8,12}\/[A-Za-z0-9_]{8,14}\/[A-Za-z0-9_]{16,48}/,
    keywords: ['hooks.slack.com'],
    truePositives: ['https://hooks.slack.com/services/T01ABCDEF/B02GHIJKL/AbCdEfGhIjKlMnOpQrStUvWx'],
    falsePositives: ['https://hooks.slack.com/services/XXX/YYY/ZZZ', 'https://api.slack.com/messaging/webhooks'],
  },
  {
    id: 'teams-webhook-url', provider: 'Microsoft Teams', what: 'incoming webhook URL', kind: 'webhook-url',
    pattern: /https:\/\/[a-z0-9-]{1,60}\.webhook\.office\.com\/webhookb2\/[0-9a-f-]{36}@[0-9a-f-]{36}\/IncomingWebhook\/[0-9a-f]{32}\/[0-9a-f-]{36}(?:\/[A-Za-z0-9_-]{10,80})?/,
    keywords: ['webhook.office.com'],
    truePositives: ['https://contoso.webhook.office.com/webhookb2/0a1b2c3d-4e5f-4071-8293-a4b5c6d7e8f9@1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d/IncomingWebhook/0a1b2c3d4e5f60718293a4b5c6d7e8f9/2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d'],
    falsePositives: ['https://contoso.webhook.office.com/webhookb2/'],
  },
  {
    id: 'discord-webhook-url', provider: 'Discord', what: 'webhook URL', kind: 'webhook-url',
    pattern: /https:\/\/(?:canary\.|ptb\.)?discord(?:app)?\.com\/api\/webhooks\/\d{17,20}\/[A-Za-z0-9_-]{60,80}/,
    keywords: ['discord.com/api/webhooks', 'discordapp.com/api/webhooks'],
    truePositives: ['https://discord.com/api/webhooks/123456789012345678/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIjKlMnOpQrStUvWxYz01'],
    falsePositives: ['https://discord.com/api/webhooks/{id}/{token}'],
  },
  {
    id: 'discord-bot-token', provider: 'Discord', what: 'bot token', kind: 'token',
    pattern: /\b[MNO][A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38}\b/,
    keywords: ['.'],
    minEntropy: 4,
    truePositives: ['MTA5ODc2NTQzMjEwOTg3NjU0Mw.GaBcDe.fGhIjKlMnOpQrStUvWxYz0123456789ab'],
    falsePositives: ['Mozilla.Firefox.somethingsomethingsomethingsomething'],
  },
  {
    id: 'telegram-bot-token', provider: 'Telegram', what: 'bot token', kind: 'token',
    pattern: /\b\d{8,10}:AA[A-Za-z0-9_-]{33}\b/, keywords: [':AA'],
    truePositives: ['1234567890:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw4'],
    falsePositives: ['12:AAshort'],
  },
  {
    id: 'stripe-secret-key', provider: 'Stripe', what: 'secret or restricted key', kind: 'token',
    pattern: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{20,247}\b/, keywords: ['sk_live_', 'sk_test_', 'rk_live_', 'rk_test_'],
    truePositives: ['sk_live_51HxYzAbCdEfGhIjKlMnOpQrStUv', 'rk_test_51HxYzAbCdEfGhIjKlMnOpQrStUv'],
    falsePositives: ['pk_live_51HxYzAbCdEfGhIjKlMnOpQrStUv', 'sk_live_YOUR_KEY'],
  },
  {
    id: 'google-api-key', provider: 'Google', what: 'API key', kind: 'token',
    pattern: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/, keywords: ['AIza'],
    truePositives: ['AIzaSyA1bC2dE3fG4hI5jK6lM7nO8pQ9rS0tU1v'],
    falsePositives: ['AIzaShort'],
  },
  {
    id: 'google-oauth-client-secret', provider: 'Google', what: 'OAuth client secret', kind: 'token',
    pattern: /\bGOCSPX-[A-Za-z0-9_-]{28}(?![A-Za-z0-9_-])/, keywords: ['GOCSPX-'],
    truePositives: ['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'],
    falsePositives: ['GOCSPX-short'],
  },
  {
    id: 'azure-ad-client-secret', provider: 'Microsoft Entra ID (Azure AD)', what: 'client secret', kind: 'token',
    pattern: /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/, keywords: ['Q~'],
    truePositives: ['Ewk8Q~g2KWowao8Go846i2aQuSoammUk2iwOQU'],
    falsePositives: ['Q~short'],
  },
  {
    id: 'azure-storage-account-key', provider: 'Azure Storage', what: 'account key', kind: 'token',
    pattern: /AccountKey=(?<secret>[A-Za-z0-9+/]{86}==)/, keywords: ['AccountKey='],
    truePositives: ['DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=KmYwsiUiauKg0E0SSog6ei26YaOYuusiw8GugI0co0gw0Eoeuq6wISqQio56uSeU2Iu2QuUeEOwSSA6MGKO62c==;EndpointSuffix=core.windows.net'],
    falsePositives: ['AccountKey=<key>', 'UseDevelopmentStorage=true'],
  },
  {
    id: 'azure-sas-signature', provider: 'Azure', what: 'shared access signature (sig=) in a URL', kind: 'webhook-url',
    pattern: /https:\/\/[A-Za-z0-9.-]{1,200}(?::\d{1,5})?\/[^\s"'<>?]{0,400}\?(?:[^\s"'<>&#]{0,200}&){0,20}sig=(?<secret>[A-Za-z0-9%+/=_-]{20,200})/,
    keywords: ['sig='],
    truePositives: ['https://prod-12.westus.logic.azure.com:443/workflows/0a1b2c3d/triggers/manual/paths/invoke?api-version=2016-10-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv1Wx2Yz3Ab4'],
    falsePositives: ['https://example.com/page?signature=none', 'https://prod-12.westus.logic.azure.com/workflows/x/triggers/manual/paths/invoke?sig={sig}'],
  },
  {
    id: 'anthropic-api-key', provider: 'Anthropic', what: 'API key', kind: 'token',
    pattern: /\bsk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{80,120}/, keywords: ['sk-ant-'],
    truePositives: ['sk-ant-api03-' + 'aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1eF3hJ5kM7nP9rS1tU3wX5zA7cD9fG1iK3lM5oQ7qR9uS1vT3xV5-AbCd'],
    falsePositives: ['sk-ant-api03-xxxx'],
  },
  {
    id: 'openai-api-key', provider: 'OpenAI', what: 'API key', kind: 'token',
    pattern: /\bsk-(?!ant-)(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,200}|[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}|[A-Za-z0-9]{48})(?![A-Za-z0-9_-])/,
    keywords: ['sk-'],
    truePositives: ['sk-proj-ey4aey0OU4gI4uce6OKOMaskqwiUqAewoCGaqc0ogq8a6oQAeemG0eKuGgKk', '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'],
    falsePositives: ['sk-your-openai-key', 'task-manager'],
  },
  {
    id: 'sendgrid-api-key', provider: 'SendGrid', what: 'API key', kind: 'token',
    pattern: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/, keywords: ['SG.'],
    truePositives: ['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'],
    falsePositives: ['SG.short.key'],
  },
  {
    id: 'mailgun-api-key', provider: 'Mailgun', what: 'API key', kind: 'token',
    pattern: /\bkey-[0-9a-f]{32}\b/, keywords: ['key-'],
    truePositives: ['key-0a1b2c3d4e5f60718293a4b5c6d7e8f9'],
    falsePositives: ['key-value'],
  },
  {
    id: 'shopify-access-token', provider: 'Shopify', what: 'access token or shared secret', kind: 'token',
    pattern: /\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b/, keywords: ['shpat_', 'shpca_', 'shppa_', 'shpss_'],
    truePositives: ['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'],
    falsePositives: ['shpat_xxx'],
  },
  {
    id: 'hubspot-private-app-token', provider: 'HubSpot', what: 'private app access token', kind: 'token',
    pattern: /\bpat-(?:na|eu|ap)\d-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/, keywords: ['pat-na', 'pat-eu', 'pat-ap'],
    truePositives: ['pat-na1-0a1b2c3d-4e5f-4071-8293-a4b5c6d7e8f9'],
    falsePositives: ['pat-na1-xxxx'],
  },
  {
    id: 'airtable-token', provider: 'Airtable', what: 'personal access token', kind: 'token',
    pattern: /\bpat[A-Za-z0-9]{14}\.[a-f0-9]{64}\b/, keywords: ['pat'],
    truePositives: ['patAbCdEfGhIjKlMn.0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9'],
    falsePositives: ['pattern.matching'],
  },
  {
    id: 'notion-token', provider: 'Notion', what: 'integration token', kind: 'token',
    pattern: /\b(?:secret_[A-Za-z0-9]{43}|ntn_[A-Za-z0-9]{46})\b/, keywords: ['secret_', 'ntn_'],
    truePositives: ['secret_I0KmQyUeEQcCkYu6COWG4kOE64eQICwiyCsK4Ei6Io4', 'ntn_SwcaOEqyScsOSk0Q40QMkiuIe0asQ0ksy2DGUUmoMUiWG0'],
    falsePositives: ['secret_key', 'ntn_short'],
  },
  {
    id: 'npm-token', provider: 'npm', what: 'access token', kind: 'token',
    pattern: /\bnpm_[A-Za-z0-9]{36}\b/, keywords: ['npm_'],
    truePositives: ['npm_aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1eF3hJ5'],
    falsePositives: ['npm_config_cache'],
  },
  {
    id: 'jwt', provider: 'JSON Web Token', what: 'signed token', kind: 'token',
    pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,2000}\.eyJ[A-Za-z0-9_-]{8,4000}\.[A-Za-z0-9_-]{16,1000}/, keywords: ['eyJ'],
    truePositives: ['eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwicm9sZSI6InNlcnZpY2UifQ.c2lnbmF0dXJlc2lnbmF0dXJlc2ln'],
    falsePositives: ['eyJhbGciOiJIUzI1NiJ9'],
  },
  {
    id: 'private-key', provider: 'PEM', what: 'private key', kind: 'token',
    pattern: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----/, keywords: ['PRIVATE KEY'],
    truePositives: ['-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA'],
    falsePositives: ['-----BEGIN PUBLIC KEY-----'],
  },
  {
    id: 'database-connection-string', provider: 'Database', what: 'connection string with a password', kind: 'token',
    pattern: /\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|redis|rediss|amqps?|mssql|sqlserver):\/\/[^:@/\s"'{}]{1,100}:(?<secret>[^@/\s"'{}]{3,200})@[A-Za-z0-9.-]/,
    keywords: ['://'],
    truePositives: ['postgres://app:Sup3r-S3cret!@db.internal:5432/app', 'mongodb+srv://svc:p4ssW0rd@cluster0.mongodb.net/'],
    falsePositives: ['postgres://localhost/app', 'postgres://user:${DB_PASSWORD}@db/app'],
  },
  {
    id: 'url-credentials', provider: 'URL', what: 'password in a URL', kind: 'token',
    pattern: /\b(?:https?|ftp|sftp|smtps?):\/\/[^:@/\s"'{}]{1,100}:(?<secret>[^@/\s"'{}]{3,200})@[A-Za-z0-9.-]/,
    keywords: ['://'],
    truePositives: ['https://admin:hunter2-Pa55@intranet.example.org/api'],
    falsePositives: ['https://example.org/a:b@c', 'https://user:{{ $env.PASS }}@host'],
  },
];
