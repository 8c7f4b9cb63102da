import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Observable } from 'rxjs';
import { callContextOf } from '../core/http/call-context';
import { UserAgentService } from '../version/user-agent.service';
import { factoryIdentity } from './factory-identity';

/**
 * The per-request Factory identity (session and message ids, client, user agent) put on the call context before the
 * handler runs, so every upstream attempt of the request (a refreshed-token retry, a failover to another account)
 * carries the same ids. The credential stays per attempt, in FactoryCallService; the provider is added once the
 * handler has resolved the model. Request side only: the handlers write their own responses (@Res()), which
 * response-mapping interceptors never see.
 */
@Injectable()
export class FactoryIdentityInterceptor implements NestInterceptor {
  constructor(private readonly userAgent: UserAgentService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const call = callContextOf(http.getRequest<Request>(), http.getResponse<Response>());
    call.identity = factoryIdentity(call.headers, this.userAgent.current());
    return next.handle();
  }
}
