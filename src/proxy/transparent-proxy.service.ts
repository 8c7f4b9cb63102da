import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AuthService } from '../auth/auth.service';
import { ApiError } from '../common/errors/api-error';
import { UpstreamError } from '../common/errors/upstream-error';
import { requestContext } from '../common/http/request-context';
import { editUpstreamRequest } from '../factory/edit-upstream-request';
import { buildFactoryHeaders } from '../factory/factory-headers';
import { DrainService } from '../lifecycle/drain.service';
import { ModelsService } from '../models/models.service';
import { UserAgentService } from '../version/user-agent.service';
import { forwardUpstreamResponse } from './forward-upstream-response';
import { readEnvelope } from './request-envelope';
import { ROUTE_FOR_TYPE, TRANSPARENT_ROUTES, upstreamUrl, type TransparentRoute } from './transparent-routes';
import { UpstreamClient } from './upstream-client.service';

/**
 * Transparent routes: the client's body goes to Factory with the few edits every path gets (model id, system prompt,
 * reasoning level, Factory headers) and the answer comes back untouched, streamed byte for byte.
 */
@Injectable()
export class TransparentProxyService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly models: ModelsService,
    private readonly auth: AuthService,
    private readonly client: UpstreamClient,
    private readonly drain: DrainService,
    private readonly userAgent: UserAgentService,
  ) {}

  async forward(route: TransparentRoute, req: Request, res: Response): Promise<void> {
    const spec = TRANSPARENT_ROUTES[route];
    const envelope = readEnvelope(req.body);
    const context = requestContext(res);
    context.model = envelope.model;
    const model = this.models.resolve(envelope.model);
    context.resolvedModel = model.id;
    context.upstreamType = spec.type;
    if (model.type !== spec.type) {
      throw ApiError.badRequest(
        `Model '${model.id}' is of type ${model.type}, served by ${ROUTE_FOR_TYPE[model.type]}; ${spec.path} serves ${spec.type} models only`,
        'model',
      );
    }

    const body = JSON.stringify(
      editUpstreamRequest(spec.type, envelope.body, model, this.config.systemPrompt, { countTokens: spec.countTokens }),
    );
    const url = upstreamUrl(this.config.endpoints[spec.type]!, spec);
    const abort = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) abort.abort();
    });

    try {
      const upstream = await this.auth.send(req, (authorization) =>
        this.client.post({
          url,
          body,
          signal: abort.signal,
          headers: buildFactoryHeaders({
            type: spec.type,
            model,
            clientHeaders: req.headers,
            authorization,
            userAgent: this.userAgent.current(),
            stream: envelope.stream,
          }),
        }),
      );
      context.upstreamRoute = upstream.route;
      await forwardUpstreamResponse(upstream, res, {
        type: spec.type,
        keepaliveMs: this.config.sseKeepaliveMs,
        context,
        streamErrorEvent: spec.streamErrorEvent,
        registerStream: (close) => this.drain.registerOpenWork({ close }),
      });
    } catch (error) {
      // The client left: there is nobody to answer.
      if (error instanceof UpstreamError && error.kind === 'aborted') return;
      throw error;
    }
  }
}
