import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { Response } from 'express';
import type { CallContext } from '../core/http/call-context';
import { formatErrorBody } from '../core/errors/error-format';
import { toErrorDetails } from '../core/filters/api-exception.filter';
import { msSinceStart, type RequestContext } from '../core/http/request-context';
import { FactoryCallService } from '../factory/factory-call.service';
import { discardBody, readBodyText } from '../outbound/read-body';
import { isEventStream, type UpstreamResponse } from '../outbound/upstream-response';
import {
  isChatStreamError,
  type ChatCompletion,
  type ChatCompletionRequest,
  type ChatUsage,
} from '../translation/chat-completions.types';
import type { ChatResponseContext, ProviderStrategy } from '../translation/provider-strategy';
import { ProviderStrategyRegistry } from '../translation/provider-strategy.registry';
import { accumulateChatStream } from '../translation/sse/accumulate-chat-chunks';
import { CHAT_STREAM_DONE, encodeChatStreamItem } from '../translation/sse/encode-chat-chunk';
import { translateChatStream } from '../translation/sse/translate-chat-stream';
import { UpstreamFormatError } from '../translation/translation-error';
import { readChatEnvelope } from './read-chat-envelope';
import { SseResponses } from '../sse-response/sse-responses.service';
import type { SseResponseWriter } from '../sse-response/sse-response-writer';
import { upstreamErrorToApiError } from '../core/errors/upstream-error-message';

/**
 * /v1/chat/completions for every upstream type: the model's strategy converts the request, the same Factory edits and
 * headers as the transparent routes apply, and the answer is converted back — streamed when the client streams.
 */
@Injectable()
export class ChatCompletionsService {
  constructor(
    private readonly factory: FactoryCallService,
    private readonly strategies: ProviderStrategyRegistry,
    private readonly sse: SseResponses,
  ) {}

  async complete(call: CallContext, body: unknown, res: Response): Promise<void> {
    const chat = readChatEnvelope(body);
    const model = this.factory.resolveModel(call, chat.model);
    const strategy = this.strategies.forType(model.type);
    const converted = strategy.toUpstreamRequest(chat, model);
    // A streaming client is answered by an SSE writer from the start, which sends headers early when the upstream
    // keeps it waiting; an error after that is an error chunk (see SseResponseWriter).
    const writer = chat.stream === true ? this.sse.open(res, { errorEvent: chatErrorEvent }) : null;
    let upstream;
    try {
      upstream = await this.factory.call({ call, model, body: converted.body, stream: converted.stream });
    } catch (error) {
      return failOrThrow(writer, error);
    }
    if (!upstream) {
      writer?.release();
      return;
    }
    const { signal, context } = call;

    if (upstream.status >= 400) {
      const retryAfter = upstream.headers['retry-after'];
      return failOrThrow(
        writer,
        upstreamErrorToApiError(upstream.status, await readBodyText(upstream.body), typeof retryAfter === 'string' ? retryAfter : undefined),
      );
    }
    const responseContext: ChatResponseContext = {
      id: `chatcmpl-${randomBytes(12).toString('hex')}`,
      created: Math.floor(Date.now() / 1000),
      model: chat.model,
      // Usage is always requested from the converter so the usage log has it; the client sees it only if it asked.
      includeUsage: true,
    };
    if (writer) {
      await this.stream(upstream, strategy, responseContext, chat, writer, call);
    } else {
      const completion = await this.answer(upstream, strategy, responseContext, signal);
      recordUsage(context, completion.usage);
      context.ttfbMs = msSinceStart(context);
      res.status(200).json(completion);
    }
  }

  private async answer(
    upstream: UpstreamResponse,
    strategy: ProviderStrategy,
    responseContext: ChatResponseContext,
    signal: AbortSignal,
  ): Promise<ChatCompletion> {
    // Some upstreams only stream; a non-stream client still gets one JSON object, accumulated here.
    if (isEventStream(upstream)) {
      return accumulateChatStream(translateChatStream(upstream.body, strategy.createStreamConverter(responseContext), signal));
    }
    const text = await readBodyText(upstream.body);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new UpstreamFormatError('The upstream answered with a body that is not JSON');
    }
    return strategy.fromUpstreamResponse(json, responseContext);
  }

  private async stream(
    upstream: UpstreamResponse,
    strategy: ProviderStrategy,
    responseContext: ChatResponseContext,
    chat: ChatCompletionRequest,
    writer: SseResponseWriter,
    { signal, context }: CallContext,
  ): Promise<void> {
    if (!isEventStream(upstream)) {
      discardBody(upstream.body);
      return failOrThrow(writer, new UpstreamFormatError('The upstream did not stream although a stream was requested'));
    }
    writer.begin();
    writer.onShutdown = (reason) => upstream.body.destroy(new Error(reason));
    const clientWantsUsage = chat.stream_options?.include_usage === true;
    let failed = false;
    try {
      for await (const item of translateChatStream(upstream.body, strategy.createStreamConverter(responseContext), signal)) {
        if (writer.closed) break;
        if (!isChatStreamError(item)) {
          if (item.choices.length === 0 && item.usage) {
            recordUsage(context, item.usage);
            if (!clientWantsUsage) continue;
          } else if (!clientWantsUsage) {
            // Asked of the converter for the usage log only; OpenAI omits the field when the client did not ask.
            delete item.usage;
          }
        }
        failed = isChatStreamError(item);
        if (!writer.writeEvent(encodeChatStreamItem(item))) await writer.drained();
      }
      // An error item is the stream's last word; OpenAI clients treat a missing [DONE] as the failure it is.
      writer.end(failed ? undefined : CHAT_STREAM_DONE);
    } catch (error) {
      discardBody(upstream.body);
      if (!signal.aborted) throw error;
    }
  }
}

/** OpenAI streams report a failure as one `data:` event holding the error object, then end without `[DONE]`. */
function chatErrorEvent(message: string, status = 502): string {
  return `data: ${JSON.stringify(formatErrorBody('openai', { status, message, code: 'upstream_error' }))}\n\n`;
}

/** An error before the stream began is thrown (the filter answers with its status); after, it ends the stream. */
function failOrThrow(writer: SseResponseWriter | null, error: unknown): void {
  if (!writer || writer.release()) throw error;
  const { message, status } = toErrorDetails(error);
  writer.fail(message, status);
}

function recordUsage(context: RequestContext, usage: ChatUsage | undefined): void {
  if (!usage) return;
  context.usage = {
    inputTokens: usage.prompt_tokens,
    outputTokens: usage.completion_tokens,
    cachedTokens: usage.prompt_tokens_details?.cached_tokens,
  };
}

