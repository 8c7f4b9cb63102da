import type { ModelConfig, UpstreamType } from '../../config/app-config';
import type { ErrorFormat } from '../../core/errors/error-format';
import type { SseEvent } from '../sse/sse-event-stream';
import type { HubRequest } from './hub-prompt';
import type { HubResponse, HubStreamPart } from './hub-stream';

/** The client-facing APIs the gateway speaks. */
export type ClientApi = 'chat-completions' | 'anthropic-messages' | 'openai-responses';

/**
 * Tool names as the upstream saw them ↔ the client's names. Upstream encoders shorten names past their API's limit
 * (OpenAI: 64 characters) or outside its character set, deterministically (same name in, same name out, on every turn
 * of a conversation), and their decoders map the names back before any part reaches a client encoder.
 */
export interface ToolNameMap {
  toUpstream(clientName: string): string;
  toClient(upstreamName: string): string;
}

/** A hub request encoded for one upstream type, before the per-type Factory edits (system prompt, reasoning level). */
export interface EncodedUpstreamRequest {
  body: Record<string, unknown>;
  /** Whether the upstream is asked to stream (already written into `body` where its API has such a field). */
  stream: boolean;
  toolNames: ToolNameMap;
  /**
   * Client names of freeform tools this upstream was offered as a function taking `{"input": string}` (its API has no
   * freeform tools): the decoders unwrap those calls' JSON arguments back into the plain text `tool-call.input` carries.
   */
  freeformAsFunction?: ReadonlySet<string>;
}

/** Turns one upstream SSE stream into hub stream parts (see the grammar on `HubStreamPart`). One per response. */
export interface HubStreamDecoder {
  /** One parsed SSE event in; zero or more parts out. An upstream error event becomes an `error` part, never a throw. */
  push(event: SseEvent): HubStreamPart[];
  /** The upstream body ended: the closing parts (`finish`, with `unterminated` when its terminal event never came). */
  finish(): HubStreamPart[];
}

/** Hub ↔ one upstream API family. Pure: no I/O, no configuration beyond the resolved model. */
export interface UpstreamCodec {
  readonly type: UpstreamType;
  /** Throws TranslationError (400, naming the field) for what this upstream cannot express. */
  encodeRequest(request: HubRequest, model: ModelConfig): EncodedUpstreamRequest;
  /** Throws UpstreamFormatError (502) on a body of the wrong shape. */
  decodeResponse(body: unknown, encoded: EncodedUpstreamRequest): HubResponse;
  createStreamDecoder(encoded: EncodedUpstreamRequest): HubStreamDecoder;
}

/** Per-response values chosen by the caller; encoders copy them into what they emit. */
export interface ClientResponseContext {
  /** The decoded request: encoders look up tool kinds (freeform, namespaced) and names in it. */
  request: HubRequest;
  /** The response id in the API's own style (`msg_…`, `resp_…`, `chatcmpl-…`). */
  id: string;
  /** Unix seconds. */
  created: number;
  /** The model id the client asked for. */
  model: string;
  /** A local estimate of the request's input tokens, for APIs that announce usage before the answer (`message_start`). */
  inputTokenEstimate: number;
  /** Whether usage goes to the client (Chat Completions `stream_options.include_usage`); the usage log gets it anyway. */
  includeUsage: boolean;
}

/** Hub parts → one client API's SSE. Stateful: one per response. Returns complete SSE frames ('' when none). */
export interface HubStreamEncoder {
  push(part: HubStreamPart): string;
  /**
   * The stream failed outside the upstream's own events (connection cut, idle timeout, drain, or an upstream error
   * answer that came after the SSE headers went out, with its HTTP `status`): the frames that end the stream in this
   * API's terms.
   */
  fail(message: string, status?: number): string;
  /**
   * What to write during upstream silence so idle timeouts do not cut the stream (Anthropic's own `ping` event, say);
   * an SSE comment when absent.
   */
  keepalive?(): string;
}

/** A client request read into the hub, with what only the client side needs to answer it. */
export interface DecodedClientRequest {
  request: HubRequest;
  /** Whether usage goes to the client (Chat Completions `stream_options.include_usage`; the other APIs always report it). */
  includeUsage: boolean;
  /**
   * The client's own field path for a hub path (`messages[2].content[0]` of the hub request → `messages[3].content[1]`
   * of the client's), so a TranslationError an upstream encoder raises about a hub part names the field the client sent.
   */
  clientParam(hubParam: string): string;
  /** What the decoder left out on purpose (a built-in tool no upstream of this family can run), for the log. */
  notes: string[];
}

/** One client API ↔ hub. Pure, like the upstream codecs. */
export interface ClientApiCodec {
  readonly api: ClientApi;
  readonly errorFormat: ErrorFormat;
  /** The upstream type that speaks this API itself: its models are served without the hub (transparent pairs). */
  readonly nativeType?: UpstreamType;
  /**
   * Throws TranslationError (400 in this API's error format, naming the field) on a request it cannot read.
   * `countTokens`: the body is a token-count request (Anthropic's has no `max_tokens`).
   */
  decodeRequest(body: Record<string, unknown>, options?: { countTokens: boolean }): DecodedClientRequest;
  /**
   * The body a native model (`nativeType`) is sent, without what only the gateway understands: reasoning it signed
   * for another upstream, which the real API would reject. The body itself when there is nothing to remove.
   */
  prepareNative?(body: Record<string, unknown>): Record<string, unknown>;
  encodeResponse(response: HubResponse, context: ClientResponseContext): Record<string, unknown>;
  createStreamEncoder(context: ClientResponseContext): HubStreamEncoder;
}
