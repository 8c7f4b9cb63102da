import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './create-app';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { ConfigError } from './config/config-error';
import { DrainService } from './lifecycle/drain.service';

async function bootstrap(): Promise<void> {
  let app;
  try {
    app = await createApp();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`droid2api: configuration error: ${error.message}\n`);
    process.exit(1);
  }
  const config = app.get<AppConfig>(APP_CONFIG);
  // Not app.enableShutdownHooks(): Nest re-raises the signal after closing, so the process would exit 143 instead of 0
  // and orchestrators would log every rolling update as a crash.
  let closing = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (closing) return;
      closing = true;
      app
        .get(DrainService)
        .deregister(signal)
        .then(() => app.close())
        .then(() => process.exit(0))
        .catch(() => process.exit(1));
    });
  }
  try {
    await app.listen(config.port, config.host);
  } catch (error) {
    process.stderr.write(`droid2api: cannot listen on ${config.host}:${config.port}: ${listenFailure(error)}\n`);
    process.exit(1);
  }
  new Logger('Bootstrap').log({ port: config.port, models: config.models.length }, 'droid2api listening');
}

function listenFailure(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'EADDRINUSE':
      return 'the address is already in use';
    case 'EACCES':
      return 'permission denied (ports below 1024 need privileges)';
    case 'EADDRNOTAVAIL':
      return 'HOST is not an address of this machine';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`droid2api: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
