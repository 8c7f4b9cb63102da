import { Injectable } from '@nestjs/common';
import type { ModelConfig } from '../../../config/app-config';
import type { TokenUsage } from '../../../core/http/request-context';
import type { JsonObject } from '../../../core/json/json-object';
import { formatErrorBody } from '../../../core/errors/error-format';
import type { UpstreamProvider } from '../upstream-provider';
import { editGoogleRequest } from './edit-google-request';
import { extractGoogleUsage } from './extract-google-usage';
import { GOOGLE_HEADERS } from './google-headers';
import { GoogleCodec } from './google.codec';
import { injectGoogleSystemInstruction } from './inject-google-system-instruction';

/** Upstream type `google`: Factory's Gemini-style generate endpoint. */
@Injectable()
export class GoogleProvider implements UpstreamProvider {
  readonly type = 'google' as const;
  readonly codec = new GoogleCodec();
  readonly defaultApiProvider = 'google';
  readonly headers = GOOGLE_HEADERS;
  readonly usageField = 'usageMetadata';

  injectSystemPrompt(body: Readonly<JsonObject>, prompt: string): JsonObject {
    return injectGoogleSystemInstruction(body, prompt);
  }

  editRequest(body: Readonly<JsonObject>, model: ModelConfig, systemPrompt: string): JsonObject {
    return editGoogleRequest(body, model, systemPrompt);
  }

  extractUsage(value: unknown): TokenUsage | null {
    return extractGoogleUsage(value);
  }

  /** Gemini reports errors inside a 200 stream as a chunk with `error` in place of candidates. */
  streamErrorEvent(message: string, status?: number): string {
    // Cut midway, the backend is unavailable; an upstream status keeps its own Google status name.
    const body = status === undefined ? { error: { code: 502, message, status: 'UNAVAILABLE' } } : formatErrorBody('google', { status, message });
    return `data: ${JSON.stringify(body)}\n\n`;
  }
}
