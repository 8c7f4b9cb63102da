import { TokenLifecycle, type RefreshedTokens, type TokenLifecycleOptions, type TokenSet } from './token-lifecycle';
import { CredentialUnavailableError, TokenRefreshError } from './token-refresh-error';

const HOUR = 3_600_000;
let minted = 0;
const jwt = (expMs: number) =>
  `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify({ exp: Math.floor(expMs / 1000), jti: ++minted })).toString('base64url')}.sig`;

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A fake WorkOS: rotates refresh tokens, refuses a reused one, records every token it was sent. */
function fakeExchange(lifetimeMs = 8 * HOUR) {
  let counter = 0;
  let live = 'rt-0';
  const sent: string[] = [];
  const exchange = jest.fn(async (refreshToken: string): Promise<RefreshedTokens> => {
    sent.push(refreshToken);
    await Promise.resolve();
    if (refreshToken !== live) throw new TokenRefreshError('refresh token rejected', true);
    counter += 1;
    live = `rt-${counter}`;
    return { accessToken: jwt(Date.now() + lifetimeMs), refreshToken: live, identity: { email: 'a@example.com' } };
  });
  return { exchange, sent };
}

const logger = { log: jest.fn(), warn: jest.fn(), error: jest.fn() };

function lifecycle(overrides: Partial<TokenLifecycleOptions> = {}, tokens: TokenSet = { refreshToken: 'rt-0' }) {
  return new TokenLifecycle({
    label: 'test',
    tokens,
    exchange: fakeExchange().exchange,
    persist: async () => undefined,
    timing: { aheadMs: 2 * HOUR, retryBaseMs: 1_000, retryMaxMs: 60_000 },
    logger,
    random: () => 0.5,
    ...overrides,
  });
}

describe(TokenLifecycle.name, () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2030-01-01T00:00:00Z') });
    jest.clearAllMocks();
  });
  afterEach(() => jest.useRealTimers());

  describe('single flight', () => {
    it('50 concurrent callers without a token share one refresh and get the same token', async () => {
      const { exchange, sent } = fakeExchange();
      const subject = lifecycle({ exchange });
      const tokens = await Promise.all(Array.from({ length: 50 }, () => subject.accessToken()));
      expect(exchange).toHaveBeenCalledTimes(1);
      expect(sent).toEqual(['rt-0']);
      expect(new Set(tokens).size).toBe(1);
    });

    it('the scheduler, requests and a 401 retry arriving together still make one call', async () => {
      const { exchange } = fakeExchange();
      const expired = { accessToken: jwt(Date.now() - 1), refreshToken: 'rt-0', expiresAt: Date.now() - 1 };
      const subject = lifecycle({ exchange }, expired);
      await Promise.all([
        subject.refreshIfDue(),
        subject.refreshNow(),
        subject.accessToken(),
        subject.refreshAfterRejection(expired.accessToken),
        ...Array.from({ length: 20 }, () => subject.accessToken()),
      ]);
      expect(exchange).toHaveBeenCalledTimes(1);
    });

    it('a later refresh sends the rotated token, never the spent one', async () => {
      const { exchange, sent } = fakeExchange();
      const subject = lifecycle({ exchange });
      await subject.refreshNow();
      await subject.refreshNow();
      await subject.refreshNow();
      expect(sent).toEqual(['rt-0', 'rt-1', 'rt-2']);
    });
  });

  describe('persistence', () => {
    it('hands out the new access token only after persist has resolved', async () => {
      const save = deferred<void>();
      const persist = jest.fn(() => save.promise);
      const subject = lifecycle({ persist });
      let token: string | undefined;
      const pending = subject.accessToken().then((value) => (token = value));
      await jest.advanceTimersByTimeAsync(0);
      expect(persist).toHaveBeenCalledTimes(1);
      expect(persist.mock.calls[0]).toEqual([expect.objectContaining({ refreshToken: 'rt-1' })]);
      expect(token).toBeUndefined();
      // Nor does any other caller get it while the save is pending.
      let other: string | undefined;
      const late = subject.accessToken().then((value) => (other = value));
      await jest.advanceTimersByTimeAsync(0);
      expect(other).toBeUndefined();
      expect(subject.status().expiresAt).toBeUndefined();
      save.resolve();
      await Promise.all([pending, late]);
      expect(token).toBe((persist.mock.calls[0] as unknown as [TokenSet])[0].accessToken);
      expect(other).toBe(token);
    });

    it('keeps the rotated set in memory when saving fails, reports it, and retries the save at the next check', async () => {
      const { exchange, sent } = fakeExchange();
      const persist = jest.fn().mockRejectedValueOnce(new Error('EACCES: permission denied')).mockResolvedValue(undefined);
      const subject = lifecycle({ exchange, persist });
      await expect(subject.accessToken()).resolves.toEqual(expect.any(String));
      expect(subject.status()).toMatchObject({ unsaved: true, lastError: expect.stringContaining('EACCES') });

      await subject.refreshIfDue();
      expect(persist).toHaveBeenCalledTimes(2);
      expect(persist.mock.calls[1][0]).toMatchObject({ refreshToken: 'rt-1' });
      expect(subject.status()).toMatchObject({ unsaved: false, lastError: undefined });

      await subject.refreshNow();
      expect(sent).toEqual(['rt-0', 'rt-1']);
    });
  });

  describe('expiry and scheduling', () => {
    it('is due once less than aheadMs remains, and not before', async () => {
      const { exchange } = fakeExchange(8 * HOUR);
      const subject = lifecycle({ exchange });
      await subject.refreshNow();
      expect(subject.status().expiresAt).toBe('2030-01-01T08:00:00.000Z');

      jest.setSystemTime(Date.now() + 5 * HOUR + 59 * 60_000);
      await subject.refreshIfDue();
      expect(exchange).toHaveBeenCalledTimes(1);

      jest.setSystemTime(Date.now() + 2 * 60_000);
      await subject.refreshIfDue();
      expect(exchange).toHaveBeenCalledTimes(2);
    });

    it('without a JWT exp, assumes 8 h from issue', async () => {
      const exchange = jest.fn(async () => ({ accessToken: 'opaque', refreshToken: 'rt-1', identity: {} }));
      const subject = lifecycle({ exchange });
      await subject.refreshNow();
      expect(subject.status().expiresAt).toBe('2030-01-01T08:00:00.000Z');
    });

    it('hands out a still-valid token without refreshing', async () => {
      const { exchange } = fakeExchange();
      const tokens = { accessToken: 'at', refreshToken: 'rt-0', expiresAt: Date.now() + HOUR };
      await expect(lifecycle({ exchange }, tokens).accessToken()).resolves.toBe('at');
      expect(exchange).not.toHaveBeenCalled();
    });
  });

  describe('failures', () => {
    it('backs off exponentially: no attempt before the delay, one after it', async () => {
      const exchange = jest.fn().mockRejectedValue(new TokenRefreshError('WorkOS answered 503'));
      const subject = lifecycle({ exchange });
      await expect(subject.refreshNow()).rejects.toThrow('503');
      // random 0.5 → 3/4 of the ceiling: 750 ms, then 1.5 s, then 3 s.
      for (const delay of [750, 1_500, 3_000]) {
        expect(subject.status().nextRetryAt).toBe(new Date(Date.now() + delay).toISOString());
        const calls = exchange.mock.calls.length;
        await jest.advanceTimersByTimeAsync(delay - 1);
        await subject.refreshIfDue();
        expect(exchange).toHaveBeenCalledTimes(calls);
        await jest.advanceTimersByTimeAsync(1);
        await subject.refreshIfDue();
        expect(exchange).toHaveBeenCalledTimes(calls + 1);
      }
    });

    it('requests fail fast while backing off, with the reason and never a token', async () => {
      const exchange = jest.fn().mockRejectedValue(new TokenRefreshError('WorkOS answered 500 (server_error)'));
      const subject = lifecycle({ exchange });
      await expect(subject.accessToken()).rejects.toThrow(CredentialUnavailableError);
      await expect(subject.accessToken()).rejects.toThrow(/No valid access token for test: WorkOS answered 500.*next attempt at/);
      expect(exchange).toHaveBeenCalledTimes(1);
    });

    it('keeps serving the current token while it is valid when a refresh fails', async () => {
      const exchange = jest.fn().mockRejectedValue(new TokenRefreshError('timeout'));
      const tokens = { accessToken: 'at', refreshToken: 'rt-0', expiresAt: Date.now() + 30_000 };
      const subject = lifecycle({ exchange }, tokens);
      await expect(subject.accessToken()).resolves.toBe('at');
      expect(exchange).toHaveBeenCalledTimes(1);
    });

    it('stops retrying a rejected refresh token until new tokens are adopted', async () => {
      const { exchange } = fakeExchange();
      const subject = lifecycle({ exchange }, { refreshToken: 'dead' });
      await expect(subject.refreshNow()).rejects.toThrow('rejected');
      expect(subject.status()).toMatchObject({ refreshRejected: true, valid: false });
      await jest.advanceTimersByTimeAsync(HOUR);
      await subject.refreshIfDue();
      await expect(subject.accessToken()).rejects.toThrow(CredentialUnavailableError);
      expect(exchange).toHaveBeenCalledTimes(1);

      expect(subject.adopt({ refreshToken: 'dead' })).toBe(false);
      expect(subject.adopt({ refreshToken: 'rt-0' })).toBe(true);
      await expect(subject.accessToken()).resolves.toEqual(expect.any(String));
    });
  });

  describe('tokens rotated by another program', () => {
    it('takes over a newer stored set instead of sending the spent token', async () => {
      const { exchange, sent } = fakeExchange();
      const reload = jest.fn(async () => ({ accessToken: 'cli-at', refreshToken: 'rt-0', expiresAt: Date.now() + 5 * HOUR }));
      const subject = lifecycle({ exchange, reload }, { refreshToken: 'spent-by-cli' });
      await subject.refreshNow();
      expect(sent).toEqual([]);
      await expect(subject.accessToken()).resolves.toBe('cli-at');
    });

    it('refreshes with the taken-over token when its access token is due', async () => {
      const { exchange, sent } = fakeExchange();
      const reload = jest.fn(async () => ({ refreshToken: 'rt-0' }));
      const subject = lifecycle({ exchange, reload }, { refreshToken: 'spent-by-cli' });
      await subject.refreshNow();
      expect(sent).toEqual(['rt-0']);
    });

    it('ignores the store while its own save is failing (the store then holds the spent token)', async () => {
      const { exchange, sent } = fakeExchange();
      const persist = jest.fn().mockRejectedValue(new Error('EROFS'));
      const reload = jest.fn(async () => ({ refreshToken: 'rt-0' }));
      const subject = lifecycle({ exchange, persist, reload });
      await subject.refreshNow();
      await subject.refreshNow();
      expect(sent).toEqual(['rt-0', 'rt-1']);
    });
  });

  describe('after an upstream 401', () => {
    it('refreshes once for the rejected token and returns the new one', async () => {
      const { exchange } = fakeExchange();
      const subject = lifecycle({ exchange });
      const first = await subject.accessToken();
      const results = await Promise.all(Array.from({ length: 10 }, () => subject.refreshAfterRejection(first)));
      expect(exchange).toHaveBeenCalledTimes(2);
      expect(new Set(results).size).toBe(1);
      expect(results[0]).not.toBe(first);
    });

    it('returns the current token without refreshing when the rejected one is already replaced', async () => {
      const { exchange } = fakeExchange();
      const subject = lifecycle({ exchange });
      const first = await subject.accessToken();
      await subject.refreshNow();
      const current = await subject.accessToken();
      await expect(subject.refreshAfterRejection(first)).resolves.toBe(current);
      expect(exchange).toHaveBeenCalledTimes(2);
    });

    it('does not refresh again when the freshly refreshed token is refused too', async () => {
      const { exchange } = fakeExchange();
      const subject = lifecycle({ exchange });
      const first = await subject.accessToken();
      const second = await subject.refreshAfterRejection(first);
      await expect(subject.refreshAfterRejection(second!)).resolves.toBeUndefined();
      expect(exchange).toHaveBeenCalledTimes(2);
      await jest.advanceTimersByTimeAsync(61_000);
      await expect(subject.refreshAfterRejection(second!)).resolves.toEqual(expect.any(String));
    });

    it('refreshes at once when a refreshed token that already served requests is refused (revoked upstream)', async () => {
      const { exchange } = fakeExchange();
      const subject = lifecycle({ exchange });
      const first = await subject.accessToken();
      const second = await subject.refreshAfterRejection(first);
      subject.markServed(second!);
      await jest.advanceTimersByTimeAsync(5_000);
      const third = await subject.refreshAfterRejection(second!);
      expect(third).toEqual(expect.any(String));
      expect(third).not.toBe(second);
      expect(exchange).toHaveBeenCalledTimes(3);
    });
  });

  describe('under a cluster lock', () => {
    /** A lock shared by two lifecycles (two replicas), and a store both read and write. */
    function cluster() {
      let held = Promise.resolve();
      const lock = jest.fn((work: () => Promise<void>): Promise<void> => {
        const run = held.then(work);
        held = run.then(
          () => undefined,
          () => undefined,
        );
        return run;
      });
      let stored: TokenSet = { refreshToken: 'rt-0' };
      const store = { persist: async (tokens: TokenSet) => void (stored = { ...tokens }), reload: async () => ({ ...stored }) };
      return { lock, store };
    }

    it('a replica that waited for the lock takes the set the holder wrote instead of sending the spent token', async () => {
      const { exchange, sent } = fakeExchange();
      const { lock, store } = cluster();
      const a = lifecycle({ exchange, lock, ...store });
      const b = lifecycle({ exchange, lock, ...store });
      const [tokenA, tokenB] = await Promise.all([a.accessToken(), b.accessToken()]);
      expect(sent).toEqual(['rt-0']);
      expect(tokenB).toBe(tokenA);
      expect(lock).toHaveBeenCalledTimes(2);
    });

    it('concurrent 401s on two replicas make one refresh', async () => {
      const { exchange, sent } = fakeExchange();
      const { lock, store } = cluster();
      const a = lifecycle({ exchange, lock, ...store });
      const b = lifecycle({ exchange, lock, ...store });
      const first = await a.accessToken();
      await b.accessToken();
      a.markServed(first);
      b.markServed(first);
      const [renewedA, renewedB] = await Promise.all([a.refreshAfterRejection(first), b.refreshAfterRejection(first)]);
      expect(sent).toEqual(['rt-0', 'rt-1']);
      expect(renewedA).toEqual(expect.any(String));
      expect(renewedB).toBe(renewedA);
    });

    it('a token another replica rotated, refused here before this replica served it, is refreshed again (not storm-blocked)', async () => {
      const { exchange, sent } = fakeExchange();
      const { lock, store } = cluster();
      const a = lifecycle({ exchange, lock, ...store });
      const b = lifecycle({ exchange, lock, ...store });
      const first = await a.accessToken();
      await b.accessToken();
      a.markServed(first);
      b.markServed(first);
      const second = await a.refreshAfterRejection(first);
      a.markServed(second!);
      // b takes a's set for its own 401, and that set is revoked before b served anything with it.
      await expect(b.refreshAfterRejection(first)).resolves.toBe(second);
      const third = await b.refreshAfterRejection(second!);
      expect(third).toEqual(expect.any(String));
      expect(third).not.toBe(second);
      expect(sent).toEqual(['rt-0', 'rt-1', 'rt-2']);
    });

    it('does not exchange when the stored set cannot be read under the lock', async () => {
      const { exchange } = fakeExchange();
      const { lock } = cluster();
      const subject = lifecycle({ exchange, lock, reload: async () => Promise.reject(new Error('redis went away')) });
      await subject.refreshIfDue();
      expect(exchange).not.toHaveBeenCalled();
      expect(subject.status().lastError).toContain('cannot read the stored tokens under the lock (redis went away)');
    });

    it('keeps the lock until a failed save of the rotated set succeeds, and never adopts the older stored set meanwhile', async () => {
      const { exchange } = fakeExchange();
      const { lock, store } = cluster();
      let failures = 2;
      const events: string[] = [];
      const persist = async (tokens: TokenSet) => {
        if (failures-- > 0) throw new Error('redis down');
        events.push('saved');
        await store.persist(tokens);
      };
      const subject = lifecycle({ exchange, reload: store.reload, persist, lock: (work) => lock(work).then(() => void events.push('released')) });
      const refreshing = subject.refreshNow();
      await jest.advanceTimersByTimeAsync(600);
      await refreshing;
      expect(events).toEqual(['saved', 'released']);
      expect(subject.status().unsaved).toBe(false);
    });

    it('does not adopt a stored set while its own rotated set is unsaved (the stored one is the spent one)', async () => {
      const subject = lifecycle({ persist: async () => Promise.reject(new Error('redis down')) });
      await subject.refreshNow();
      expect(subject.status().unsaved).toBe(true);
      expect(subject.adopt({ refreshToken: 'rt-0' })).toBe(false);
    });

    it('no lock, no refresh: the held token keeps serving and the reason is reported without escalating backoff', async () => {
      const { exchange } = fakeExchange();
      const { RefreshLockUnavailableError } = jest.requireActual<typeof import('./refresh-lock')>('./refresh-lock');
      const lock = jest.fn(async (_work: () => Promise<void>): Promise<void> => {
        throw new RefreshLockUnavailableError('cannot refresh without the cluster lock: redis unavailable');
      });
      const valid = { refreshToken: 'rt-0', accessToken: jwt(Date.now() + HOUR), expiresAt: Date.now() + HOUR };
      const subject = lifecycle({ exchange, lock }, valid);
      await subject.refreshIfDue();
      expect(exchange).not.toHaveBeenCalled();
      await expect(subject.accessToken()).resolves.toBe(valid.accessToken);
      expect(subject.status()).toMatchObject({ valid: true, lastError: expect.stringContaining('redis unavailable') });
      await subject.refreshIfDue();
      await jest.advanceTimersByTimeAsync(1_000);
      await subject.refreshIfDue();
      expect(lock).toHaveBeenCalledTimes(2);
    });
  });
});
