import { ArgumentsHost, BadRequestException, Logger, NotFoundException } from '@nestjs/common';
import { ApiError } from '../errors/api-error';
import { UpstreamError } from '../../outbound/upstream-error';
import { ApiExceptionFilter } from './api-exception.filter';

interface FakeResponse {
  headersSent: boolean;
  writableEnded: boolean;
  statusCode?: number;
  body?: unknown;
  headers: Record<string, string>;
  /** Express's res.locals, where the request logger keeps the request id. */
  locals: Record<string, unknown>;
  ended: boolean;
  status(code: number): FakeResponse;
  json(body: unknown): FakeResponse;
  set(headers: Record<string, string>): FakeResponse;
  end(): void;
}

function fakeResponse(state: Partial<Pick<FakeResponse, 'headersSent' | 'writableEnded'>> = {}): FakeResponse {
  return {
    headersSent: false,
    writableEnded: false,
    headers: {},
    locals: { requestId: 'req-filter-spec' },
    ended: false,
    ...state,
    status(code) {
      this.statusCode = code;
      return this;
    },
    json(body) {
      this.body = body;
      return this;
    },
    set(headers) {
      Object.assign(this.headers, headers);
      return this;
    },
    end() {
      this.ended = true;
    },
  };
}

function hostFor(path: string, response: FakeResponse): ArgumentsHost {
  return {
    switchToHttp: () => ({ getRequest: () => ({ path }), getResponse: () => response, getNext: () => undefined }),
  } as unknown as ArgumentsHost;
}

describe(ApiExceptionFilter.name, () => {
  const sut = new ApiExceptionFilter();
  const render = (path: string, exception: unknown) => {
    const response = fakeResponse();
    sut.catch(exception, hostFor(path, response));
    return response;
  };
  let logged: jest.SpyInstance;

  beforeEach(() => {
    logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => logged.mockRestore());

  describe('formats per route', () => {
    const error = ApiError.badRequest('messages is required', 'messages');

    it.each(['/v1/chat/completions', '/v1/responses', '/v1/models/x', '/elsewhere'])('OpenAI shape on %s', (path) => {
      expect(render(path, error)).toMatchObject({
        statusCode: 400,
        body: { error: { message: 'messages is required', type: 'invalid_request_error', code: 'invalid_request', param: 'messages' } },
      });
    });

    it.each(['/v1/messages', '/v1/messages/count_tokens'])('Anthropic shape on %s', (path) => {
      expect(render(path, error)).toMatchObject({
        statusCode: 400,
        body: { type: 'error', error: { type: 'invalid_request_error', message: 'messages is required' } },
      });
    });

    it('Google shape on /v1/generate', () => {
      expect(render('/v1/generate', error)).toMatchObject({
        statusCode: 400,
        body: { error: { code: 400, message: 'messages is required', status: 'INVALID_ARGUMENT' } },
      });
    });
  });

  describe('exception kinds', () => {
    it('an ApiError with headers sets them', () => {
      const response = render('/v1/messages', new ApiError(429, 'slow down', { headers: { 'retry-after': '3' } }));
      expect(response.headers).toEqual({ 'retry-after': '3' });
      expect(response.body).toEqual({ type: 'error', error: { type: 'rate_limit_error', message: 'slow down' } });
    });

    it('an UpstreamError keeps its status and names its kind', () => {
      const response = render('/v1/chat/completions', new UpstreamError('Factory timed out', 504, 'timeout'));
      expect(response.statusCode).toBe(504);
      expect(response.body).toEqual({
        error: { message: 'Factory timed out', type: 'server_error', code: 'upstream_timeout', param: null },
      });
      expect(logged).toHaveBeenCalledTimes(1);
      expect(logged.mock.calls[0][0]).toMatchObject({ reqId: 'req-filter-spec', path: '/v1/chat/completions' });
    });

    it("Nest's unknown-route 404 says which route", () => {
      const response = render('/v1/messages/x', new NotFoundException('Cannot GET /v1/messages/x'));
      expect(response.statusCode).toBe(404);
      expect(response.body).toEqual({ type: 'error', error: { type: 'not_found_error', message: 'Unknown route: GET /v1/messages/x' } });
    });

    it('a validation HttpException joins its messages', () => {
      const response = render('/v1/chat/completions', new BadRequestException(['model must be a string', 'messages must be an array']));
      expect(response.body).toMatchObject({ error: { message: 'model must be a string; messages must be an array' } });
    });

    it('an unexpected error is a 500 that leaks neither message nor stack', () => {
      const response = render('/v1/chat/completions', new Error('secret internals at /srv/app.js:12'));
      expect(response.statusCode).toBe(500);
      expect(response.body).toEqual({ error: { message: 'Internal server error', type: 'server_error', code: null, param: null } });
      expect(JSON.stringify(response.body)).not.toContain('internals');
    });

    it('an express error with a status keeps the status', () => {
      expect(render('/v1/responses', Object.assign(new Error('x'), { status: 415 })).statusCode).toBe(415);
    });
  });

  describe('after headers were sent', () => {
    it('ends the response without writing a status or body', () => {
      const response = fakeResponse({ headersSent: true });
      sut.catch(new UpstreamError('stream broke', 502, 'connect'), hostFor('/v1/messages', response));
      expect(response.ended).toBe(true);
      expect(response.statusCode).toBeUndefined();
      expect(response.body).toBeUndefined();
    });

    it('leaves an already ended response alone', () => {
      const response = fakeResponse({ headersSent: true, writableEnded: true });
      sut.catch(new Error('late'), hostFor('/v1/chat/completions', response));
      expect(response.ended).toBe(false);
      expect(response.body).toBeUndefined();
    });
  });
});
