/**
 * Names that hold credentials, in headers and body keys alike (compared lower-cased, `-` and `_` alike): the deny-list
 * for dev-mode dumps. Exact names first, then fragments that mark a credential wherever they appear in a name.
 */
const SECRET_NAMES = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'key',
  'keys',
  'token',
  'tokens',
  'password',
  'passwd',
  'passphrase',
  'credential',
  'credentials',
]);
const SECRET_FRAGMENTS = ['token', 'secret', 'password', 'api-key', 'apikey', 'authorization', 'cookie', 'credential', 'private-key'];
// A name ending in `-key` (x-api-key, anthropic-api-key, x-goog-api-key, access-key, secret-key …).
const KEY_SUFFIX = /(^|-)key$/;

/** Whether a header or body key name looks like it holds a credential. */
export function isSecretName(name: string): boolean {
  const normal = name.toLowerCase().replace(/_/g, '-');
  if (SECRET_NAMES.has(normal) || KEY_SUFFIX.test(normal)) return true;
  return SECRET_FRAGMENTS.some((fragment) => normal.includes(fragment));
}

/**
 * Counts and flags are not credentials (`max_tokens: 64`, `promptTokenCount`, `usage.input_tokens`), so a
 * secret-looking name is redacted only when its value could carry one: a string, or a structure that may hold strings.
 */
function mayHoldSecret(value: unknown): boolean {
  return typeof value === 'string' || (typeof value === 'object' && value !== null);
}

/** A deep copy with every credential-looking value replaced, for dev-mode dumps. */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (depth > 20) return '[depth]';
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] = isSecretName(key) && mayHoldSecret(inner) ? '[redacted]' : redactSecrets(inner, depth + 1);
    }
    return out;
  }
  return value;
}

/** Request headers with every credential-looking one replaced, and any `Bearer`/`Basic` value whatever its name. */
export function redactHeaders(headers: Record<string, string | string[] | undefined>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers)) {
    const carriesCredential = isSecretName(name) || (typeof value === 'string' && /^\s*(bearer|basic)\s/i.test(value));
    out[name] = carriesCredential ? '[redacted]' : value;
  }
  return out;
}
