import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { Response } from 'express';
import { formatErrorBody } from '../core/errors/error-format';
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
import {
  isChatStreamError,
  type ChatCompletion,
  type ChatCompletionRequest,
  type ChatUsage,
} from '../translation/client/chat-completions/chat-api.types';
import { UpstreamFormatError } from '../translation/translation-error';
import { accumulateChatStream } from './passthrough/accumulate-chat-chunks';
import type { ChatResponseContext } from './passthrough/chat-stream-converter';
import { CHAT_STREAM_DONE, encodeChatStreamItem } from './passthrough/encode-chat-chunk';
import { PassthroughStreamConverter } from './passthrough/passthrough-stream-converter';
import { translateChatBatches, translateChatStream } from './passthrough/translate-chat-stream';
import { readChatEnvelope } from './read-chat-envelope';

/**
 * /v1/chat/completions for `common` models, whose upstream speaks Chat Completions itself: the client's body goes as
 * sent (vendor fields, message roles and parts untouched) with the Factory edits, and the answer comes back chunk by
 * chunk with the client's model id; a stream the upstream cuts ends with an error chunk and no `[DONE]`.
 */
@Injectable()
export class ChatPassthroughService {
  constructor(
    private readonly factory: FactoryCallService,
    private readonly sse: SseResponses,
  ) {}

  async complete(call: CallContext, body: unknown, res: Response): Promise<void> {
    const chat = readChatEnvelope(body);
    const model = this.factory.resolveModel(call, chat.model);
    const stream = chat.stream === true;
    // A streaming client is answered by an SSE writer from the start, which sends headers early when the upstream
    // keeps it waiting; an error after that is an error chunk (see SseResponseWriter).
    const writer = stream ? this.sse.open(res, { errorEvent: chatErrorEvent }) : null;
    let upstream: UpstreamResponse | null;
    try {
      upstream = await this.factory.call({ call, model, body: { ...chat, model: model.id }, stream });
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
    };
    if (writer) {
      await this.stream(upstream, responseContext, chat, writer, call);
    } else {
      const completion = await this.answer(upstream, responseContext, signal);
      recordUsage(context, completion.usage);
      context.ttfbMs = msSinceStart(context);
      res.status(200).json(completion);
    }
  }

  private async answer(upstream: UpstreamResponse, responseContext: ChatResponseContext, signal: AbortSignal): Promise<ChatCompletion> {
    // Some upstreams only stream; a non-stream client still gets one JSON object, accumulated here.
    if (isEventStream(upstream)) {
      return accumulateChatStream(translateChatStream(bufferedChunks(upstream.body), new PassthroughStreamConverter(responseContext), signal));
    }
    const text = await readBodyText(upstream.body);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new UpstreamFormatError('The upstream answered with a body that is not JSON');
    }
    if (typeof json !== 'object' || json === null || !Array.isArray((json as { choices?: unknown }).choices)) {
      throw new UpstreamFormatError('Chat Completions response has no choices array');
    }
    // Passed through untouched but for the model, which the client sees as the id it asked for.
    return { ...(json as ChatCompletion), model: responseContext.model };
  }

  private async stream(
    upstream: UpstreamResponse,
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
      // One write per read: the frames of all the items the bytes that arrived since the last one made.
      for await (const items of translateChatBatches(bufferedChunks(upstream.body), new PassthroughStreamConverter(responseContext), signal)) {
        if (writer.closed) break;
        let frames = '';
        for (const item of items) {
          if (!isChatStreamError(item) && item.choices.length === 0 && item.usage) {
            recordUsage(context, item.usage);
            if (!clientWantsUsage) continue;
          }
          failed = isChatStreamError(item);
          frames += encodeChatStreamItem(item);
        }
        if (frames && !writer.writeEvent(frames)) await writer.drained();
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
