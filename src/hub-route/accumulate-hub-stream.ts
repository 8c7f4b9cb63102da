import { ApiError } from '../core/errors/api-error';
import type { HubAssistantPart, HubProviderMetadata } from '../translation/hub/hub-prompt';
import type { HubResponse, HubStreamPart, HubUsage } from '../translation/hub/hub-stream';

/** The upstream stream a non-stream answer was gathered from failed: the client gets a 502 with the upstream's word. */
export class UpstreamStreamFailed extends ApiError {
  constructor(message: string, type?: string) {
    super(502, message, { code: type ?? 'upstream_error' });
  }
}

type Slot = { kind: 'text' | 'reasoning'; text: string; providerMetadata?: HubProviderMetadata } | { kind: 'call'; part: HubAssistantPart };

/**
 * Gathers hub stream parts into one answer, for a client that asked not to stream from an upstream that streams
 * anyway: texts and reasoning by block, in the order the blocks started, tool calls where they began. Throws
 * UpstreamStreamFailed on an error part or a stream that ended before its terminal event.
 */
export async function accumulateHubStream(parts: AsyncIterable<HubStreamPart>): Promise<HubResponse> {
  const slots: Slot[] = [];
  const open = new Map<string, Slot>();
  let usage: HubUsage = {};
  const response: Partial<HubResponse> = {};
  for await (const part of parts) {
    switch (part.type) {
      case 'stream-start':
        if (part.id !== undefined) response.id = part.id;
        if (part.modelId !== undefined) response.modelId = part.modelId;
        usage = { ...usage, ...part.usage };
        break;
      case 'text-start':
      case 'reasoning-start': {
        const slot: Slot = { kind: part.type === 'text-start' ? 'text' : 'reasoning', text: '', providerMetadata: part.providerMetadata };
        open.set(part.id, slot);
        slots.push(slot);
        break;
      }
      case 'text-delta':
      case 'reasoning-delta': {
        const slot = open.get(part.id);
        if (slot && slot.kind !== 'call') slot.text += part.delta;
        break;
      }
      case 'text-end':
      case 'reasoning-end': {
        const slot = open.get(part.id);
        if (slot && slot.kind !== 'call' && part.providerMetadata) slot.providerMetadata = { ...slot.providerMetadata, ...part.providerMetadata };
        open.delete(part.id);
        break;
      }
      case 'tool-input-start': {
        // Holds the call's place in the answer; the tool-call part fills it.
        const slot: Slot = { kind: 'call', part: { type: 'tool-call', toolCallId: part.id, toolName: part.toolName, input: '' } };
        open.set(part.id, slot);
        slots.push(slot);
        break;
      }
      case 'tool-input-delta':
      case 'tool-input-end':
        break;
      case 'tool-call': {
        const call: HubAssistantPart = { type: 'tool-call', toolCallId: part.toolCallId, toolName: part.toolName, input: part.input };
        if (part.providerMetadata) call.providerMetadata = part.providerMetadata;
        const slot = open.get(part.toolCallId);
        if (slot?.kind === 'call') slot.part = call;
        else slots.push({ kind: 'call', part: call });
        open.delete(part.toolCallId);
        break;
      }
      case 'usage':
        usage = { ...usage, ...part.usage };
        break;
      case 'finish':
        if (part.unterminated) throw new UpstreamStreamFailed('Upstream stream ended before its terminal event; the answer is incomplete', 'stream_truncated');
        return {
          ...response,
          content: slots.flatMap(toPart),
          finishReason: part.finishReason,
          ...(part.stopSequence !== undefined && { stopSequence: part.stopSequence }),
          usage: { ...usage, ...part.usage },
        };
      case 'error':
        throw new UpstreamStreamFailed(part.error.message, part.error.type);
      default: {
        const unknownPart: never = part;
        throw new Error(`unknown stream part ${JSON.stringify(unknownPart)}`);
      }
    }
  }
  throw new UpstreamStreamFailed('Upstream stream ended without an answer', 'stream_truncated');
}

function toPart(slot: Slot): HubAssistantPart[] {
  if (slot.kind === 'call') return [slot.part];
  if (slot.kind === 'text') return slot.text ? [{ type: 'text', text: slot.text, ...(slot.providerMetadata && { providerMetadata: slot.providerMetadata }) }] : [];
  return [{ type: 'reasoning', text: slot.text, ...(slot.providerMetadata && { providerMetadata: slot.providerMetadata }) }];
}
