import type { EncodedUpstreamRequest, HubStreamDecoder } from '../../hub/hub-codec';
import type { HubProviderMetadata } from '../../hub/hub-prompt';
import type { HubFinishReason, HubStreamPart, HubUsage } from '../../hub/hub-stream';
import type { SseEvent } from '../../sse/sse-event-stream';
import { HubPartWriter } from '../shared/hub-part-writer';
import { hubErrorFrom, parseEventObject, unreadableEventError } from '../shared/upstream-stream-errors';
import type { GoogleGenerateResponse, GooglePart } from './google-api.types';
import { googleToolCallId } from './google-tool-call-id';
import { mapGoogleFinishReason } from './map-google-finish-reason';
import { mapGoogleUsage } from './map-google-usage';

/**
 * Gemini SSE (each event a whole GenerateContentResponse) → hub stream parts. Consecutive text (or thought) parts form
 * one block; a thought signature, which may come on any part including an empty last one, is carried on its block's end
 * or on its function call. There is no end event: the chunk carrying `finishReason` decides the answer, and the finish
 * goes out when the body ends, so usage arriving in or after that chunk is counted.
 */
export class GoogleStreamDecoder implements HubStreamDecoder {
  private readonly out: HubPartWriter;
  private current: { kind: 'text' | 'reasoning'; id: string; signature?: string } | undefined;
  private blocks = 0;
  private calls = 0;
  private responseId: string | undefined;
  private usage: HubUsage = {};
  private finishReason: HubFinishReason | undefined;

  constructor(private readonly encoded: EncodedUpstreamRequest) {
    this.out = new HubPartWriter(encoded);
  }

  push(sse: SseEvent): HubStreamPart[] {
    if (this.out.isClosed) return [];
    // Not part of Gemini's format, but harmless to accept from an OpenAI-style relay.
    if (sse.data.trim() === '[DONE]') return [];
    const data = parseEventObject(sse.data) as GoogleGenerateResponse | undefined;
    if (!data) return this.out.error(unreadableEventError(sse.event));
    if (data.error) return this.out.error(hubErrorFrom(data.error, 'Google stream error'));
    return this.handle(data);
  }

  finish(): HubStreamPart[] {
    const parts = this.endCurrent();
    if (this.finishReason === undefined) {
      return [...parts, ...this.out.finish(this.calls ? 'tool-calls' : 'other', this.usage, { unterminated: true })];
    }
    return [...parts, ...this.out.finish(this.finishReason, this.usage)];
  }

  private handle(response: GoogleGenerateResponse): HubStreamPart[] {
    this.responseId ??= response.responseId;
    const parts = this.out.start({ id: response.responseId, modelId: response.modelVersion });
    if (response.usageMetadata) this.usage = mapGoogleUsage(response.usageMetadata);
    const candidate = response.candidates?.[0];
    for (const part of candidate?.content?.parts ?? []) parts.push(...this.part(part));
    if (candidate?.finishReason) this.finishReason = mapGoogleFinishReason(candidate.finishReason, this.calls > 0);
    else if (!candidate && response.promptFeedback?.blockReason) this.finishReason = 'content-filter';
    return parts;
  }

  private part(part: GooglePart): HubStreamPart[] {
    const signature = 'thoughtSignature' in part && part.thoughtSignature ? part.thoughtSignature : undefined;
    if ('functionCall' in part) {
      const metadata: HubProviderMetadata | undefined = signature ? { google: { thoughtSignature: signature } } : undefined;
      const id = googleToolCallId(this.responseId, this.calls++, part.functionCall.id);
      return [...this.endCurrent(), ...this.out.toolCall(id, part.functionCall.name, JSON.stringify(part.functionCall.args ?? {}), metadata)];
    }
    if (!('text' in part) || typeof part.text !== 'string') return [];
    const kind = part.thought ? 'reasoning' : 'text';
    // An empty part that only brings the signature belongs to the block before it, whatever its kind.
    if (!part.text && signature && this.current) {
      this.current.signature = signature;
      return [];
    }
    const parts: HubStreamPart[] = [];
    if (this.current?.kind !== kind || this.current.signature) {
      parts.push(...this.endCurrent());
      this.current = { kind, id: `${kind}-${this.blocks++}` };
      parts.push(...(kind === 'text' ? this.out.textStart(this.current.id) : this.out.reasoningStart(this.current.id)));
    }
    if (signature) this.current.signature = signature;
    return [...parts, ...this.out.delta(this.current.id, part.text)];
  }

  private endCurrent(): HubStreamPart[] {
    const current = this.current;
    this.current = undefined;
    if (!current) return [];
    return this.out.end(current.id, current.signature ? { google: { thoughtSignature: current.signature } } : undefined);
  }
}
