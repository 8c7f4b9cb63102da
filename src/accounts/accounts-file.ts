import { createHash, randomBytes } from 'node:crypto';
import {
  ACCOUNT_STATUSES,
  DISABLE_CAUSES,
  FAILURE_CLASSES,
  emptyStats,
  type Account,
  type AccountStats,
  type AccountStatus,
  type DisableCause,
  type FailureClass,
} from './account';

export const ACCOUNTS_FILE_VERSION = 1;

/** accounts.json as written: snake_case, ISO dates, null for "none". */
export interface AccountRecord {
  id: string;
  label: string | null;
  email: string | null;
  refresh_token: string;
  access_token: string | null;
  expires_at: string | null;
  token_version: number;
  refreshed_at: string | null;
  status: AccountStatus;
  disabled_reason: string | null;
  disabled_cause: DisableCause | null;
  disabled_at: string | null;
  cooldown_until: string | null;
  created_at: string;
  stats: {
    requests: number;
    successes: number;
    failures: number;
    failures_by_class: Partial<Record<FailureClass, number>>;
    last_used_at: string | null;
    last_error: string | null;
    health: { successes: number; failures: number; at: string };
  };
}

export interface AccountsFile {
  version: number;
  accounts: Account[];
}

export type ParsedAccounts = { kind: 'ok'; file: AccountsFile } | { kind: 'broken'; reason: string };

export function newAccountId(): string {
  return `acc_${randomBytes(5).toString('hex')}`;
}

/**
 * The id of a hand-written entry without one. Derived from its refresh token so that every read of the same file
 * gives the same id until the gateway writes it back; a random id would look like a new account on each read.
 */
export function idForToken(refreshToken: string): string {
  return `acc_${createHash('sha256').update(refreshToken).digest('hex').slice(0, 10)}`;
}

export function toRecord(account: Account): AccountRecord {
  const { tokens, stats } = account;
  return {
    id: account.id,
    label: account.label ?? null,
    email: account.email ?? null,
    refresh_token: tokens.refreshToken,
    access_token: tokens.accessToken ?? null,
    expires_at: iso(tokens.expiresAt),
    token_version: tokens.version,
    refreshed_at: iso(tokens.refreshedAt),
    status: account.status,
    disabled_reason: account.disabledReason ?? null,
    disabled_cause: account.disabledCause ?? null,
    disabled_at: iso(account.disabledAt),
    cooldown_until: iso(account.cooldownUntil),
    created_at: new Date(account.createdAt).toISOString(),
    stats: {
      requests: stats.requests,
      successes: stats.successes,
      failures: stats.failures,
      failures_by_class: { ...stats.failuresByClass },
      last_used_at: iso(stats.lastUsedAt),
      last_error: stats.lastError ?? null,
      health: { successes: round(stats.health.successes), failures: round(stats.health.failures), at: new Date(stats.health.at).toISOString() },
    },
  };
}

export function serializeAccounts(accounts: readonly Account[]): string {
  return `${JSON.stringify({ version: ACCOUNTS_FILE_VERSION, accounts: accounts.map(toRecord) }, null, 2)}\n`;
}

/**
 * Reads accounts.json text. Lenient where a person writing the file by hand would be (only `refresh_token` is
 * required; a missing id is generated), strict where guessing could lose a token: any invalid entry makes the whole
 * file broken, so it is never rewritten without that entry. Reasons name the field, never its value.
 */
export function parseAccounts(text: string, now: number): ParsedAccounts {
  if (!text.trim()) return { kind: 'ok', file: { version: ACCOUNTS_FILE_VERSION, accounts: [] } };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { kind: 'broken', reason: 'is not valid JSON' };
  }
  if (!isRecord(data)) return { kind: 'broken', reason: 'does not hold a JSON object' };
  const version = data.version ?? ACCOUNTS_FILE_VERSION;
  if (version !== ACCOUNTS_FILE_VERSION) return { kind: 'broken', reason: `has version ${JSON.stringify(version)}; this gateway reads version ${ACCOUNTS_FILE_VERSION}` };
  const list = data.accounts ?? [];
  if (!Array.isArray(list)) return { kind: 'broken', reason: '`accounts` is not an array' };

  const accounts: Account[] = [];
  const ids = new Set<string>();
  for (const [index, raw] of list.entries()) {
    const parsed = parseAccount(raw, now);
    if (typeof parsed === 'string') return { kind: 'broken', reason: `accounts[${index}]: ${parsed}` };
    if (ids.has(parsed.id)) return { kind: 'broken', reason: `accounts[${index}].id duplicates an earlier account` };
    ids.add(parsed.id);
    accounts.push(parsed);
  }
  return { kind: 'ok', file: { version: ACCOUNTS_FILE_VERSION, accounts } };
}

/** One account record (from the file or an admin import), or why it is invalid. */
export function parseAccount(raw: unknown, now: number): Account | string {
  if (!isRecord(raw)) return 'is not an object';
  const problems: string[] = [];
  const text = (name: string): string | undefined => {
    const value = raw[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') {
      problems.push(`${name} must be a string`);
      return undefined;
    }
    return value.trim() || undefined;
  };
  const time = (name: string): number | undefined => {
    const value = text(name);
    if (value === undefined) return undefined;
    const ms = Date.parse(value);
    if (!Number.isFinite(ms)) problems.push(`${name} is not an ISO date`);
    return Number.isFinite(ms) ? ms : undefined;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[]): T | undefined => {
    const value = text(name);
    if (value !== undefined && !allowed.includes(value as T)) problems.push(`${name} must be one of ${allowed.join(', ')}`);
    return allowed.includes(value as T) ? (value as T) : undefined;
  };

  const refreshToken = text('refresh_token');
  if (!refreshToken) problems.push('refresh_token is required');
  const version = raw.token_version ?? 0;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) problems.push('token_version must be a whole number');
  const account: Account = {
    id: text('id') ?? (refreshToken ? idForToken(refreshToken) : newAccountId()),
    label: text('label'),
    email: text('email'),
    tokens: {
      refreshToken: refreshToken ?? '',
      accessToken: text('access_token'),
      expiresAt: time('expires_at'),
      version: typeof version === 'number' ? version : 0,
      refreshedAt: time('refreshed_at'),
    },
    status: oneOf('status', ACCOUNT_STATUSES) ?? 'active',
    disabledReason: text('disabled_reason'),
    disabledCause: oneOf('disabled_cause', DISABLE_CAUSES),
    disabledAt: time('disabled_at'),
    cooldownUntil: time('cooldown_until'),
    createdAt: time('created_at') ?? now,
    stats: parseStats(raw.stats, now, problems),
  };
  if (account.status === 'disabled' && !account.disabledCause) account.disabledCause = 'manual';
  if (account.status !== 'disabled') {
    account.disabledCause = undefined;
    account.disabledReason = undefined;
    account.disabledAt = undefined;
  }
  return problems.length ? problems.join('; ') : account;
}

function parseStats(raw: unknown, now: number, problems: string[]): AccountStats {
  const stats = emptyStats(now);
  if (raw === undefined || raw === null) return stats;
  if (!isRecord(raw)) {
    problems.push('stats must be an object');
    return stats;
  }
  const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0);
  stats.requests = count(raw.requests);
  stats.successes = count(raw.successes);
  stats.failures = count(raw.failures);
  if (isRecord(raw.failures_by_class)) {
    for (const name of FAILURE_CLASSES) if (count(raw.failures_by_class[name]) > 0) stats.failuresByClass[name] = count(raw.failures_by_class[name]);
  }
  const lastUsed = typeof raw.last_used_at === 'string' ? Date.parse(raw.last_used_at) : NaN;
  if (Number.isFinite(lastUsed)) stats.lastUsedAt = lastUsed;
  if (typeof raw.last_error === 'string' && raw.last_error) stats.lastError = raw.last_error;
  if (isRecord(raw.health)) {
    const at = typeof raw.health.at === 'string' ? Date.parse(raw.health.at) : NaN;
    stats.health = { successes: count(raw.health.successes), failures: count(raw.health.failures), at: Number.isFinite(at) ? at : now };
  }
  return stats;
}

function iso(ms: number | undefined): string | null {
  return ms === undefined ? null : new Date(ms).toISOString();
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
