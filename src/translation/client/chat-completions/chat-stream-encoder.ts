import { formatErrorBody } from '../../../core/errors/error-format';
import type { ClientResponseContext, HubStreamEncoder } from '../../hub/hub-codec';
import type { HubError, HubStreamPart, HubUsage } from '../../hub/hub-stream';
import type { ChatCompletionChunk, ChatDelta, ChatFinishReason, ChatStreamError } from './chat-api.types';
import { toChatFinishReason, toChatUsage } from './map-chat-usage';

/** The line that ends a clean chat stream; never written after an error chunk. */
export const CHAT_STREAM_DONE = 'data: [DONE]\n\n';

/** Failures the gateway itself names (see the upstream decoders); the upstream's own error types pass as they are. */
const GATEWAY_FAILURES = new Set(['stream_failed', 'stream_truncated', 'bad_upstream_event', 'stream_idle']);

interface ToolState {
  index: number;
  /** Arguments sent so far, so a `tool-call` whose input never came as deltas still delivers it. */
  sent: string;
}

/**
 * Hub parts → `chat.completion.chunk` SSE exactly as OpenAI frames it: data-only events, the role chunk once and first,
 * `reasoning_content` deltas, tool calls numbered from 0 in the order they open (id and name once, then argument
 * fragments), one chunk with the finish reason, the usage chunk (no choices) only when the client asked, then
 * `[DONE]`. A failed or truncated stream ends with one `{"error": …}` chunk and no `[DONE]`, which the openai SDK
 * raises as an APIError.
 */
export class ChatStreamEncoder implements HubStreamEncoder {
  private started = false;
  private closed = false;
  private readonly tools = new Map<string, ToolState>();
  /**
   * A text or reasoning delta is one chunk per upstream event, the hot path of every converted stream: its frame is
   * this fixed head and tail around the delta, so only the delta's text is serialised (the same bytes as the object).
   */
  private readonly deltaHead: string;
  private readonly deltaTail: string;

  constructor(private readonly context: ClientResponseContext) {
    const envelope = JSON.stringify(this.envelope());
    this.deltaHead = `data: ${envelope.slice(0, -1)},"choices":[{"index":0,"delta":{`;
    this.deltaTail = `},"finish_reason":null}]${context.includeUsage ? ',"usage":null' : ''}}\n\n`;
  }

  push(part: HubStreamPart): string {
    if (this.closed) return '';
    switch (part.type) {
      case 'stream-start':
      case 'text-start':
      case 'reasoning-start':
        return this.start();
      case 'text-delta':
        return part.delta ? this.textDelta('"content":', part.delta) : '';
      case 'reasoning-delta':
        return part.delta ? this.textDelta('"reasoning_content":', part.delta) : '';
      case 'tool-input-start':
        return this.openTool(part.id, part.toolName);
      case 'tool-input-delta':
        return this.toolArguments(part.id, part.delta);
      case 'tool-call': {
        const opened = this.tools.has(part.toolCallId) ? '' : this.openTool(part.toolCallId, part.toolName);
        const tool = this.tools.get(part.toolCallId)!;
        const rest = part.input.startsWith(tool.sent) ? part.input.slice(tool.sent.length) : '';
        return opened + this.toolArguments(part.toolCallId, rest);
      }
      case 'text-end':
      case 'reasoning-end':
      case 'tool-input-end':
      case 'usage':
        return '';
      case 'finish':
        if (part.unterminated) {
          return this.error({ message: 'Upstream stream ended before its terminal event; the answer is incomplete', type: 'stream_truncated' });
        }
        return this.finish(toChatFinishReason(part.finishReason), part.usage);
      case 'error':
        return this.error(part.error);
      default: {
        const unknownPart: never = part;
        throw new Error(`unknown stream part ${JSON.stringify(unknownPart)}`);
      }
    }
  }

  fail(message: string, status?: number): string {
    if (this.closed) return '';
    if (status === undefined) return this.error({ message, type: 'stream_failed' });
    // An upstream error answer after early SSE headers: the error body OpenAI would have answered with that status.
    this.closed = true;
    return frame(formatErrorBody('openai', { status, message, code: 'upstream_error' }));
  }

  private start(): string {
    if (this.started) return '';
    this.started = true;
    return frame(this.chunk({ role: 'assistant', content: '' }));
  }

  private textDelta(key: string, text: string): string {
    return this.start() + this.deltaHead + key + JSON.stringify(text) + this.deltaTail;
  }

  private delta(delta: ChatDelta): string {
    return this.start() + frame(this.chunk(delta));
  }

  private openTool(id: string, name: string): string {
    const index = this.tools.size;
    this.tools.set(id, { index, sent: '' });
    return this.delta({ tool_calls: [{ index, id, type: 'function', function: { name, arguments: '' } }] });
  }

  private toolArguments(id: string, fragment: string): string {
    const tool = this.tools.get(id);
    if (!tool || !fragment) return '';
    tool.sent += fragment;
    return this.delta({ tool_calls: [{ index: tool.index, function: { arguments: fragment } }] });
  }

  private finish(reason: ChatFinishReason, usage: HubUsage): string {
    this.closed = true;
    let out = this.start() + frame(this.chunk({}, reason));
    if (this.context.includeUsage) out += frame({ ...this.envelope(), choices: [], usage: toChatUsage(usage) });
    return out + CHAT_STREAM_DONE;
  }

  private error(error: HubError): string {
    this.closed = true;
    const gateway = error.type === undefined || GATEWAY_FAILURES.has(error.type);
    const item: ChatStreamError = {
      error: { message: error.message, type: gateway ? 'upstream_error' : error.type!, code: gateway ? (error.type ?? null) : null, param: null },
    };
    return frame(item);
  }

  private chunk(delta: ChatDelta, finishReason: ChatFinishReason | null = null): ChatCompletionChunk {
    const choices = [{ index: 0, delta, finish_reason: finishReason }];
    return this.context.includeUsage ? { ...this.envelope(), choices, usage: null } : { ...this.envelope(), choices };
  }

  private envelope(): Pick<ChatCompletionChunk, 'id' | 'object' | 'created' | 'model'> {
    return { id: this.context.id, object: 'chat.completion.chunk', created: this.context.created, model: this.context.model };
  }
}

function frame(item: unknown): string {
  return `data: ${JSON.stringify(item)}\n\n`;
}
