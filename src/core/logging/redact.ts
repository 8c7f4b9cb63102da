/** Header names whose values are credentials. */
export const SECRET_HEADERS = ['authorization', 'x-api-key', 'cookie', 'set-cookie', 'proxy-authorization'];

// Any key that looks like it holds a credential, in bodies and nested objects alike; token counts (max_tokens,
// promptTokenCount) are not credentials.
const SECRET_KEY = /(token(?!s|_?count)|secret|password|api[-_]?key|authorization|cookie|credential)/i;

/** A deep copy with every credential-looking value replaced, for dev-mode dumps. */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (depth > 20) return '[depth]';
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] = SECRET_KEY.test(key) && inner !== null && inner !== undefined ? '[redacted]' : redactSecrets(inner, depth + 1);
    }
    return out;
  }
  return value;
}
