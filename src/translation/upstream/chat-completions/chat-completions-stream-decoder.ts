import type { EncodedUpstreamRequest, HubStreamDecoder } from '../../hub/hub-codec';
import type { HubStreamPart, HubUsage } from '../../hub/hub-stream';
import type { SseEvent } from '../../sse/sse-event-stream';
import { HubPartWriter } from '../shared/hub-part-writer';
import { hubErrorFrom, parseEventObject, unreadableEventError } from '../shared/upstream-stream-errors';
import type { ChatCompletionChunk, ChatFinishReason, ChatToolCallDelta } from './chat-completions-api.types';
import { mapChatCompletionsFinishReason } from './map-chat-completions-finish-reason';
import { mapChatCompletionsUsage } from './map-chat-completions-usage';

interface ToolCallState {
  id: string | undefined;
  name: string | undefined;
  /** Argument fragments that came before the name (some hosts send them apart); sent once the call can start. */
  pending: string;
  started: boolean;
}

/**
 * Chat Completions SSE → hub stream parts. Tool calls are keyed by their `index`, so parallel calls whose fragments
 * interleave stay separate calls with their own ids. Terminal event: `data: [DONE]`; usage comes in its own chunk
 * before it (`stream_options.include_usage`).
 */
export class ChatCompletionsStreamDecoder implements HubStreamDecoder {
  private readonly out: HubPartWriter;
  private readonly toolCalls = new Map<number, ToolCallState>();
  private responseId = 'chat';
  /** The open text or reasoning block, if any; a switch between the two ends one and opens the next. */
  private current: { kind: 'text' | 'reasoning'; id: string } | undefined;
  private blocks = 0;
  private finishReason: ChatFinishReason | null = null;
  private usage: HubUsage = {};

  constructor(encoded: EncodedUpstreamRequest) {
    this.out = new HubPartWriter(encoded);
  }

  push(sse: SseEvent): HubStreamPart[] {
    if (this.out.isClosed) return [];
    if (sse.data.trim() === '[DONE]') return this.out.finish(this.reason(), this.usage);
    const chunk = parseEventObject(sse.data) as ChatCompletionChunk | undefined;
    if (!chunk) return this.out.error(unreadableEventError(sse.event));
    if (chunk.error !== undefined && chunk.error !== null) return this.out.error(hubErrorFrom(chunk.error, 'Chat Completions stream error'));
    return this.handle(chunk);
  }

  finish(): HubStreamPart[] {
    return this.out.finish(this.reason(), this.usage, { unterminated: true });
  }

  private handle(chunk: ChatCompletionChunk): HubStreamPart[] {
    if (chunk.id) this.responseId = chunk.id;
    const parts = this.out.start({ id: chunk.id, modelId: chunk.model });
    if (chunk.usage) this.usage = mapChatCompletionsUsage(chunk.usage);
    const choice = chunk.choices?.find((candidate) => (candidate.index ?? 0) === 0);
    const delta = choice?.delta;
    const reasoning = delta?.reasoning_content ?? delta?.reasoning;
    if (reasoning) parts.push(...this.write('reasoning', reasoning));
    const text = `${delta?.content ?? ''}${delta?.refusal ?? ''}`;
    if (text) parts.push(...this.write('text', text));
    for (const call of delta?.tool_calls ?? []) parts.push(...this.toolCallDelta(call));
    if (choice?.finish_reason) {
      this.finishReason = choice.finish_reason;
      // The calls are complete: hand them on now rather than after the usage chunk.
      parts.push(...this.out.endAll());
      this.current = undefined;
    }
    return parts;
  }

  private write(kind: 'text' | 'reasoning', delta: string): HubStreamPart[] {
    const parts: HubStreamPart[] = [];
    if (this.current?.kind !== kind) {
      if (this.current) parts.push(...this.out.end(this.current.id));
      this.current = { kind, id: `${kind}-${this.blocks++}` };
      parts.push(...(kind === 'text' ? this.out.textStart(this.current.id) : this.out.reasoningStart(this.current.id)));
    }
    return [...parts, ...this.out.delta(this.current.id, delta)];
  }

  private toolCallDelta(delta: ChatToolCallDelta): HubStreamPart[] {
    const index = delta.index ?? this.toolCalls.size;
    let call = this.toolCalls.get(index);
    if (!call) this.toolCalls.set(index, (call = { id: undefined, name: undefined, pending: '', started: false }));
    if (delta.id && !call.id) call.id = delta.id;
    if (delta.function?.name && !call.name) call.name = delta.function.name;
    const fragment = delta.function?.arguments ?? '';
    if (call.started) return this.out.toolDelta(call.id!, fragment);
    call.pending += fragment;
    if (call.name === undefined) return [];
    call.started = true;
    call.id ??= `call_${this.responseId}_${index}`;
    // Text or reasoning before the calls is finished; what comes after them opens a new block.
    const parts = this.current ? this.out.end(this.current.id) : [];
    this.current = undefined;
    return [...parts, ...this.out.toolStart(call.id, call.name), ...this.out.toolDelta(call.id, call.pending)];
  }

  private reason() {
    return mapChatCompletionsFinishReason(this.finishReason, [...this.toolCalls.values()].some((call) => call.started));
  }
}
