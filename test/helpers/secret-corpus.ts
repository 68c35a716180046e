/**
 * Secret shapes as they reach an agent's tool calls: each TEXT embeds a SECRET (the part that
 * must never be recorded, exported or scraped), in the context it is usually found in. Values
 * are fakes with real formats (checksums valid where a format has one).
 */
export interface SecretSample {
  readonly kind: string;
  readonly text: string;
  readonly secret: string;
}

const sample = (kind: string, secret: string, text = `value: ${secret}`): SecretSample => ({
  kind,
  text: text.includes(secret) ? text : `${text} ${secret}`,
  secret,
});

/** At least 50 shapes, from provider keys to card numbers. */
export const SECRET_CORPUS: readonly SecretSample[] = [
  sample(
    'OpenAI project key',
    'sk-proj-Q2x9LmT4vB7nR1kZ8wYc3HdF6gJ0aSeU',
    'OpenAI said 401 for sk-proj-Q2x9LmT4vB7nR1kZ8wYc3HdF6gJ0aSeU',
  ),
  sample('OpenAI legacy key', 'sk-Zx81mQw2Er3Ty4Ui5Op6As7Df8Gh9Jk0Lq'),
  sample('Anthropic key', 'sk-ant-api03-Hq7WmZp3Lx9Rt5Vb2Nc8Kd4Fg6Js1Ay0Eu'),
  sample(
    'Bearer header',
    'Bearer 9f8e7d6c5b4a39281706fedcba',
    'Authorization: Bearer 9f8e7d6c5b4a39281706fedcba',
  ),
  sample(
    'Basic header',
    'Basic YWxhZGRpbjpvcGVuc2VzYW1l',
    'Authorization: Basic YWxhZGRpbjpvcGVuc2VzYW1l',
  ),
  sample(
    'JWT',
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTEyMyJ9.3q2-7wXbG9YxZk1pRrT8sVnL0cA4mE6uQyH5jD2fK7o',
  ),
  sample('AWS access key id', 'AKIAIOSFODNN7EXAMPLE', 'aws_access_key_id=AKIAIOSFODNN7EXAMPLE'),
  sample('AWS session key id', 'ASIAY34FZKBOKMUTVV7A'),
  sample(
    'AWS secret in pair',
    'wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY',
    'aws_secret_access_key: wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY',
  ),
  sample('GitHub classic token', 'ghp_R8mK2xW9qL4vT7nB3cZ6yH1dF5gJ0aSeUiOp'),
  sample('GitHub OAuth token', 'gho_16C7e42F292c6912E7710c838347Ae178B4a'),
  sample('GitHub app token', 'ghs_Kq3Lm8Np2Rt6Vw9Xy1Zb4Cd7Ef0Gh5Jk2Mn'),
  sample(
    'GitHub fine-grained token',
    'github_pat_11ABCDEFG0aBcDeFgHiJkL_MnOpQrStUvWxYz0123456789AbCdEfGhIjKlMnOpQrStUv',
  ),
  sample('GitLab token', 'glpat-Xy7Zq2Lm9Np4Rt6Vw1Bc'),
  sample('Slack bot token', 'xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx'),
  sample(
    'Slack user token',
    'xoxp-2234567890-1987654321-2234567890-abcdef0123456789abcdef0123456789',
  ),
  sample(
    'Slack webhook',
    'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX',
  ),
  sample('Google API key', 'AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY'),
  sample('Stripe live secret', 'sk_live_4eC39HqLyjWDarjtT1zdp7dc'),
  sample('Stripe test secret', 'sk_test_51HxYz2AbCdEfGhIjKlMnOpQr'),
  sample('Stripe restricted key', 'rk_live_51HxYzAbCdEfGhIjKlMnOpQrSt'),
  sample('Stripe webhook secret', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'),
  sample('Hugging Face token', 'hf_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789'),
  sample('npm token', 'npm_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789'),
  sample('SendGrid key', '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'),
  sample(
    'RSA private key',
    'MIIEowIBAAKCAQEA7bq98s',
    '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7bq98s\nq3Jd8=\n-----END RSA PRIVATE KEY-----',
  ),
  sample(
    'PKCS8 private key',
    'MIIEvQIBADANBgkqhkiG9w0B',
    '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0B\n-----END PRIVATE KEY-----',
  ),
  sample(
    'EC private key',
    'MHcCAQEEIBkg4LVWM9nuwNSk',
    '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg4LVWM9nuwNSk\n-----END EC PRIVATE KEY-----',
  ),
  sample(
    'OpenSSH private key',
    'b3BlbnNzaC1rZXktdjEAAAAA',
    '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----',
  ),
  sample(
    'PGP private key block',
    'lQOYBGN0aXUBCAC7mZ1',
    '-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOYBGN0aXUBCAC7mZ1\n=AbCd\n-----END PGP PRIVATE KEY BLOCK-----',
  ),
  sample(
    'Postgres URL',
    'pg-S3cret!pass',
    'connect to postgres://app:pg-S3cret!pass@db.internal:5432/orders failed',
  ),
  sample('Postgres URL, dotless host', 'hunter2pg', 'postgresql://admin:hunter2pg@db:5432/app'),
  sample(
    'MongoDB SRV URL',
    'M0ng0Pa55',
    'mongodb+srv://svc:M0ng0Pa55@cluster0/app?retryWrites=true',
  ),
  sample('Redis URL, password only', 'r3d1sPass', 'redis://:r3d1sPass@cache:6379/0'),
  sample('MySQL URL', 'my5qlPw', 'mysql://root:my5qlPw@localhost/shop'),
  sample('AMQP URL', 'rabb1tPw', 'amqp://guest:rabb1tPw@mq/vhost'),
  sample('HTTP URL credentials', 'webPa55word', 'GET http://deploy:webPa55word@jenkins/job/x'),
  sample('password pair', 'hunter2', 'login failed: password=hunter2'),
  sample('passwd pair', 'Tr0ub4dor', 'passwd: Tr0ub4dor'),
  sample('pwd pair', 'Pwd-777-x', 'pwd=Pwd-777-x&user=bob'),
  sample('secret pair', 'shh-its-a-secret', 'client_secret=shh-its-a-secret'),
  sample('token pair', 'tok_9a8b7c6d5e4f', 'refresh_token=tok_9a8b7c6d5e4f'),
  sample('api key pair', 'k-12345-abcde-67890', "api_key: 'k-12345-abcde-67890'"),
  sample('JSON-ish password', 'jsonPw!9', '{"user":"bob","password":"jsonPw!9"'),
  sample(
    'Azure account key',
    'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq==',
    'DefaultEndpointsProtocol=https;AccountName=x;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq==',
  ),
  sample('e-mail', 'jane.doe@example.com', 'mail jane.doe@example.com the report'),
  sample('e-mail, subdomain', 'ops+alerts@corp.example.co.uk'),
  sample('Visa card', '4111 1111 1111 1111', 'charge card 4111 1111 1111 1111 exp 12/29'),
  sample('Visa card, no spaces', '4012888888881881'),
  sample('Mastercard', '5555-5555-5555-4444'),
  sample('Mastercard 2-series', '2223003122003222'),
  sample('Amex', '378282246310005'),
  sample('Discover', '6011111111111117'),
  sample('US SSN', '078-05-1120', 'ssn on file: 078-05-1120'),
];
