import type { ApiFamily } from './api-family';
import type { RecordedRequest } from './recorded-request';
import { validateGoogleRequest } from './validate-google-request';
import { chunkText, estimateTokens, isRecord } from './wire-helpers';

export type GooglePartScript =
  | { text: string; thought?: boolean; thoughtSignature?: string }
  | { functionCall: { name: string; args: Record<string, unknown> }; thoughtSignature?: string };

export interface GoogleUsageScript {
  promptTokenCount: number;
  candidatesTokenCount: number;
  cachedContentTokenCount: number;
  thoughtsTokenCount: number;
}

/** A scripted generate answer: one GenerateContentResponse, or a chunk per delta with the last one closing. */
export interface GoogleScript {
  parts: GooglePartScript[];
  finishReason?: 'STOP' | 'MAX_TOKENS' | 'SAFETY' | 'RECITATION' | 'OTHER' | 'MALFORMED_FUNCTION_CALL';
  usageMetadata?: Partial<GoogleUsageScript>;
  modelVersion?: string;
  /** Characters per text delta when streamed (default 8). */
  deltaSize?: number;
}

const STATUSES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  402: 'FAILED_PRECONDITION',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

function lastUserText(body: unknown): string {
  const contents = isRecord(body) && Array.isArray(body.contents) ? body.contents : [];
  const last = [...contents].reverse().find((content) => isRecord(content) && content.role === 'user');
  const parts: unknown[] = isRecord(last) && Array.isArray(last.parts) ? last.parts : [];
  return parts
    .filter((part): part is { text: string } => isRecord(part) && typeof part.text === 'string')
    .map((part) => part.text)
    .join(' ');
}

function isThought(part: GooglePartScript): boolean {
  return 'thought' in part && part.thought === true;
}

/** Gemini counts thoughts apart from candidates; the total covers both. */
function usageOf(script: GoogleScript, body: unknown): Record<string, number> {
  const record = isRecord(body) ? body : {};
  const scripted = script.usageMetadata ?? {};
  const thoughtParts = script.parts.filter(isThought);
  const prompt =
    scripted.promptTokenCount ??
    estimateTokens({ systemInstruction: record.systemInstruction, contents: record.contents, tools: record.tools });
  const candidates = scripted.candidatesTokenCount ?? estimateTokens(script.parts.filter((part) => !isThought(part)));
  const thoughts = scripted.thoughtsTokenCount ?? (thoughtParts.length > 0 ? estimateTokens(thoughtParts) : 0);
  return {
    promptTokenCount: prompt,
    candidatesTokenCount: candidates,
    totalTokenCount: prompt + candidates + thoughts,
    ...(scripted.cachedContentTokenCount ? { cachedContentTokenCount: scripted.cachedContentTokenCount } : {}),
    ...(thoughts > 0 ? { thoughtsTokenCount: thoughts } : {}),
  };
}

function candidate(parts: GooglePartScript[], finishReason?: string): Record<string, unknown> {
  return { content: { role: 'model', parts }, ...(finishReason ? { finishReason } : {}), index: 0 };
}

/** Text parts split into deltas; function calls arrive whole, as Gemini sends them. */
function* partPieces(script: GoogleScript): Generator<GooglePartScript> {
  for (const part of script.parts) {
    if (!('text' in part)) {
      yield part;
      continue;
    }
    const pieces = [...chunkText(part.text, script.deltaSize ?? 8)];
    for (const [index, text] of pieces.entries()) {
      const last = index === pieces.length - 1;
      yield {
        text,
        ...(part.thought ? { thought: true } : {}),
        ...(last && part.thoughtSignature ? { thoughtSignature: part.thoughtSignature } : {}),
      };
    }
  }
}

export const googleFamily: ApiFamily<GoogleScript> = {
  name: 'google',
  acceptsApiKeyHeader: false,
  streamHeaders: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' },

  errorBody(status, { message }) {
    return { error: { code: status, message, status: STATUSES[status] ?? 'UNKNOWN' } };
  },

  validate(request) {
    const message = validateGoogleRequest(request);
    return message === undefined ? undefined : { message };
  },

  wantsStream(request) {
    return isRecord(request.body) && request.body.stream === true;
  },

  scriptOf(behaviour) {
    return behaviour && 'googleResponse' in behaviour ? behaviour.googleResponse : undefined;
  },

  defaultScript(request: RecordedRequest) {
    return { parts: [{ text: `Echo: ${lastUserText(request.body)}` }] };
  },

  textScript(text, deltaSize) {
    return { parts: [{ text }], deltaSize };
  },

  toJson(script, request, ids) {
    return {
      candidates: [candidate(script.parts, script.finishReason ?? 'STOP')],
      usageMetadata: usageOf(script, request.body),
      modelVersion: script.modelVersion ?? request.body.model,
      responseId: ids.next('resp_'),
    };
  },

  *toFrames(script, request, ids) {
    const envelope = { modelVersion: script.modelVersion ?? request.body.model, responseId: ids.next('resp_') };
    // Gemini frames with CRLF (streamGenerateContent?alt=sse); the final chunk carries finishReason and usage.
    const frame = (data: unknown): string => `data: ${JSON.stringify(data)}\r\n\r\n`;
    let held: GooglePartScript | undefined;
    for (const piece of partPieces(script)) {
      if (held) yield frame({ candidates: [candidate([held])], ...envelope });
      held = piece;
    }
    const closing = candidate(held ? [held] : [{ text: '' }], script.finishReason ?? 'STOP');
    yield frame({ candidates: [closing], usageMetadata: usageOf(script, request.body), ...envelope });
  },
};
