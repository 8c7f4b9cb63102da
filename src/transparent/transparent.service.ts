import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ApiError } from '../core/errors/api-error';
import type { CallContext } from '../core/http/call-context';
import { DrainService } from '../lifecycle/drain.service';
import { FactoryCallService } from '../factory/factory-call.service';
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
    private readonly drain: DrainService,
    private readonly upstreams: UpstreamProviderRegistry,
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

    const upstream = await this.factory.call({
      call,
      model,
      body: envelope.body,
      stream: envelope.stream,
      url: upstreamUrl(this.config.endpoints[spec.type]!, spec),
      countTokens: spec.countTokens,
    });
    if (!upstream) return;
    const provider = this.upstreams.forType(spec.type);
    await forwardUpstreamResponse(upstream, res, {
      extractUsage: (value) => provider.extractUsage(value),
      keepaliveMs: this.config.sseKeepaliveMs,
      context: call.context,
      streamErrorEvent: (message) => provider.streamErrorEvent(message),
      registerStream: (close) => this.drain.registerOpenWork({ close }),
    });
  }
}
