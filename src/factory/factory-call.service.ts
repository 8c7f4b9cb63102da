import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, type ModelConfig } from '../config/app-config';
import { AuthService } from '../auth/auth.service';
import { UpstreamError } from '../outbound/upstream-error';
import type { CallContext, UpstreamIdentity } from '../core/http/call-context';
import { msSinceStart } from '../core/http/request-context';
import { buildFactoryHeaders } from './factory-headers';
import { apiProviderFor } from './factory-identity';
import type { JsonObject } from '../core/json/json-object';
import { ModelsService } from '../models/models.service';
import { UpstreamClient } from '../outbound/upstream-client.service';
import { UpstreamProviderRegistry } from '../translation/upstream/upstream-provider.registry';
import type { UpstreamResponse } from '../outbound/upstream-response';

export interface FactoryCall {
  call: CallContext;
  model: ModelConfig;
  /** The body in the model's upstream format, before the Factory edits. */
  body: JsonObject;
  /** Whether the upstream is asked to stream (sets the stream helper header). */
  stream: boolean;
  /** Defaults to the endpoint of the model's type. */
  url?: string;
  countTokens?: boolean;
}

/**
 * One call to Factory on behalf of a client request, the same for every route: the model resolved into the request
 * context, the Factory body edits and headers, the credential chain (with its retries), and the upstream call aborted
 * the moment the client leaves.
 */
@Injectable()
export class FactoryCallService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly models: ModelsService,
    private readonly auth: AuthService,
    private readonly client: UpstreamClient,
    private readonly upstreams: UpstreamProviderRegistry,
  ) {}

  /** Resolves the id the client asked for, records both ids for the logs and metrics, and the model's provider. */
  resolveModel({ context, identity }: CallContext, requested: string): ModelConfig {
    context.model = requested;
    const model = this.models.resolve(requested);
    context.resolvedModel = model.id;
    context.upstreamType = model.type;
    if (identity) identity.apiProvider = apiProviderFor(model, this.upstreams.forType(model.type).defaultApiProvider);
    return model;
  }

  /** Resolves to the upstream's answer (status and headers known, body unread), or null when the client left first. */
  async call({ call, model, body, stream, url, countTokens }: FactoryCall): Promise<UpstreamResponse | null> {
    const provider = this.upstreams.forType(model.type);
    const identity = identityOf(call);
    const payload = JSON.stringify(provider.editRequest(body, model, systemPromptOf(call), { countTokens }));
    try {
      const upstream = await this.auth.send(call, (authorization) =>
        this.client.post({
          url: url ?? this.config.endpoints[model.type]!,
          body: payload,
          signal: call.signal,
          headers: buildFactoryHeaders({
            provider,
            model,
            clientHeaders: call.headers,
            identity,
            authorization,
            userAgent: identity.userAgent,
            stream,
          }),
        }),
      );
      call.context.upstreamRoute = upstream.route;
      call.context.upstreamLatencyMs = msSinceStart(call.context);
      return upstream;
    } catch (error) {
      // The client left: there is nobody to answer.
      if (error instanceof UpstreamError && error.kind === 'aborted') return null;
      throw error;
    }
  }
}

/** The identity FactoryIdentityInterceptor put on the call, completed with the model's provider by resolveModel. */
function identityOf(call: CallContext): Required<UpstreamIdentity> {
  if (!call.identity?.apiProvider) throw new Error('No upstream identity on the call: the route lacks FactoryIdentityInterceptor or resolveModel');
  return call.identity as Required<UpstreamIdentity>;
}

/** The prompt SystemPromptInterceptor decided for the request; a route without it must not send a prompt-less body. */
function systemPromptOf(call: CallContext): string {
  if (call.systemPrompt === undefined) throw new Error('No system prompt decided for the call: the route lacks SystemPromptInterceptor');
  return call.systemPrompt;
}
