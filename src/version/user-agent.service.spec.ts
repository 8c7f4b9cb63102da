import { Logger } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import type { LatestVersionSource } from './latest-version.client';
import { UserAgentService } from './user-agent.service';

/** Answers from a script: a version text, or an Error to throw. */
class ScriptedSource implements LatestVersionSource {
  readonly answers: (string | Error)[] = [];
  calls = 0;

  async fetchText(): Promise<string> {
    this.calls += 1;
    const answer = this.answers.shift() ?? new Error('no answer scripted');
    if (answer instanceof Error) throw answer;
    return answer;
  }
}

const config = (followLatest: boolean, userAgent = 'factory-cli/0.27.1') =>
  ({ userAgent, cliVersion: { followLatest, latestUrl: 'http://127.0.0.1:9/LATEST', refreshMs: 3_600_000, retryBaseMs: 30_000 } }) as AppConfig;

describe(UserAgentService.name, () => {
  let source: ScriptedSource;
  let service: UserAgentService | undefined;
  beforeAll(() => Logger.overrideLogger(false));
  beforeEach(() => {
    jest.useFakeTimers();
    source = new ScriptedSource();
  });
  afterEach(() => {
    service?.onModuleDestroy();
    jest.useRealTimers();
  });

  it('uses the configured user agent and fetches nothing when following is off', async () => {
    service = new UserAgentService(config(false), source);
    service.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(10 * 3_600_000);
    expect(source.calls).toBe(0);
    expect(service.current()).toBe('factory-cli/0.27.1');
  });

  it('follows the latest version at start and hourly', async () => {
    service = new UserAgentService(config(true), source);
    source.answers.push('0.28.0\n', 'v0.29.1');
    service.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(0);
    expect(service.current()).toBe('factory-cli/0.28.0');
    await jest.advanceTimersByTimeAsync(3_599_999);
    expect(source.calls).toBe(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(service.current()).toBe('factory-cli/0.29.1');
  });

  it('keeps the last good version through failures and garbage, retrying with doubling delays, then recovers', async () => {
    service = new UserAgentService(config(true), source);
    source.answers.push('0.28.0', new Error('ECONNRESET'), '<html>oops</html>', new Error('HTTP 503'), '0.30.0');
    service.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(0);
    await jest.advanceTimersByTimeAsync(3_600_000); // hourly: fails
    expect(source.calls).toBe(2);
    expect(service.current()).toBe('factory-cli/0.28.0');
    await jest.advanceTimersByTimeAsync(30_000); // retry 1: garbage
    expect(source.calls).toBe(3);
    expect(service.current()).toBe('factory-cli/0.28.0');
    await jest.advanceTimersByTimeAsync(59_999); // retry 2 waits twice as long
    expect(source.calls).toBe(3);
    await jest.advanceTimersByTimeAsync(1);
    expect(source.calls).toBe(4);
    await jest.advanceTimersByTimeAsync(120_000); // retry 3: succeeds
    expect(service.current()).toBe('factory-cli/0.30.0');
  });

  it('keeps trying after failing from the start, never faster than the backoff, never slower than hourly', async () => {
    service = new UserAgentService(config(true), source);
    service.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(10 * 3_600_000);
    // 30 s, 1, 2, 4, 8, 16, 32 min, then hourly: 1 + 7 retries within the first ~64 min, then one an hour.
    expect(source.calls).toBeGreaterThanOrEqual(15);
    expect(source.calls).toBeLessThanOrEqual(18);
    expect(service.current()).toBe('factory-cli/0.27.1');
    source.answers.push('0.31.0');
    await jest.advanceTimersByTimeAsync(3_600_000);
    expect(service.current()).toBe('factory-cli/0.31.0');
  });

  it('stays off when the user agent carries no factory-cli version', async () => {
    service = new UserAgentService(config(true, 'custom-agent'), source);
    service.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(3_600_000);
    expect(source.calls).toBe(0);
  });
});
