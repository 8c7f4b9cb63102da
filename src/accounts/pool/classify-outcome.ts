import { UpstreamError } from '../../outbound/upstream-error';
import type { FailureClass } from '../account';
import type { HealthOutcome } from '../selection/health-score';

/** What the pool does after an upstream answer on one account. */
export type AttemptVerdict =
  /** Hand the response to the client. */
  | { kind: 'success' }
  /** Refresh once and retry on the same account; still refused → disable. */
  | { kind: 'unauthorized' }
  /** Disable the account with the upstream's message, try another. */
  | { kind: 'payment_required' }
  /** Record, cool down where due, try another account. */
  | { kind: 'retry_elsewhere'; failure: 'rate_limited' | 'server' }
  /** The request's own problem (400, 403 content rejection, 404 …): answered as is, nobody is retried or disabled. */
  | { kind: 'final'; failure: 'forbidden' | 'client' };

/** Success means the upstream accepted the request (status < 400 once headers arrived). */
export function classifyStatus(status: number): AttemptVerdict {
  if (status < 400) return { kind: 'success' };
  if (status === 401) return { kind: 'unauthorized' };
  if (status === 402) return { kind: 'payment_required' };
  if (status === 429) return { kind: 'retry_elsewhere', failure: 'rate_limited' };
  if (status >= 500) return { kind: 'retry_elsewhere', failure: 'server' };
  if (status === 403) return { kind: 'final', failure: 'forbidden' };
  return { kind: 'final', failure: 'client' };
}

/** A transport failure worth another account (connect, timeout), or undefined for one that is not (the client left). */
export function transportFailure(error: unknown): 'timeout' | 'connect' | undefined {
  if (!(error instanceof UpstreamError)) return undefined;
  switch (error.kind) {
    case 'timeout':
      return 'timeout';
    case 'connect':
      return 'connect';
    case 'aborted':
    case 'status':
      return undefined;
    default: {
      const unreachable: never = error.kind;
      throw new Error(`unknown upstream error kind ${String(unreachable)}`);
    }
  }
}

/** The classes that say something about the account's health; the others leave the score alone. */
export function healthOutcomeOf(failure: FailureClass): HealthOutcome | undefined {
  switch (failure) {
    case 'rate_limited':
    case 'server':
    case 'timeout':
    case 'connect':
      return failure;
    case 'unauthorized':
    case 'payment_required':
    case 'forbidden':
    case 'client':
      return undefined;
    default: {
      const unreachable: never = failure;
      throw new Error(`unknown failure class ${String(unreachable)}`);
    }
  }
}
