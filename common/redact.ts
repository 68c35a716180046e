/** Replacement for redacted content. */
export const REDACTED = '[REDACTED]';

const SECRET_KEY =
  /pass(word|wd|phrase)?|secret|token|api[-_]?key|apikey|auth(orization)?|credential|private[-_]?key|cookie|session[-_]?id|signature|client[-_]?secret/i;

// Token usage (`input_tokens`, `tokenUsage`, `input_token_details`) is counts, not a secret: under
// such a name a value holding no string at all is kept (a model response's usage survives),
// unless the name also says what kind of secret token it is (`auth_tokens`, `sessionTokens`).
const TOKEN_USAGE_KEY = /tokens|token_?(usage|count|details)/i;
const SECRET_TOKEN_KIND =
  /auth|session|refresh|access|bearer|api|secret|pass|credential|cookie|id_?token/i;

// Short field names of secrets, matched as whole words of the key (`pwd`, `user_pin`,
// `cardPin`, `ssn`) so that words merely containing them (`spinner`, `shipping`) are kept.
const SECRET_WORDS = new Set(['pwd', 'pin', 'ssn', 'cvv', 'cvc', 'passcode', 'otp', 'iban']);

/**
 * A shape of secret inside free text, what replaces it (`$1` keeps a captured prefix), and a
 * marker the text must contain for the shape to be tried at all: most strings hold none, and a
 * substring test costs a fraction of a regular-expression scan.
 */
type SecretShape = readonly [RegExp, string, string | RegExp];

// Shapes of secrets that appear inside free text (error messages, prompts, URLs, tool output).
const SECRET_SHAPES: readonly SecretShape[] = [
  // PEM and PGP private keys (`-----BEGIN RSA PRIVATE KEY-----`, `... PGP PRIVATE KEY BLOCK-----`).
  [/-----BEGIN ([A-Z ]*PRIVATE KEY[A-Z ]*)-----[\s\S]*?-----END \1-----/g, REDACTED, 'PRIVATE KEY'],
  [/\b[Bb]earer\s+[A-Za-z0-9._~+/=-]{8,}/g, REDACTED, /[Bb]earer/],
  [/\bBasic\s+[A-Za-z0-9+/]{8,}={0,2}/g, REDACTED, 'Basic'], // HTTP Basic credentials
  // Credentials in URLs (postgres://u:p@db, mongodb+srv://…, redis://:p@cache, http://u:p@svc):
  // the user-info part goes, scheme and host stay, whatever the host looks like.
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]*:[^\s/@]+@/gi, `$1${REDACTED}@`, '://'],
  // key=value / key: value in free text (`password=hunter2`, `api_key: abc`, `"token":"…"`).
  [
    /\b((?:[A-Za-z0-9]+[_.-])*(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[_-]?key|access[_-]?key|account[_-]?key|private[_-]?key|auth)(?:[_.-][A-Za-z0-9]+)*["']?\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s&,;"']+)/gi,
    `$1${REDACTED}`,
    /pass|pwd|secret|token|key|auth/i,
  ],
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g, REDACTED, 'eyJ'], // JWT
  [/\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{16,}/g, REDACTED, 'sk-'], // OpenAI / Anthropic style keys
  [/\b[rsp]k_(?:live|test)_[A-Za-z0-9]{10,}/g, REDACTED, 'k_'], // Stripe keys
  [/\bwhsec_[A-Za-z0-9]{16,}/g, REDACTED, 'whsec_'], // Stripe webhook secrets
  [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, REDACTED, /A[KS]IA/], // AWS access key ids
  [/\bgh[pousr]_[A-Za-z0-9]{30,}/g, REDACTED, 'gh'], // GitHub tokens
  [/\bgithub_pat_[A-Za-z0-9_]{22,}/g, REDACTED, 'github_pat_'], // GitHub fine-grained tokens
  [/\bglpat-[A-Za-z0-9_-]{20,}/g, REDACTED, 'glpat-'], // GitLab tokens
  [/\bxox[abprse]-[A-Za-z0-9-]{10,}/g, REDACTED, 'xox'], // Slack tokens
  [/\bhttps:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/]+/g, REDACTED, 'hooks.slack.com'], // Slack webhooks
  [/\bAIza[0-9A-Za-z_-]{35}\b/g, REDACTED, 'AIza'], // Google API keys
  [/\bhf_[A-Za-z0-9]{30,}/g, REDACTED, 'hf_'], // Hugging Face tokens
  [/\bnpm_[A-Za-z0-9]{36}\b/g, REDACTED, 'npm_'], // npm tokens
  [/\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/g, REDACTED, 'SG.'], // SendGrid keys
  [/\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/g, REDACTED, '@'], // e-mail addresses
  [/\b\d{3}-\d{2}-\d{4}\b/g, REDACTED, /\d-\d\d-\d/], // US social security numbers
];

// Payment card numbers: 13–19 digits (spaces or dashes between groups) that pass the Luhn check
// and start like a card (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay).
const CARD_CANDIDATE = /\b(?:\d[ -]?){12,18}\d\b/g;
const CARD_MARKER = /\d[\d -]{11}/;
const CARD_PREFIX = /^(?:4|5[1-5]|2[2-7]|3[47]|3[0689]|6(?:011|5|4[4-9]|2)|35)/;

/**
 * Redacts secrets in a value about to be recorded: fields whose names look like secrets are
 * replaced whole, and secret shapes inside strings are replaced (bearer and Basic credentials,
 * API keys and tokens of the common providers, PEM/PGP private keys, JWTs, credentials in URLs,
 * `password=…` pairs, e-mail addresses, card and social security numbers). Returns a new value; the input is not modified.
 */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 20) return REDACTED;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of readableEntries(value)) {
    out[key] = isSecretField(key, v) ? REDACTED : redact(v, depth + 1);
  }
  return out;
}

/**
 * Like {@link redact}, and strings holding JSON are redacted field by field and re-serialised
 * ({@link redactJsonText}), as the recorder treats a recorded string: applying it to a value and
 * to that value's recorded form gives the same result.
 */
export function redactDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactJsonText(value, depth);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 20) return REDACTED;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of readableEntries(value)) {
    out[key] = isSecretField(key, v) ? REDACTED : redactDeep(v, depth + 1);
  }
  return out;
}

/**
 * The entries of an object as redaction reads them; an object whose properties throw when read
 * (a getter of the caller's) counts as one redacted value, so redaction never throws.
 */
function readableEntries(value: object): [string, unknown][] {
  try {
    return Object.entries(value as Record<string, unknown>);
  } catch {
    return [['unreadable', REDACTED]];
  }
}

/** Redacts secret shapes inside one string. */
export function redactText(text: string): string {
  if (text.length > MEMO_MAX_CHARS) return redactShapes(text);
  let out = textMemo.get(text);
  if (out === undefined) {
    out = redactShapes(text);
    if (textMemo.size >= MEMO_ENTRIES) textMemo.clear();
    textMemo.set(text, out);
  }
  return out;
}

// Most strings on spans repeat from span to span (tool names, agent ids, rule ids, reasons,
// model names): short ones are redacted once and remembered. Bounded: cleared when full.
const MEMO_MAX_CHARS = 256;
const MEMO_ENTRIES = 4096;
const textMemo = new Map<string, string>();

/** What a field name says about its value: `secret` (always replaced), `usage` or `plain`. */
type KeyKind = 'secret' | 'usage' | 'plain';
const keyMemo = new Map<string, KeyKind>();

function keyKind(key: string): KeyKind {
  let kind = keyMemo.get(key);
  if (kind === undefined) {
    if (!SECRET_KEY.test(key)) {
      kind = keyWords(key).some((word) => SECRET_WORDS.has(word)) ? 'secret' : 'plain';
    } else {
      kind = TOKEN_USAGE_KEY.test(key) && !SECRET_TOKEN_KIND.test(key) ? 'usage' : 'secret';
    }
    if (keyMemo.size >= MEMO_ENTRIES) keyMemo.clear();
    keyMemo.set(key, kind);
  }
  return kind;
}

function redactShapes(text: string): string {
  let out = text;
  for (const [shape, replacement, marker] of SECRET_SHAPES) {
    if (typeof marker === 'string' ? out.includes(marker) : marker.test(out)) {
      out = out.replace(shape, replacement);
    }
  }
  return CARD_MARKER.test(out) ? out.replace(CARD_CANDIDATE, redactCard) : out;
}

function redactCard(candidate: string): string {
  const digits = candidate.replace(/[ -]/g, '');
  return CARD_PREFIX.test(digits) && luhn(digits) ? REDACTED : candidate;
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * Serialises VALUE for a span attribute: redacted JSON, cut to MAXLENGTH characters. The JSON
 * keeps the value's type (a string stays a JSON string), so replay can serve it back; a string
 * that holds a JSON object or array, at any depth (a model's tool-call arguments are JSON text),
 * has its fields redacted by name too ({@link redactDeep}).
 */
export function redactedJson(value: unknown, maxLength = 8192): string {
  let text: string;
  try {
    if (typeof value === 'string') {
      text = JSON.stringify(redactJsonText(value));
    } else {
      text = JSON.stringify(redactDeep(value)) ?? 'null';
    }
  } catch {
    text = JSON.stringify(redactText(String(value)));
  }
  return truncate(text, maxLength);
}

/**
 * Redacts a string as the recorder does: a string holding a JSON object or array has its fields
 * redacted by name and is re-serialised compactly; any other string has secret shapes replaced.
 */
export function redactJsonText(text: string, depth = 0): string {
  const trimmed = text.trimStart();
  if (depth <= 20 && (trimmed.startsWith('{') || trimmed.startsWith('['))) {
    try {
      return JSON.stringify(redactDeep(JSON.parse(text) as unknown, depth + 1));
    } catch {
      // Not JSON after all: fall through to shape-based redaction.
    }
  }
  return redactText(text);
}

/**
 * Redacts span attributes, whoever set them: a value under a secret's name is replaced whole, a
 * string (or each string of an array) as {@link redactJsonText}. Returns undefined when nothing
 * changed, so an exporter allocates only for spans that held something.
 */
export function redactAttributes(
  attributes: Readonly<Record<string, unknown>>,
): Record<string, unknown> | undefined {
  let out: Record<string, unknown> | undefined;
  for (const key in attributes) {
    const value = attributes[key];
    const redacted = redactAttribute(key, value);
    if (redacted !== value) (out ??= { ...attributes })[key] = redacted;
  }
  return out;
}

function redactAttribute(key: string, value: unknown): unknown {
  if (isSecretField(key, value)) return REDACTED;
  if (typeof value === 'string') return redactJsonText(value);
  if (!Array.isArray(value)) return value;
  const items = value as readonly unknown[];
  let out: unknown[] | undefined;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (typeof item !== 'string') continue;
    const redacted = redactJsonText(item);
    if (redacted !== item) (out ??= [...items])[i] = redacted;
  }
  return out ?? value;
}

/** True when field KEY holding VALUE is replaced whole: a secret's name, and not token usage. */
function isSecretField(key: string, value: unknown): boolean {
  if (value === null || value === undefined || value === '') return false;
  const kind = keyKind(key);
  return kind === 'secret' || (kind === 'usage' && holdsString(value, 0));
}

/** The words of a field name: split at separators and camelCase humps, lower-cased. */
function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/);
}

function holdsString(value: unknown, depth: number): boolean {
  if (typeof value === 'string') return true;
  if (value === null || typeof value !== 'object') return false;
  if (depth > 20) return true;
  return Object.values(value).some((v) => holdsString(v, depth + 1));
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…[truncated ${text.length - max} chars]`;
}
