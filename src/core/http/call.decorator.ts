import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import { callContextOf, type CallContext } from './call-context';

/** Injects the request's CallContext into a handler: `create(@Call() call: CallContext, @Body() body: unknown, …)`. */
export const Call = createParamDecorator((_data: unknown, ctx: ExecutionContext): CallContext => {
  const http = ctx.switchToHttp();
  return callContextOf(http.getRequest<Request>(), http.getResponse<Response>());
});
