import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from '../../src/create-app';
import { APP_CONFIG, type AppConfig } from '../../src/config/app-config';
import { createCapturedLogger, type CapturedLogs } from './capture-logs';

export const REPO_ROOT = resolve(__dirname, '..', '..');

export interface StartAppOptions {
  /** Environment for `loadAppConfig`, merged over the defaults below. `process.env` is never read. */
  env?: Record<string, string>;
  /** Applied after loading: fields to merge over the loaded config, or a function returning the config to use. */
  config?: Partial<AppConfig> | ((config: AppConfig) => AppConfig);
  /** A config.json body, written to a temp file and used as CONFIG_PATH. */
  configFile?: object;
}

export interface StartedApp {
  app: NestExpressApplication;
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  port: number;
  /** The configuration the app runs with. */
  config: AppConfig;
  /** Everything the app logged (framework and request lines). */
  logs: CapturedLogs;
  /** `app.close()` (the real drain), then removes the temp dirs. Safe to call more than once. */
  close(): Promise<void>;
}

/**
 * Boots the app exactly as production does (`createApp`) on a random port of 127.0.0.1.
 *
 * Default env: the bundled config/config.json, LOG_LEVEL=info, and fresh temp dirs for DATA_DIR and HOME, so neither
 * the developer's ~/.factory/auth.json nor their shell variables (FACTORY_API_KEY …) can leak into a test.
 * Nest's Logger is process-global: with several apps alive in one test file, framework lines go to the newest one.
 */
export async function startApp(options: StartAppOptions = {}): Promise<StartedApp> {
  const tempRoot = mkdtempSync(join(tmpdir(), 'droid2api-test-'));
  const home = join(tempRoot, 'home');
  const dataDir = join(tempRoot, 'data');
  mkdirSync(home);
  mkdirSync(dataDir);
  const env: Record<string, string> = {
    CONFIG_PATH: 'config/config.json',
    DATA_DIR: dataDir,
    HOME: home,
    LOG_LEVEL: 'info',
    ...options.env,
  };
  if (options.configFile) {
    env.CONFIG_PATH = join(tempRoot, 'config.json');
    writeFileSync(env.CONFIG_PATH, JSON.stringify(options.configFile, null, 2));
  }

  const adjust = (loaded: AppConfig): AppConfig =>
    typeof options.config === 'function' ? options.config(loaded) : { ...loaded, ...options.config };
  let logs: CapturedLogs | undefined;
  const removeTemp = () => rmSync(tempRoot, { recursive: true, force: true });
  const app = await createApp({
    config: { env, cwd: REPO_ROOT, adjust },
    logger: (config) => (logs = createCapturedLogger(config.logLevel)).logger,
  }).catch((error: unknown) => {
    // A test that expects the configuration to be refused leaves no temp dir behind.
    removeTemp();
    throw error;
  });
  const config = app.get<AppConfig>(APP_CONFIG);
  try {
    await app.listen(0, '127.0.0.1');
  } catch (error) {
    await app.close().finally(removeTemp);
    throw error;
  }
  const { port } = app.getHttpServer().address() as AddressInfo;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= app.close().finally(removeTemp));
  return { app, url: `http://127.0.0.1:${port}`, port, config, logs: logs!, close };
}
