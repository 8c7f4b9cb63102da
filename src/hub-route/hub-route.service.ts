import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import type { ModelConfig } from '../config/app-config';
import { upstreamErrorToApiError } from '../core/errors/upstream-error-message';
import { toErrorDetails } from '../core/filters/api-exception.filter';
import type { CallContext } from '../core/http/call-context';
import { msSinceStart, type RequestContext } from '../core/http/request-context';
import { bufferedChunks } from '../core/stream/buffered-reads';
import { FactoryCallService } from '../factory/factory-call.service';
import { discardBody, readBodyText } from '../outbound/read-body';
import { isEventStream, type UpstreamResponse } from '../outbound/upstream-response';
import { SseResponses } from '../sse-response/sse-responses.service';
import type { SseResponseWriter } from '../sse-response/sse-response-writer';
import { CLIENT_CODECS } from '../translation/client/client-codecs';
import { estimateInputTokens } from '../translation/client/estimate-input-tokens';
import type {
  ClientApi,
  ClientApiCodec,
  ClientResponseContext,
  DecodedClientRequest,
  EncodedUpstreamRequest,
  HubStreamEncoder,
  UpstreamCodec,
} from '../translation/hub/hub-codec';
import type { HubResponse, HubUsage } from '../translation/hub/hub-stream';
import { TranslationError, UpstreamFormatError } from '../translation/translation-error';
import { decodeUpstreamBatches, decodeUpstreamStream } from '../translation/upstream/decode-upstream-stream';
import { UpstreamProviderRegistry } from '../translation/upstream/upstream-provider.registry';
import { readEnvelope } from '../transparent/request-envelope';
import { accumulateHubStream } from './accumulate-hub-stream';

/**
 * Serves a request whose model speaks the client's API itself (the transparent pair), untouched by the hub; `body` is
 * the client's, less what only the gateway understands.
 */
export type NativeHandler = (body: Record<string, unknown>) => Promise<void>;

const ID_PREFIX: Record<ClientApi, string> = { 'chat-completions': 'chatcmpl-', 'anthropic-messages': 'msg_', 'openai-responses': 'resp_' };
const KEEPALIVE_COMMENT = ': keepalive\n\n';
/** Distinct notes remembered before the memory starts over (a bound, not a budget). */
const MAX_NOTES = 1000;

/** One upstream call of the hub path: what the client asked, in hub terms and encoded for the upstream. */
interface HubCall {
  model: ModelConfig;
  codec: ClientApiCodec;
  upstream: UpstreamCodec;
  encoded: EncodedUpstreamRequest;
  context: ClientResponseContext;
}

/**
 * The hub call path: a client API's request decoded into the hub request, encoded for the model's upstream type, sent
 * to Factory with the same edits and headers as every route, and the answer (JSON, or SSE as it arrives) decoded into
 * hub parts and encoded back in the client's API. A model whose upstream speaks the client's API goes the native way
 * instead, after the codec removed what only the gateway understands (its own reasoning signatures).
 */
@Injectable()
export class HubRouteService {
  private readonly logger = new Logger('Hub');
  private readonly noted = new Set<string>();

  constructor(
    private readonly factory: FactoryCallService,
    private readonly upstreams: UpstreamProviderRegistry,
    private readonly sse: SseResponses,
  ) {}

  async serve(api: ClientApi, call: CallContext, body: unknown, res: Response, native: NativeHandler): Promise<void> {
    const codec = CLIENT_CODECS[api];
    const envelope = readEnvelope(body);
    const model = this.factory.resolveModel(call, envelope.model);
    if (model.type === codec.nativeType) return native(codec.prepareNative?.(envelope.body) ?? envelope.body);
    const decoded = this.decode(codec, envelope.body);
    const upstream = this.upstreams.forType(model.type).codec;
    let inputTokenEstimate: number | undefined;
    const hub: HubCall = {
      model,
      codec,
      upstream,
      encoded: encode(upstream, decoded, model),
      context: {
        request: decoded.request,
        // randomUUID draws from a buffered pool; randomBytes would make a getrandom call per request.
        id: ID_PREFIX[api] + randomUUID().replaceAll('-', ''),
        created: Math.floor(Date.now() / 1000),
        model: envelope.model,
        // Counted on first read: only the Messages encoders read it, and only when the upstream has not counted the
        // input itself, while counting an agent's prompt (tool schemas, PDFs) costs milliseconds.
        get inputTokenEstimate() {
          return (inputTokenEstimate ??= estimateInputTokens(decoded.request, call.systemPrompt));
        },
        includeUsage: decoded.includeUsage,
      },
    };
    if (decoded.request.stream) return this.stream(hub, call, res);

    const answer = await this.factory.call({ call, model, body: hub.encoded.body, stream: hub.encoded.stream });
    if (!answer) return;
    if (answer.status >= 400) throw await upstreamError(answer);
    const response = await this.whole(hub, answer, call.signal);
    recordUsage(call.context, response.usage);
    call.context.ttfbMs = msSinceStart(call.context);
    res.status(200).json(codec.encodeResponse(response, hub.context));
  }

  /**
   * Anthropic count_tokens for a model of another family: a local estimate of the translated request (the configured
   * system prompt, tools and images included), with no upstream call; the native model asks Anthropic.
   */
  countTokens(api: ClientApi, call: CallContext, body: unknown, res: Response, native: NativeHandler): Promise<void> {
    const codec = CLIENT_CODECS[api];
    const envelope = readEnvelope(body);
    const model = this.factory.resolveModel(call, envelope.model);
    if (model.type === codec.nativeType) return native(codec.prepareNative?.(envelope.body) ?? envelope.body);
    const decoded = this.decode(codec, envelope.body, { countTokens: true });
    res.status(200).json({ input_tokens: estimateInputTokens(decoded.request, call.systemPrompt) });
    return Promise.resolve();
  }

  private decode(codec: ClientApiCodec, body: Record<string, unknown>, options?: { countTokens: boolean }): DecodedClientRequest {
    const decoded = codec.decodeRequest(body, options);
    for (const note of decoded.notes) this.note(`${codec.api}: ${note}`);
    return decoded;
  }

  /** Each note once per process: Codex offers web_search on every turn, and one line says it all. */
  private note(line: string): void {
    if (this.noted.has(line)) return;
    if (this.noted.size >= MAX_NOTES) this.noted.clear();
    this.noted.add(line);
    this.logger.log(line);
  }

  private async whole({ upstream, encoded }: HubCall, answer: UpstreamResponse, signal: AbortSignal): Promise<HubResponse> {
    // Some upstreams only stream; a non-stream client still gets one answer, gathered here.
    if (isEventStream(answer)) return accumulateHubStream(decodeUpstreamStream(bufferedChunks(answer.body), upstream.createStreamDecoder(encoded), signal));
    const text = await readBodyText(answer.body);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new UpstreamFormatError('The upstream answered with a body that is not JSON');
    }
    return upstream.decodeResponse(json, encoded);
  }

  /**
   * A streaming answer. The client's encoder exists before the upstream answers, so the shared SSE writer can keep a
   * waiting client alive with the API's own idle frame and, once it has sent the headers, report a late upstream
   * error as the API's own closing events.
   */
  private async stream(hub: HubCall, call: CallContext, res: Response): Promise<void> {
    const encoder = hub.codec.createStreamEncoder(hub.context);
    const writer = this.sse.open(res, {
      errorEvent: (message, status) => encoder.fail(message, status),
      keepalive: () => encoder.keepalive?.() ?? KEEPALIVE_COMMENT,
    });
    let answer: UpstreamResponse | null;
    try {
      answer = await this.factory.call({ call, model: hub.model, body: hub.encoded.body, stream: true });
    } catch (error) {
      return failOrThrow(writer, error);
    }
    if (!answer) {
      writer.release();
      return;
    }
    if (answer.status >= 400) return failOrThrow(writer, await upstreamError(answer));
    if (!isEventStream(answer)) {
      discardBody(answer.body);
      return failOrThrow(writer, new UpstreamFormatError('The upstream did not stream although a stream was requested'));
    }
    const body = answer.body;
    writer.begin();
    writer.onShutdown = (reason) => body.destroy(new Error(reason));
    try {
      await this.pump(hub, encoder, answer, writer, call);
      writer.end();
    } catch (error) {
      discardBody(body);
      // Headers are out: the failure can only reach the client as its API's own closing events.
      if (!call.signal.aborted) writer.fail(`Upstream stream failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async pump(hub: HubCall, encoder: HubStreamEncoder, answer: UpstreamResponse, writer: SseResponseWriter, call: CallContext): Promise<void> {
    // One write per read: the frames of all the parts the bytes that arrived since the last one made.
    for await (const parts of decodeUpstreamBatches(bufferedChunks(answer.body), hub.upstream.createStreamDecoder(hub.encoded), call.signal)) {
      if (writer.closed) return;
      let frames = '';
      for (const part of parts) {
        if (part.type === 'finish') recordUsage(call.context, part.usage);
        frames += encoder.push(part);
      }
      if (frames && !writer.writeEvent(frames)) await writer.drained();
    }
  }
}

/** The upstream encoder's error, naming the field the client sent rather than the hub's. */
function encode(upstream: UpstreamCodec, decoded: DecodedClientRequest, model: ModelConfig): EncodedUpstreamRequest {
  try {
    return upstream.encodeRequest(decoded.request, model);
  } catch (error) {
    if (!(error instanceof TranslationError)) throw error;
    const detail = error.message.startsWith(`${error.param}: `) ? error.message.slice(error.param.length + 2) : error.message;
    throw new TranslationError(detail, decoded.clientParam(error.param));
  }
}

async function upstreamError(answer: UpstreamResponse): Promise<Error> {
  const retryAfter = answer.headers['retry-after'];
  return upstreamErrorToApiError(answer.status, await readBodyText(answer.body), typeof retryAfter === 'string' ? retryAfter : undefined);
}

/** An error before the stream began is thrown (the filter answers with its status); after, it ends the stream. */
function failOrThrow(writer: SseResponseWriter, error: unknown): void {
  if (writer.release()) throw error;
  const { message, status } = toErrorDetails(error);
  writer.fail(message, status);
}

function recordUsage(context: RequestContext, usage: HubUsage): void {
  if (usage.inputTokens === undefined && usage.outputTokens === undefined) return;
  context.usage = { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, cachedTokens: usage.cacheReadTokens };
}
