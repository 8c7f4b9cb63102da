import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { hasCliProduct, parseLatestVersion, withCliVersion } from './cli-version';
import { LatestVersionClient, type LatestVersionSource } from './latest-version.client';

const FETCH_TIMEOUT_MS = 15_000;

/**
 * The user agent sent to Factory. With `user_agent_follow_latest`, its `factory-cli/x.y.z` version follows Factory's
 * published latest CLI version: fetched at start and every `refreshMs`, a failure retried with doubling delays (never
 * longer than `refreshMs`), and the last good version kept meanwhile, so one bad answer never freezes or resets it.
 */
@Injectable()
export class UserAgentService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('UserAgent');
  private version: string | undefined;
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: AbortController | undefined;
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LatestVersionClient) private readonly source: LatestVersionSource,
  ) {}

  /** The user agent for the next upstream call. */
  current(): string {
    return this.version === undefined ? this.config.userAgent : withCliVersion(this.config.userAgent, this.version);
  }

  onApplicationBootstrap(): void {
    if (!this.config.cliVersion.followLatest) return;
    if (!hasCliProduct(this.config.userAgent)) {
      this.logger.warn({ userAgent: this.config.userAgent }, 'user_agent has no factory-cli/<version> to follow; following is off');
      return;
    }
    void this.refresh();
  }

  /** One fetch, then the next one scheduled. Exposed for tests; never rejects. */
  async refresh(): Promise<void> {
    clearTimeout(this.timer);
    const { latestUrl, refreshMs, retryBaseMs } = this.config.cliVersion;
    this.inFlight = new AbortController();
    const signal = AbortSignal.any([this.inFlight.signal, AbortSignal.timeout(FETCH_TIMEOUT_MS)]);
    let next = refreshMs;
    try {
      const body = await this.source.fetchText(latestUrl, signal);
      const version = parseLatestVersion(body);
      if (version === undefined) throw new Error('the answer is not a version number');
      if (version !== this.version) this.logger.log({ version, userAgent: withCliVersion(this.config.userAgent, version) }, 'following the latest factory-cli version');
      this.version = version;
      this.failures = 0;
    } catch (error) {
      if (this.stopped) return;
      this.failures += 1;
      next = Math.min(refreshMs, retryBaseMs * 2 ** (this.failures - 1));
      this.logger.warn(
        { url: latestUrl, err: (error as Error).message, retryInMs: next, userAgent: this.current() },
        'could not read the latest factory-cli version; keeping the current one',
      );
    } finally {
      this.inFlight = undefined;
    }
    if (!this.stopped) this.timer = setTimeout(() => void this.refresh(), next).unref();
  }

  onModuleDestroy(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.inFlight?.abort();
  }
}
