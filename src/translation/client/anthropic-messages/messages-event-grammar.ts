/** One Messages SSE event as a client reads it. */
export interface MessagesEvent {
  event?: string;
  data: Record<string, any>;
}

const DELTAS_BY_BLOCK: Readonly<Record<string, readonly string[]>> = {
  text: ['text_delta', 'citations_delta'],
  thinking: ['thinking_delta', 'signature_delta'],
  redacted_thinking: [],
  tool_use: ['input_json_delta'],
};

/**
 * Checks an Anthropic Messages event stream against the rules clients depend on (Claude Code among them): returns the
 * first violation, or undefined. `message_start` first with a non-zero input estimate; blocks indexed from 0 in order,
 * one open at a time, deltas of the open block's own kind; no text block without text; `tool_use` starting with an
 * empty `input`; then `message_delta` with a stop reason and usage and `message_stop` last — or an `error` event last.
 */
export function messagesGrammarViolation(events: readonly MessagesEvent[]): string | undefined {
  let open: { index: number; type: string; text: string } | undefined;
  let nextIndex = 0;
  let sawDelta = false;
  for (const [position, { event, data }] of events.entries()) {
    const at = `event ${position} (${data.type})`;
    if (event !== undefined && event !== data.type) return `${at}: event name ${event} differs from its data type`;
    if (position === 0 && data.type !== 'message_start' && data.type !== 'error') return `${at}: the first event must be message_start`;
    if (position > 0 && data.type === 'message_start') return `${at}: message_start may come only first`;
    const last = position === events.length - 1;
    switch (data.type) {
      case 'message_start':
        if (!(data.message?.usage?.input_tokens > 0)) return `${at}: message_start input_tokens must be an estimate above 0`;
        break;
      case 'content_block_start': {
        if (open) return `${at}: block ${open.index} is still open`;
        if (data.index !== nextIndex) return `${at}: index ${String(data.index)}, expected ${nextIndex}`;
        const block = data.content_block ?? {};
        if (!(block.type in DELTAS_BY_BLOCK)) return `${at}: unknown block type ${String(block.type)}`;
        if (block.type === 'tool_use' && (JSON.stringify(block.input) !== '{}' || !block.id || !block.name)) {
          return `${at}: tool_use must start with an id, a name and input {}`;
        }
        if (block.type === 'text' && block.text !== '') return `${at}: a text block starts empty and fills by deltas`;
        open = { index: nextIndex++, type: block.type, text: '' };
        break;
      }
      case 'content_block_delta':
        if (!open || data.index !== open.index) return `${at}: delta for index ${String(data.index)}, which is not the open block`;
        if (!DELTAS_BY_BLOCK[open.type].includes(data.delta?.type)) return `${at}: ${String(data.delta?.type)} inside a ${open.type} block`;
        if (data.delta.type === 'text_delta') open.text += String(data.delta.text);
        break;
      case 'content_block_stop':
        if (!open || data.index !== open.index) return `${at}: stop for index ${String(data.index)}, which is not the open block`;
        if (open.type === 'text' && open.text === '') return `${at}: empty text block`;
        open = undefined;
        break;
      case 'ping':
        break;
      case 'message_delta':
        if (open) return `${at}: block ${open.index} is still open`;
        if (sawDelta) return `${at}: a second message_delta`;
        if (typeof data.delta?.stop_reason !== 'string') return `${at}: message_delta needs a stop_reason`;
        if (typeof data.usage?.output_tokens !== 'number') return `${at}: message_delta needs usage.output_tokens`;
        sawDelta = true;
        break;
      case 'message_stop':
        if (!sawDelta) return `${at}: message_stop before message_delta`;
        if (!last) return `${at}: events after message_stop`;
        break;
      case 'error':
        if (!last) return `${at}: events after error`;
        if (typeof data.error?.type !== 'string' || typeof data.error?.message !== 'string') return `${at}: error needs a type and a message`;
        break;
      default:
        return `${at}: not an Anthropic Messages event`;
    }
  }
  const final = events.at(-1)?.data.type;
  if (final !== 'message_stop' && final !== 'error') return 'the stream does not end with message_stop or error';
  return undefined;
}
