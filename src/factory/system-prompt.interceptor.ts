import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Observable } from 'rxjs';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { callContextOf } from '../core/http/call-context';

/**
 * Decides the system prompt a request's upstream body leads with (today the configured one, for every request) and
 * puts it on the call context before the handler runs. Where it goes is the model's upstream type's business: its
 * provider's pure injectSystemPrompt puts it ahead of the client's own instructions (Anthropic `system`, Responses
 * `instructions`, Chat Completions `messages`, Google `systemInstruction`) when FactoryCallService edits the body in
 * that format, after the translation hub has converted it. Injecting into the client's body here instead, before
 * translation, would merge the prompt into the client's own text on converted routes and shift the message indexes
 * that 400 answers name on the Chat Completions route (a system message the client never sent would become
 * messages[0]). Request side only: the handlers answer through @Res().
 */
@Injectable()
export class SystemPromptInterceptor implements NestInterceptor {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    callContextOf(http.getRequest<Request>(), http.getResponse<Response>()).systemPrompt = this.config.systemPrompt;
    return next.handle();
  }
}
