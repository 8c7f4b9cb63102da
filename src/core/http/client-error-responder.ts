import { STATUS_CODES, type Server } from 'node:http';
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
    // Like Node's default: write only while no response on this socket has started, else just close it.
    const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const { status, message, code } = describeClientError(error);
    const body = JSON.stringify(formatErrorBody(errorFormatForPath(requestPath(error.rawPacket)), { status, message, code }));
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

/** The path of the request line at the start of what the parser had, when it is there; '' otherwise. */
function requestPath(raw: Buffer | undefined): string {
  const head = raw?.toString('latin1', 0, Math.min(raw.length, 2048)) ?? '';
  return /^[A-Z]+ (\/[^\s?]*)/.exec(head)?.[1] ?? '';
}
