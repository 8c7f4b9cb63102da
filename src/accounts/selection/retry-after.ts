/** Without a usable Retry-After, a 429 keeps the account out this long. */
export const DEFAULT_COOLDOWN_MS = 60_000;
/** A Retry-After beyond this is capped: an account is better probed again than forgotten for days. */
export const MAX_COOLDOWN_MS = 6 * 3_600_000;

/**
 * Milliseconds to wait according to a Retry-After value: delay-seconds or an HTTP-date (RFC 9110 section 10.2.3).
 * Undefined when absent or unparseable; a date in the past gives 0.
 */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const raw = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!raw) return undefined;
  if (/^\d+(\.\d+)?$/.test(raw)) return Math.round(Number(raw) * 1000);
  if (!/[a-z]/i.test(raw)) return undefined;
  const date = Date.parse(raw);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/** When an account that just got a 429 may be picked again. */
export function cooldownUntil(retryAfter: string | string[] | undefined, now: number): number {
  const wait = parseRetryAfter(retryAfter, now) ?? DEFAULT_COOLDOWN_MS;
  return now + Math.min(Math.max(wait, 1_000), MAX_COOLDOWN_MS);
}
