// Examples for every secret format, run by a unit test: `truePositives` must be found, `falsePositives` must not.
// They are fake (format-valid, made up here); none is a real credential. Tests import this file; the product does not,
// so the shipped bundle carries no token-shaped strings.

export interface SecretFormatExamples {
  readonly truePositives: readonly string[];
  readonly falsePositives: readonly string[];
}

export const SECRET_FORMAT_EXAMPLES: Readonly<Record<string, SecretFormatExamples>> = {
  'aws-access-key-id': {
    truePositives: ['AKIAZ7VQ3MWRT5LXK2PB', 'key=ASIAQ4NR7TZBW3XJ5KDM;'],
    falsePositives: ['AKIA1234', 'AKIAZ7VQ3MWRT5LXK2PBQQ9', 'akiaz7vq3mwrt5lxk2pb', 'AKIAIOSFODNN7EXAMPLE'], // the last: AWS's documented example
  },
  'aws-secret-access-key': {
    // The second one as it reads inside JSON text held in a JSON string (a request body in an export): quotes escaped.
    truePositives: ['aws_secret_access_key = "q7Zk2Vx9Lm4Np8Rt1Wy6Bc3Df5Gh0Jk2Lm4Np8Rt"', '{\\"secretAccessKey\\": \\"Wy6Bc3Df5Gh0Jk2Lm4Np8Rtq7Zk2Vx9Lm4Np8Rt1\\"}'],
    falsePositives: ['aws_secret_access_key = "${AWS_SECRET_ACCESS_KEY}"'],
  },
  'github-classic-token': {
    truePositives: ['ghp_4gaSMyqces2QkkwcsCK4S8SEIAmmGQiwcS8k'],
    falsePositives: ['ghp_short', 'ghp_YOUR_TOKEN'],
  },
  'github-oauth-token': {
    truePositives: ['gho_Z9yX8wV7uT6sR5qP4oN3mL2kJ1iH0gF9eD8c', 'ghs_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8'],
    falsePositives: ['ghs_', 'gho_abc'],
  },
  'github-fine-grained-token': {
    truePositives: ['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'],
    falsePositives: ['github_pat_example'],
  },
  'gitlab-token': {
    truePositives: ['glpat-Xy7Vb3Nq9Lk2Mp5Rt8Wz'],
    falsePositives: ['glpat-xxxx'],
  },
  'slack-token': {
    truePositives: ['xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx', 'xapp-1-A0123BCDE45-1234567890123-0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071'],
    falsePositives: ['xoxb-your-token', 'xoxb-'],
  },
  'slack-webhook-url': {
    truePositives: ['https://hooks.slack.com/services/T01ABCDEF/B02GHIJKL/AbCdEfGhIjKlMnOpQrStUvWx'],
    falsePositives: ['https://hooks.slack.com/services/XXX/YYY/ZZZ', 'https://api.slack.com/messaging/webhooks'],
  },
  'teams-webhook-url': {
    truePositives: ['https://contoso.webhook.office.com/webhookb2/0a1b2c3d-4e5f-4071-8293-a4b5c6d7e8f9@1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d/IncomingWebhook/0a1b2c3d4e5f60718293a4b5c6d7e8f9/2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d'],
    falsePositives: ['https://contoso.webhook.office.com/webhookb2/'],
  },
  'discord-webhook-url': {
    truePositives: ['https://discord.com/api/webhooks/123456789012345678/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIjKlMnOpQrStUvWxYz01'],
    falsePositives: ['https://discord.com/api/webhooks/{id}/{token}'],
  },
  'discord-bot-token': {
    truePositives: ['MTA5ODc2NTQzMjEwOTg3NjU0Mw.GaBcDe.fGhIjKlMnOpQrStUvWxYz0123456789ab'],
    falsePositives: ['Mozilla.Firefox.somethingsomethingsomethingsomething'],
  },
  'telegram-bot-token': {
    truePositives: ['1234567890:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw4', 'https://api.telegram.org/bot7305918264:AAq3Vb8Lm2Xn7Rt5Wy1Zc9Dk4Hp6Jf0Gs2E/sendMessage'],
    falsePositives: ['12:AAshort', 'v27305918264:AAq3Vb8Lm2Xn7Rt5Wy1Zc9Dk4Hp6Jf0Gs2E'],
  },
  'stripe-secret-key': {
    truePositives: ['sk_live_51HxYzAbCdEfGhIjKlMnOpQrStUv', 'rk_test_51HxYzAbCdEfGhIjKlMnOpQrStUv'],
    falsePositives: ['pk_live_51HxYzAbCdEfGhIjKlMnOpQrStUv', 'sk_live_YOUR_KEY'],
  },
  'google-api-key': {
    truePositives: ['AIzaSyA1bC2dE3fG4hI5jK6lM7nO8pQ9rS0tU1v'],
    falsePositives: ['AIzaShort'],
  },
  'google-oauth-client-secret': {
    truePositives: ['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'],
    falsePositives: ['GOCSPX-short'],
  },
  'azure-ad-client-secret': {
    truePositives: ['Ewk8Q~g2KWowao8Go846i2aQuSoammUk2iwOQU'],
    falsePositives: ['Q~short'],
  },
  'azure-storage-account-key': {
    truePositives: ['DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=KmYwsiUiauKg0E0SSog6ei26YaOYuusiw8GugI0co0gw0Eoeuq6wISqQio56uSeU2Iu2QuUeEOwSSA6MGKO62c==;EndpointSuffix=core.windows.net'],
    falsePositives: ['AccountKey=<key>', 'UseDevelopmentStorage=true'],
  },
  'azure-shared-access-key': {
    truePositives: [
      'Endpoint=sb://orders.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=Qz7vKp2XwL9mRt4YbN8cFj3Hd6Sa1Ue5Go0Ti7Wr2Mk=',
      'HostName=plant.azure-devices.net;DeviceId=press-4;SharedAccessKey=Lk3Jh5Gf7Ds9Ap1Oi3Uy5Tr7Ew9Qz2Xc4Vb6Nm8Mn0P=',
    ],
    falsePositives: ['Endpoint=sb://orders.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=<your-key>', 'SharedAccessKeyName=listen', `Endpoint=sb://orders.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${'A'.repeat(43)}=`],
  },
  'connection-string-password': {
    truePositives: [
      'Server=tcp:orders.database.windows.net,1433;Initial Catalog=orders;User ID=svc;Password=Vx8#kQ2m!Lp9Zr;Encrypt=True;',
      'Driver={ODBC Driver 18 for SQL Server};Server=db01;Uid=etl;PWD=Tq4-Wz7pLm2',
      'Data Source=erp;Initial Catalog=ledger;user id=etl;password=Hn5Rb8Xc2Kv',
    ],
    falsePositives: [
      "Server=db01;User ID=svc;Password=@{parameters('sqlPassword')}",
      "Server=db01;User ID=svc;Password=@parameters('sqlPassword');",
      'Server=db01;Password=${SQL_PASSWORD};',
      'Server=db01;Password=$(SqlPassword);',
      'Server=db01;Password=$SQL_PASSWORD;',
      'Server=db01;Password=$SqlPassword;', // PowerShell
      'Server=db01;Password=%SQL_PASSWORD%;', // Windows environment
      'Server=db01;Password=__SqlPassword__;', // a release pipeline's token to replace
      'Server=db01;Password=#{SqlPassword}#;',
      'Server=db01;Password=<password>;',
      'Server=db01;Password=********;',
      'Server=db01;Password=;Trusted_Connection=yes',
      'https://api.example.com/login?user=svc&password=Hn5Rb8Xc2Kv', // a query parameter: read as one, by its name
      'Server=db01;Password=a,…?x=1', // masked already
    ],
  },
  'azure-sas-signature': {
    truePositives: [
      'https://prod-12.westus.logic.azure.com:443/workflows/0a1b2c3d/triggers/manual/paths/invoke?api-version=2016-10-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv1Wx2Yz3Ab4',
      // A child flow's trigger URL whose workflow id is a workflow expression: the signature is still literal.
      "https://prod-12.westus.logic.azure.com:443/workflows/@{parameters('ChildFlowId')}/triggers/manual/paths/invoke?api-version=2016-10-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv1Wx2Yz3Ab4",
      // An account SAS URL: no path before the query.
      'https://contosoexports.blob.core.windows.net?sv=2022-11-02&ss=b&srt=sco&sp=rl&se=2030-01-01T00:00:00Z&sig=Qw7Er5Ty3Ui1Op9As7Df5Gh3Jk1Lz9Xc7Vb5Nm3Qw1%3D',
      // A storage connection string holding a SAS, and a Service Bus SAS token.
      'BlobEndpoint=https://contosoexports.blob.core.windows.net/;SharedAccessSignature=sv=2022-11-02&ss=b&srt=o&sp=r&se=2030-01-01&sig=Zx8Cv6Bn4Mq2We0Rt8Yu6Io4Pa2Sd0Fg8Hj6Kl4Zx2%3D',
      'SharedAccessSignature sr=https%3A%2F%2Fcontoso.servicebus.windows.net%2Forders&sig=Mn3Bv5Cx7Za9Qs1Wd3Ef5Rg7Th9Yj1Uk3Il5Om7Pn9%3D&se=1893456000&skn=send',
    ],
    falsePositives: ['https://example.com/page?signature=none', 'https://prod-12.westus.logic.azure.com/workflows/x/triggers/manual/paths/invoke?sig={sig}', 'SharedAccessSignature=sv=2022-11-02&sig=<signature>'],
  },
  'anthropic-api-key': {
    truePositives: ['sk-ant-api03-' + 'aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1eF3hJ5kM7nP9rS1tU3wX5zA7cD9fG1iK3lM5oQ7qR9uS1vT3xV5-AbCd'],
    falsePositives: ['sk-ant-api03-xxxx'],
  },
  'openai-api-key': {
    truePositives: ['sk-proj-ey4aey0OU4gI4uce6OKOMaskqwiUqAewoCGaqc0ogq8a6oQAeemG0eKuGgKk', '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'],
    falsePositives: ['sk-your-openai-key', 'task-manager'],
  },
  'sendgrid-api-key': {
    truePositives: ['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'],
    falsePositives: ['SG.short.key'],
  },
  'mailgun-api-key': {
    truePositives: ['key-0a1b2c3d4e5f60718293a4b5c6d7e8f9'],
    falsePositives: ['key-value'],
  },
  'twilio-api-key': {
    truePositives: ['SK3f9a1c7e5b2d84f6a0c9e1b7d3f5a28c'],
    falsePositives: ['SK00000000000000000000000000000000', 'TASK3f9a1c7e5b2d84f6a0c9e1b7d3f5a28c', 'SKU-3f9a1c7e'],
  },
  'shopify-access-token': {
    truePositives: ['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'],
    falsePositives: ['shpat_xxx'],
  },
  'hubspot-private-app-token': {
    truePositives: ['pat-na1-0a1b2c3d-4e5f-4071-8293-a4b5c6d7e8f9'],
    falsePositives: ['pat-na1-xxxx'],
  },
  'airtable-token': {
    truePositives: ['patAbCdEfGhIjKlMn.0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9'],
    falsePositives: ['pattern.matching'],
  },
  'notion-token': {
    truePositives: ['secret_I0KmQyUeEQcCkYu6COWG4kOE64eQICwiyCsK4Ei6Io4', 'ntn_SwcaOEqyScsOSk0Q40QMkiuIe0asQ0ksy2DGUUmoMUiWG0'],
    falsePositives: ['secret_key', 'ntn_short'],
  },
  'npm-token': {
    truePositives: ['npm_aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1eF3hJ5'],
    falsePositives: ['npm_config_cache'],
  },
  'jwt': {
    truePositives: ['eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwicm9sZSI6InNlcnZpY2UifQ.c2lnbmF0dXJlc2lnbmF0dXJlc2ln'],
    falsePositives: ['eyJhbGciOiJIUzI1NiJ9'],
  },
  'private-key': {
    truePositives: ['-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA'],
    falsePositives: ['-----BEGIN PUBLIC KEY-----'],
  },
  'database-connection-string': {
    truePositives: ['postgres://app:Sup3r-S3cret!@db.internal:5432/app', 'mongodb+srv://svc:p4ssW0rd@cluster0.mongodb.net/'],
    falsePositives: ['postgres://localhost/app', 'postgres://user:${DB_PASSWORD}@db/app'],
  },
  'url-credentials': {
    truePositives: ['https://admin:hunter2-Pa55@intranet.example.org/api'],
    // The third: a port, then a query holding an e-mail address.
    falsePositives: ['https://example.org/a:b@c', 'https://user:{{ $env.PASS }}@host', 'https://api.example.com:8443?notify=ops@example.com'],
  },
};
