import type { ServerResponse } from 'node:http';
import type { AnthropicScript } from './fake-anthropic';
import type { ChatScript } from './fake-chat';
import type { FixtureName } from './fixture-replay';
import type { GoogleScript } from './fake-google';
import type { RecordedRequest } from './recorded-request';
import type { ResponsesScript } from './fake-responses';
import type { StreamShaping } from './sse-writer';

/** Options every behaviour accepts. Shaping applies whenever the answer is a stream. */
export interface CommonBehaviour extends StreamShaping {
  /** Accept the request, then send nothing at all (not even headers) for this long before answering. */
  hangMs?: number;
  /** Extra response headers. */
  headers?: Record<string, string>;
}

/** A fixed reply, e.g. `{status: 429, headers: {'retry-after': '1'}}`. Without `body`, the route's own error shape. */
export interface ReplyBehaviour extends CommonBehaviour {
  status: number;
  /** An object is sent as JSON, a string as is. */
  body?: unknown;
}

/** Replays test/fixtures/<sseFixture>.sse whatever the request asked for. */
export interface FixtureBehaviour extends CommonBehaviour {
  sseFixture: FixtureName;
}

/** Scripted answers, streamed or not as the request asks, in the route's wire format. */
export interface AnthropicBehaviour extends CommonBehaviour {
  anthropicResponse: AnthropicScript;
}
export interface ResponsesBehaviour extends CommonBehaviour {
  responsesResponse: ResponsesScript;
}
export interface ChatBehaviour extends CommonBehaviour {
  chatResponse: ChatScript;
}
export interface GoogleBehaviour extends CommonBehaviour {
  googleResponse: GoogleScript;
}

/** A text answer of exactly `large` bytes, streamed as deltas of `deltaBytes` (default 16 KiB). */
export interface LargeBehaviour extends CommonBehaviour {
  large: number;
  deltaBytes?: number;
}

/** HTTP 200 whose body is not what the client expects (HTML instead of SSE or JSON). */
export interface GarbageBehaviour extends CommonBehaviour {
  garbage: true | string;
}

/** Chooses the behaviour from the request itself (a tool loop answers a call first, then text once the result is back). */
export interface DecideBehaviour {
  decide: (request: RecordedRequest) => Behaviour;
}

/** Escape hatch: the test writes the response itself. */
export interface CustomBehaviour {
  custom: (request: RecordedRequest, res: ServerResponse) => void | Promise<void>;
}

export type Behaviour =
  | ReplyBehaviour
  | FixtureBehaviour
  | AnthropicBehaviour
  | ResponsesBehaviour
  | ChatBehaviour
  | GoogleBehaviour
  | LargeBehaviour
  | GarbageBehaviour
  | CustomBehaviour
  | DecideBehaviour
  | CommonBehaviour;

export type ClassifiedBehaviour =
  | { kind: 'default' }
  | { kind: 'reply'; reply: ReplyBehaviour }
  | { kind: 'fixture'; fixture: FixtureName }
  | { kind: 'scripted' }
  | { kind: 'large'; bytes: number; deltaBytes: number }
  | { kind: 'garbage'; text: string }
  | { kind: 'custom'; handler: CustomBehaviour['custom'] };

const SCRIPT_KEYS = ['anthropicResponse', 'responsesResponse', 'chatResponse', 'googleResponse'] as const;

export const GARBAGE_BODY =
  '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>upstream connect error</body></html>\n';

/** Decides what kind of answer a behaviour asks for; options such as `hangMs` combine with any of them. */
export function classifyBehaviour(behaviour: Behaviour | undefined): ClassifiedBehaviour {
  if (!behaviour) return { kind: 'default' };
  if ('custom' in behaviour) return { kind: 'custom', handler: behaviour.custom };
  if ('status' in behaviour) return { kind: 'reply', reply: behaviour };
  if ('sseFixture' in behaviour) return { kind: 'fixture', fixture: behaviour.sseFixture };
  if (SCRIPT_KEYS.some((key) => key in behaviour)) return { kind: 'scripted' };
  if ('large' in behaviour) return { kind: 'large', bytes: behaviour.large, deltaBytes: behaviour.deltaBytes ?? 16384 };
  if ('garbage' in behaviour) {
    return { kind: 'garbage', text: behaviour.garbage === true ? GARBAGE_BODY : behaviour.garbage };
  }
  return { kind: 'default' };
}

export function shapingOf(behaviour: Behaviour | undefined): CommonBehaviour {
  return behaviour && !('custom' in behaviour) && !('decide' in behaviour) ? behaviour : {};
}
