import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ApiError } from '../core/errors/api-error';
import { toErrorDetails } from '../core/filters/api-exception.filter';
import type { CallContext } from '../core/http/call-context';
import { FactoryCallService } from '../factory/factory-call.service';
import { isEventStream } from '../outbound/upstream-response';
import { SseResponses } from '../sse-response/sse-responses.service';
import { UpstreamProviderRegistry } from '../translation/upstream/upstream-provider.registry';
import { forwardUpstreamResponse } from './forward-upstream-response';
import { readEnvelope } from './request-envelope';
import { ROUTE_FOR_TYPE, TRANSPARENT_ROUTES, upstreamUrl, type TransparentRoute } from './transparent-routes';

/**
 * Transparent routes: the client's body goes to Factory with the few edits every path gets (model id, system prompt,
 * reasoning level, Factory headers) and the answer comes back untouched, streamed byte for byte.
 */
@Injectable()
export class TransparentService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly factory: FactoryCallService,
    private readonly upstreams: UpstreamProviderRegistry,
    private readonly sse: SseResponses,
  ) {}

  async forward(route: TransparentRoute, call: CallContext, body: unknown, res: Response): Promise<void> {
    const spec = TRANSPARENT_ROUTES[route];
    const envelope = readEnvelope(body);
    const model = this.factory.resolveModel(call, envelope.model);
    if (model.type !== spec.type) {
      throw ApiError.badRequest(
        `Model '${model.id}' is of type ${model.type}, served by ${ROUTE_FOR_TYPE[model.type] ?? '/v1/chat/completions'}; ${spec.path} serves ${spec.type} models only`,
        'model',
      );
    }

    // A streaming client is answered by an SSE writer from the start, which sends headers early when the upstream
    // keeps it waiting (see SseResponseWriter); the route's API and the upstream's are the same, so is the error event.
    const provider = this.upstreams.forType(spec.type);
    const sseOptions = { errorEvent: (message: string, status?: number) => provider.streamErrorEvent(message, status) };
    const writer = envelope.stream ? this.sse.open(res, sseOptions) : null;
    let upstream;
    try {
      upstream = await this.factory.call({
        call,
        model,
        body: envelope.body,
        stream: envelope.stream,
        url: upstreamUrl(this.config.endpoints[spec.type]!, spec),
        countTokens: spec.countTokens,
      });
    } catch (error) {
      if (!writer || writer.release()) throw error;
      const { message, status } = toErrorDetails(error);
      writer.fail(message, status);
      return;
    }
    if (!upstream) {
      writer?.release();
      return;
    }
    await forwardUpstreamResponse(upstream, res, {
      provider,
      context: call.context,
      // An upstream may stream although the client did not ask it to; it still gets the SSE handling.
      writer: writer ?? (isEventStream(upstream) ? this.sse.open(res, sseOptions) : null),
    });
  }
}
