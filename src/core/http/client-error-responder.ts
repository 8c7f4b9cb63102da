import { STATUS_CODES, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { errorFormatForPath, formatErrorBody } from '../errors/error-format';

type ClientError = NodeJS.ErrnoException & { rawPacket?: Buffer };

/**
 * Errors Node's HTTP parser meets before Express sees a request (headers over Node's 16 KB limit, a request not
 * received within the timeouts, bytes that are not HTTP) are answered in the route's own error format. Node's default
 * answer is an empty-bodied 431/408/400 that SDKs report as an unknown error.
 */
export function answerClientErrorsInRouteFormat(server: Server): void {
  server.on('clientError', (error: ClientError, socket: Socket) => {
    // The response of a request whose body was still arriving (request timeout); Node keeps it on the socket.
    const inFlight = (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage;
    // Like Node's default: answer only while no response on this socket has started, else just close it.
    if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const { status, message, code } = describeClientError(error);
    const path = requestPath(error.rawPacket) ?? inFlight?.req?.url?.split('?')[0] ?? '';
    const body = JSON.stringify(formatErrorBody(errorFormatForPath(path), { status, message, code }));
    if (inFlight) {
      // Through the response object, so the request log line and metrics see the status, and the handler still
      // waiting for the body finds the headers sent and writes nothing more.
      inFlight.shouldKeepAlive = false;
      inFlight.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), connection: 'close' });
      inFlight.end(body);
      return;
    }
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
}

function describeClientError(error: ClientError): { status: number; message: string; code: string } {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, message: 'Request headers are too large', code: 'header_too_large' };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, message: 'The request was not received in time', code: 'request_timeout' };
    default:
      return { status: 400, message: 'Malformed HTTP request', code: 'bad_request' };
  }
}

/** The path of the request line at the start of what the parser had, when it is there. */
function requestPath(raw: Buffer | undefined): string | undefined {
  const head = raw?.toString('latin1', 0, Math.min(raw.length, 2048)) ?? '';
  return /^[A-Z]+ (\/[^\s?]*)/.exec(head)?.[1];
}
