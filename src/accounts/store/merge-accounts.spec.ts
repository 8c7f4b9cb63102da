import { emptyStats, type Account, type AccountTokens } from '../account';
import { compareTokenAge, findImportTarget, mergeExternal, mergeImport, replacesTokens } from './merge-accounts';

const T0 = Date.parse('2030-01-01T00:00:00Z');

function tokens(refreshToken: string, refreshedAt: number | undefined, version: number): AccountTokens {
  return { refreshToken, accessToken: `at-${refreshToken}`, expiresAt: T0 + 3_600_000, refreshedAt, version };
}

function account(id: string, overrides: Partial<Account> = {}): Account {
  return { id, email: `${id}@example.com`, tokens: tokens(`rt-${id}`, T0, 1), status: 'active', createdAt: T0, stats: emptyStats(T0), ...overrides };
}

describe('token age', () => {
  it('orders by refreshed_at first, then token_version; unknown age is oldest', () => {
    expect(compareTokenAge(tokens('a', T0 + 1, 1), tokens('b', T0, 9))).toBe(1);
    expect(compareTokenAge(tokens('a', T0, 2), tokens('b', T0, 1))).toBe(1);
    expect(compareTokenAge(tokens('a', undefined, 50), tokens('b', T0, 0))).toBe(-1);
    expect(compareTokenAge(tokens('a', T0, 1), tokens('b', T0, 1))).toBe(0);
  });

  it('replaces only with a different token that is not older', () => {
    const held = tokens('rt-2', T0 + 10, 2);
    expect(replacesTokens(held, tokens('rt-1', T0, 1))).toBe(false);
    expect(replacesTokens(held, tokens('rt-3', T0 + 20, 3))).toBe(true);
    expect(replacesTokens(held, tokens('rt-x', T0 + 10, 2))).toBe(true);
    expect(replacesTokens(held, tokens('rt-2', T0 + 99, 9))).toBe(false);
  });
});

describe(mergeExternal.name, () => {
  it('takes accounts added and removes accounts deleted by someone else', () => {
    const a = account('a');
    const b = account('b');
    const c = account('c');
    const merged = mergeExternal([a, b], [a, b], [a, c]);
    expect(merged.accounts.map((item) => item.id)).toEqual(['a', 'c']);
    expect(merged.added).toEqual(['c']);
    expect(merged.removed).toEqual(['b']);
  });

  it('keeps an account we added but did not save yet, and keeps one we removed before the save', () => {
    const a = account('a');
    const ours = account('ours');
    const gone = account('gone');
    const merged = mergeExternal([a, gone], [a, ours], [a, gone]);
    expect(merged.accounts.map((item) => item.id)).toEqual(['a', 'ours']);
  });

  it('keeps our rotation when a stale copy with the old token is written back', () => {
    const saved = account('a', { tokens: tokens('rt-1', T0, 1) });
    const rotated = account('a', { tokens: tokens('rt-2', T0 + 60_000, 2) });
    const staleWithLabel = { ...saved, label: 'renamed' };
    const merged = mergeExternal([saved], [rotated], [staleWithLabel]);
    expect(merged.accounts[0].tokens.refreshToken).toBe('rt-2');
    expect(merged.accounts[0].label).toBe('renamed');
    expect(merged.newTokens).toEqual([]);
  });

  it('takes a newer token written by someone else and brings back an account disabled for 401', () => {
    const disabled = account('a', { status: 'disabled', disabledCause: 'unauthorized', disabledReason: '401', disabledAt: T0 });
    const signedInAgain = { ...disabled, tokens: tokens('rt-new', T0 + 120_000, 1) };
    const merged = mergeExternal([disabled], [disabled], [signedInAgain]);
    expect(merged.accounts[0]).toMatchObject({ status: 'active', tokens: { refreshToken: 'rt-new' } });
    expect(merged.accounts[0].disabledCause).toBeUndefined();
    expect(merged.newTokens).toEqual(['a']);
  });

  it('does not bring back an account disabled for 402 with a new token', () => {
    const unpaid = account('a', { status: 'disabled', disabledCause: 'payment_required', disabledReason: 'no credits' });
    const merged = mergeExternal([unpaid], [unpaid], [{ ...unpaid, tokens: tokens('rt-new', T0 + 1, 1) }]);
    expect(merged.accounts[0]).toMatchObject({ status: 'disabled', tokens: { refreshToken: 'rt-new' } });
  });

  it('takes a status a person changed, and keeps a status we changed since the last save', () => {
    const saved = account('a');
    const weDisabled = { ...saved, status: 'disabled' as const, disabledCause: 'payment_required' as const, disabledReason: 'unpaid' };
    expect(mergeExternal([saved], [weDisabled], [saved]).accounts[0].status).toBe('disabled');

    const theyDisabled = { ...saved, status: 'disabled' as const, disabledCause: 'manual' as const };
    const merged = mergeExternal([saved], [saved], [theyDisabled]);
    expect(merged.accounts[0]).toMatchObject({ status: 'disabled', disabledCause: 'manual' });
    expect(merged.edited).toEqual(['a']);
  });

  it('keeps our stats whatever the store says', () => {
    const saved = account('a');
    const mine = { ...saved, stats: { ...emptyStats(T0), requests: 10 } };
    expect(mergeExternal([saved], [mine], [{ ...saved, stats: { ...emptyStats(T0), requests: 1 } }]).accounts[0].stats.requests).toBe(10);
  });
});

describe(mergeImport.name, () => {
  it('adds an unknown account as it is', () => {
    const incoming = account('new');
    expect(mergeImport(undefined, incoming)).toEqual({ account: incoming, outcome: 'added', tokens: 'new' });
  });

  it('never replaces a token with an older one: a stale push cannot undo a rotation', () => {
    const held = account('a', { tokens: tokens('rt-5', T0 + 300_000, 5) });
    const stale = account('a', { tokens: tokens('rt-1', T0, 1), label: 'from laptop' });
    const result = mergeImport(held, stale);
    expect(result.tokens).toBe('kept_newer');
    expect(result.account.tokens.refreshToken).toBe('rt-5');
    expect(result.account.label).toBe('from laptop');
    expect(result.outcome).toBe('updated');
  });

  it('replaces with a newer token (a fresh sign-in) even when its version counter is lower', () => {
    const held = account('a', { tokens: tokens('rt-5', T0, 5) });
    const fresh = account('a', { tokens: tokens('rt-new', T0 + 1_000, 1) });
    expect(mergeImport(held, fresh)).toMatchObject({ tokens: 'replaced', outcome: 'updated', account: { tokens: { refreshToken: 'rt-new' } } });
  });

  it('keeps status and stats as the pool knows them', () => {
    const held = account('a', { status: 'disabled', disabledCause: 'payment_required', stats: { ...emptyStats(T0), requests: 7 } });
    const result = mergeImport(held, account('a', { status: 'active' }));
    expect(result.account).toMatchObject({ status: 'disabled', stats: { requests: 7 } });
    expect(result.outcome).toBe('unchanged');
  });

  it('finds the target by id, else by email ignoring case', () => {
    const list = [account('a', { email: 'Person@Example.com' }), account('b')];
    expect(findImportTarget(list, 'b', 'person@example.com')?.id).toBe('b');
    expect(findImportTarget(list, 'zzz', 'person@example.COM')?.id).toBe('a');
    expect(findImportTarget(list, undefined, undefined)).toBeUndefined();
  });
});
