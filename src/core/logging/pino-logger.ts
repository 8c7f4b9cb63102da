import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';

/**
 * Credentials are kept out of log objects where they are built (dev-mode dumps go through redactSecrets, and tests scan
 * the logs for planted tokens); pino's path redaction is not used because its wildcard paths cost more per line than
 * the rest of a request's logging.
 */
export function createRootLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'droid2api' },
    timestamp: isoTime,
    formatters: { level: (label) => ({ level: label }) },
  });
}

const NEST_READY = 'Nest application successfully started';

let isoMs = 0;
let isoText = '';

/** pino's isoTime, formatting the date once per millisecond rather than once per line. */
function isoTime(): string {
  const now = Date.now();
  if (now !== isoMs) {
    isoMs = now;
    isoText = new Date(now).toISOString();
  }
  return `,"time":"${isoText}"`;
}

/** Nest's LoggerService on top of pino, so framework and application lines share one JSON stream. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    // Nest says this when the app is initialised, before it listens, so a taken port would follow a claim of success;
    // main.ts logs 'droid2api listening' once the port is bound instead.
    if (message === NEST_READY && rest.at(-1) === 'NestApplication') return;
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  // Nest passes (message, ...params, context); Logger instances pass their name as the last string.
  private write(level: pino.Level, message: unknown, rest: unknown[]): void {
    const params = [...rest];
    const context = typeof params[params.length - 1] === 'string' ? (params.pop() as string) : undefined;
    if (message && typeof message === 'object' && !(message instanceof Error)) {
      const text = typeof params[0] === 'string' ? (params.shift() as string) : undefined;
      this.logger[level]({ context, ...message }, text);
      return;
    }
    if (message instanceof Error) {
      this.logger[level]({ context, err: { type: message.name, message: message.message } }, message.message);
      return;
    }
    const trace = level === 'error' && typeof params[0] === 'string' ? params[0] : undefined;
    this.logger[level]({ context, ...(trace ? { trace } : {}) }, String(message));
  }
}
