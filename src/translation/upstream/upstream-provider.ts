import type { IncomingHttpHeaders } from 'node:http';
import type { ModelConfig, UpstreamType } from '../../config/app-config';
import type { TokenUsage } from '../../core/http/request-context';
import type { JsonObject } from '../../core/json/json-object';
import type { UpstreamCodec } from '../hub/hub-codec';

/** The injection token under which every upstream provider is collected. */
export const UPSTREAM_PROVIDERS = Symbol('UPSTREAM_PROVIDERS');

/** What a header value is computed from on one upstream call (the credential is added by the caller). */
export interface UpstreamHeadersInput {
  model: ModelConfig;
  /** The client's request headers as Node gives them (lower-cased names). */
  clientHeaders: IncomingHttpHeaders;
  /** From config, e.g. `factory-cli/0.27.1`. */
  userAgent: string;
  stream: boolean;
}

/** Computes one header value; undefined leaves the header out. */
export type HeaderSource = (input: UpstreamHeadersInput) => string | undefined;
/** A type's own headers; `accept` is always named, as it leads the header set. */
export type HeaderTable = Readonly<{ accept: HeaderSource } & Record<string, HeaderSource>>;

export interface EditRequestOptions {
  /**
   * The body is for `/v1/messages/count_tokens`, which takes no `max_tokens`: the system prompt and thinking are
   * applied exactly as for `/v1/messages` (so the count matches what will be sent) but `max_tokens` is never added.
   */
  countTokens?: boolean;
}

/**
 * Everything the gateway knows about one upstream API family, so callers ask the type rather than switch on it: one
 * class per type, its pieces in the type's folder, collected under UPSTREAM_PROVIDERS (see upstream-providers.ts).
 */
export interface UpstreamProvider {
  readonly type: UpstreamType;
  /** Hub ⇄ this type's wire format. */
  readonly codec: UpstreamCodec;
  /** `x-api-provider` when the model names none. */
  readonly defaultApiProvider: string;
  /**
   * The headers only this type sends, `accept` first; the Factory identity every call carries (credential, session
   * ids, user agent, provider) is added around them in src/factory. Nothing of the client's goes unless named here.
   */
  readonly headers: HeaderTable;
  /** The configured system prompt ahead of the client's own instructions, in this type's body format. */
  injectSystemPrompt(body: Readonly<JsonObject>, prompt: string): JsonObject;
  /** Factory's body edits on every path: resolved model id, the system prompt, the model's fixed reasoning level. */
  editRequest(body: Readonly<JsonObject>, model: ModelConfig, systemPrompt: string, options?: EditRequestOptions): JsonObject;
  /** Token counts one upstream JSON object reports (a whole answer, or one SSE event's data); null when none. */
  extractUsage(value: unknown): TokenUsage | null;
  /**
   * The JSON key under which this API reports token counts (`usage`, `usageMetadata`): a stream's bytes are searched
   * for it, so only the events that carry counts are decoded and given to `extractUsage`.
   */
  readonly usageField: string;
  /**
   * An SSE event telling a client of this type's own API, in that API's format, that the stream failed: midway
   * (`status` absent, 502), or with the upstream's status when that came after the stream's headers.
   */
  streamErrorEvent(message: string, status?: number): string;
}
