import pino, { type Logger } from 'pino';

/** A pino logger whose JSON lines stay in memory, so a test can assert on what the gateway logged. */
export interface CapturedLogs {
  logger: Logger;
  /** Every line written so far, parsed. */
  lines(): Record<string, unknown>[];
  /** Every line written so far, raw, newline-separated: scan it for strings that must never be logged. */
  text(): string;
  /**
   * Resolves with the first line matching `predicate`, waiting for it if needed. The request log line is written when
   * the response closes, which can be a moment after the client has read the body.
   */
  waitForLine(predicate: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
}

export function createCapturedLogger(level = 'info'): CapturedLogs {
  const raw: string[] = [];
  const listeners = new Set<() => void>();
  // Same shape as the production logger (src/core/logging/pino-logger.ts) minus its destination.
  const logger = pino(
    {
      level,
      base: { service: 'droid2api' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    {
      write(chunk: string) {
        raw.push(chunk);
        listeners.forEach((listener) => listener());
      },
    },
  );
  const lines = () => raw.map((chunk) => JSON.parse(chunk) as Record<string, unknown>);

  const waitForLine: CapturedLogs['waitForLine'] = (predicate, timeoutMs = 5_000) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const found = lines().find(predicate);
        if (!found) return false;
        done();
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no matching log line within ${timeoutMs} ms; lines so far:\n${raw.join('')}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      if (!check()) listeners.add(check);
    });

  return { logger, lines, text: () => raw.join(''), waitForLine };
}
