/** Small helpers shared by the per-vendor fakes. */

/** Deterministic ids per fake instance, shaped like the vendors' own (`msg_…`, `resp_…`, `call_…`). */
export class IdSource {
  private counter = 0;

  next(prefix: string): string {
    this.counter += 1;
    return `${prefix}fake${String(this.counter).padStart(20, '0')}`;
  }
}

/** A stable stand-in for a tokenizer: JSON length / 4, at least 1. */
export function estimateTokens(value: unknown): number {
  const json = typeof value === 'string' ? value : (JSON.stringify(value ?? '') ?? '');
  return Math.max(1, Math.ceil(json.length / 4));
}

/**
 * Splits text into deltas of at most `size` characters. Small texts split by code point so no surrogate pair is
 * torn; huge ones (the large-stream behaviour, plain ASCII) are sliced lazily without copying into an array.
 */
export function* chunkText(text: string, size: number): Generator<string> {
  if (text.length > 64 * 1024) {
    for (let start = 0; start < text.length; start += size) yield text.slice(start, start + size);
    return;
  }
  const codePoints = Array.from(text);
  for (let start = 0; start < codePoints.length; start += size) {
    yield codePoints.slice(start, start + size).join('');
  }
}

/** Text made of ASCII words, exactly `bytes` long, for the large-stream behaviour. */
export function fillerText(bytes: number): string {
  const word = 'lorem ipsum dolor sit amet ';
  return word.repeat(Math.ceil(bytes / word.length)).slice(0, bytes);
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describeStatus(status: number): string {
  switch (status) {
    case 400:
      return 'Bad request';
    case 401:
      return 'Invalid bearer token';
    case 402:
      return 'Payment required: this account has no remaining credits';
    case 403:
      return 'Forbidden';
    case 404:
      return 'Not found';
    case 408:
      return 'Request timed out';
    case 429:
      return 'Rate limit exceeded';
    case 529:
      return 'Overloaded';
    default:
      return status >= 500 ? 'Internal server error' : `HTTP ${status}`;
  }
}
