import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './create-app';
import { ConfigError } from './config/config-error';
import { loadAppConfigFromProcess } from './config/load-app-config';

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadAppConfigFromProcess();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`droid2api: configuration error: ${error.message}\n`);
    process.exit(1);
  }

  const app = await createApp(config);
  // Not app.enableShutdownHooks(): Nest re-raises the signal after closing, so the process would exit 143 instead of 0
  // and orchestrators would log every rolling update as a crash.
  let closing = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (closing) return;
      closing = true;
      app
        .close()
        .then(() => process.exit(0))
        .catch(() => process.exit(1));
    });
  }
  await app.listen(config.port, config.host);
  new Logger('Bootstrap').log({ port: config.port, models: config.models.length }, 'droid2api listening');
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`droid2api: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
