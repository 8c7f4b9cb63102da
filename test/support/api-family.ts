import type { OutgoingHttpHeaders } from 'node:http';
import type { Behaviour } from './fake-behaviour';
import type { RecordedRequest } from './recorded-request';
import type { IdSource } from './wire-helpers';

/** Why the real API would refuse a request; `param` and `code` matter only to the OpenAI shapes. */
export interface Rejection {
  message: string;
  param?: string | null;
  code?: string | null;
}

/** Everything the router needs to answer one vendor API: its errors, its validation and its two wire forms. */
export interface ApiFamily<Script> {
  readonly name: 'anthropic' | 'responses' | 'chat' | 'google';
  /** Anthropic accepts `x-api-key` as well as a bearer token; the others only the bearer. */
  readonly acceptsApiKeyHeader: boolean;
  readonly streamHeaders: OutgoingHttpHeaders;
  /** An error body in this API's own shape for the given status. */
  errorBody(status: number, rejection: Rejection): unknown;
  /** The 400 the real API would answer, or undefined when the request is acceptable. */
  validate(request: RecordedRequest): Rejection | undefined;
  wantsStream(request: RecordedRequest): boolean;
  /** The scripted answer a behaviour carries for this API, if any. */
  scriptOf(behaviour: Behaviour | undefined): Script | undefined;
  /** The answer when nothing is scripted: an echo of the last user text. */
  defaultScript(request: RecordedRequest): Script;
  /** A plain text answer, streamed in deltas of `deltaSize` characters. */
  textScript(text: string, deltaSize: number): Script;
  toJson(script: Script, request: RecordedRequest, ids: IdSource): unknown;
  /** SSE frames, produced lazily. */
  toFrames(script: Script, request: RecordedRequest, ids: IdSource): Iterable<string>;
}
