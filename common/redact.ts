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

// Shapes of secrets that appear inside free text, each replaced whole.
const SECRET_SHAPES: readonly RegExp[] = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
  /\b[Bb]earer\s+[A-Za-z0-9._~+/=-]{8,}/g,
  /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g, // JWT
  /\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{16,}/g, // OpenAI / Anthropic style keys
  /\bAKIA[0-9A-Z]{16}\b/g, // AWS access key id
  /\bgh[pousr]_[A-Za-z0-9]{30,}/g, // GitHub tokens
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/g, // Slack tokens
  /\bAIza[0-9A-Za-z_-]{35}\b/g, // Google API keys
  /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/g, // e-mail addresses
];

/**
 * Redacts secrets in a value about to be recorded: fields whose names look like secrets are
 * replaced whole, and secret shapes (bearer tokens, API keys, private keys, JWTs, e-mails) inside
 * strings are replaced. Returns a new value; the input is not modified.
 */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 20) return REDACTED;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
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
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    out[key] = isSecretField(key, v) ? REDACTED : redactDeep(v, depth + 1);
  }
  return out;
}

/** Redacts secret shapes inside one string. */
export function redactText(text: string): string {
  let out = text;
  for (const shape of SECRET_SHAPES) out = out.replace(shape, REDACTED);
  return out;
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
  if (!SECRET_KEY.test(key) || value === null || value === undefined || value === '') return false;
  const usage = TOKEN_USAGE_KEY.test(key) && !SECRET_TOKEN_KIND.test(key);
  return !(usage && !holdsString(value, 0));
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
