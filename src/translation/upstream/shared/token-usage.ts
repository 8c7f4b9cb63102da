import type { TokenUsage } from '../../../core/http/request-context';

/** A finite number, else undefined: upstream JSON is not trusted to hold numbers where it should. */
export function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Only the fields this object reports, so a stream's counts merge event by event; null when there are none. */
export function reportedUsage(usage: TokenUsage): TokenUsage | null {
  const entries = Object.entries(usage).filter(([, value]) => value !== undefined);
  return entries.length ? (Object.fromEntries(entries)) : null;
}

/** The parsed JSON as an object to read fields from, or undefined. */
export function jsonRecord(value: unknown): Record<string, any> | undefined {
  return value && typeof value === 'object' ? (value as Record<string, any>) : undefined;
}
