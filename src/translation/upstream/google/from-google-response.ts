import type { EncodedUpstreamRequest } from '../../hub/hub-codec';
import type { HubAssistantPart, HubProviderMetadata } from '../../hub/hub-prompt';
import type { HubResponse } from '../../hub/hub-stream';
import { UpstreamFormatError } from '../../translation-error';
import { unwrapFreeformInput } from '../shared/freeform-tools';
import type { GoogleGenerateResponse, GooglePart } from './google-api.types';
import { googleToolCallId } from './google-tool-call-id';
import { mapGoogleFinishReason } from './map-google-finish-reason';
import { mapGoogleUsage } from './map-google-usage';

/** GenerateContentResponse → hub response (first candidate: the request never asks for more). */
export function fromGoogleResponse(body: unknown, encoded: EncodedUpstreamRequest): HubResponse {
  const response = body as GoogleGenerateResponse | null;
  if (typeof response !== 'object' || response === null || (!response.candidates && !response.promptFeedback)) {
    throw new UpstreamFormatError('Google response has no candidates');
  }
  const candidate = response.candidates?.[0];
  const content: HubAssistantPart[] = [];
  let calls = 0;
  for (const part of candidate?.content?.parts ?? []) {
    const converted = hubPart(part, encoded, () => googleToolCallId(response.responseId, calls, undefined));
    if (converted?.type === 'tool-call') calls += 1;
    if (converted) content.push(converted);
  }
  // A prompt blocked outright comes back with promptFeedback and no candidate at all.
  const finishReason = candidate
    ? mapGoogleFinishReason(candidate.finishReason, calls > 0)
    : response.promptFeedback?.blockReason
      ? 'content-filter'
      : 'other';
  const hub: HubResponse = { content, finishReason, usage: mapGoogleUsage(response.usageMetadata) };
  if (response.responseId) hub.id = response.responseId;
  if (response.modelVersion) hub.modelId = response.modelVersion;
  return hub;
}

/** One Gemini part as a hub part, its thought signature kept; empty unsigned text and media parts give none. */
export function hubPart(part: GooglePart, encoded: EncodedUpstreamRequest, nextCallId: () => string): HubAssistantPart | undefined {
  const signature = 'thoughtSignature' in part && part.thoughtSignature ? part.thoughtSignature : undefined;
  const providerMetadata: HubProviderMetadata | undefined = signature ? { google: { thoughtSignature: signature } } : undefined;
  const withMetadata = <T extends HubAssistantPart>(hub: T): T => (providerMetadata ? { ...hub, providerMetadata } : hub);
  if ('functionCall' in part) {
    const toolName = encoded.toolNames.toClient(part.functionCall.name);
    const id = part.functionCall.id ?? nextCallId();
    const args = JSON.stringify(part.functionCall.args ?? {});
    const input = encoded.freeformAsFunction?.has(toolName) ? unwrapFreeformInput(args) : args;
    return withMetadata({ type: 'tool-call', toolCallId: id, toolName, input });
  }
  if ('text' in part && typeof part.text === 'string' && (part.text || signature)) {
    return withMetadata(part.thought ? { type: 'reasoning', text: part.text } : { type: 'text', text: part.text });
  }
  return undefined;
}
