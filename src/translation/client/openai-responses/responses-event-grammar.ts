/** One Responses SSE event as a client reads it. */
export interface ResponsesEvent {
  event?: string;
  data: Record<string, any>;
}

const TERMINAL = new Set(['response.completed', 'response.incomplete', 'response.failed']);

interface OpenItem {
  id: string;
  index: number;
  type: string;
  /** The open content or summary part's index, and its text so far. */
  part?: { index: number; text: string; done: boolean };
  partsDone: number;
  /** Function arguments or custom tool input streamed so far; set at their `.done`. */
  input: string;
  inputDone?: string;
}

/**
 * Checks a Responses event stream against the documented sequence clients parse strictly (Codex among them): returns
 * the first violation, or undefined. Known event types only, `sequence_number` 0, 1, 2 …; `response.created` and
 * `response.in_progress` first; items added with output_index 0, 1, 2 … one at a time; content and summary parts and
 * their deltas nested in their item; deltas adding up to each `.done`; every item done before the terminal
 * `response.completed` / `response.incomplete` / `response.failed`, which comes last and lists the done items.
 */
export function responsesGrammarViolation(events: readonly ResponsesEvent[]): string | undefined {
  let open: OpenItem | undefined;
  let added = 0;
  const done: string[] = [];
  for (const [position, { event, data }] of events.entries()) {
    const at = `event ${position} (${data.type})`;
    if (event !== undefined && event !== data.type) return `${at}: event name ${event} differs from its data type`;
    if (data.sequence_number !== position) return `${at}: sequence_number ${String(data.sequence_number)}, expected ${position}`;
    if (position === 0 && data.type !== 'response.created') return `${at}: the first event must be response.created`;
    if (position === 1 && data.type !== 'response.in_progress') return `${at}: the second event must be response.in_progress`;
    const sameItem = (): string | undefined =>
      open && data.item_id === open.id && data.output_index === open.index ? undefined : `${at}: not inside the open item`;
    switch (data.type) {
      case 'response.created':
      case 'response.in_progress':
        if (position > 1) return `${at}: may only open the stream`;
        if (data.response?.status !== 'in_progress') return `${at}: the response must be in_progress`;
        break;
      case 'response.output_item.added':
        if (open) return `${at}: item ${open.index} is still open`;
        if (data.output_index !== added) return `${at}: output_index ${String(data.output_index)}, expected ${added}`;
        if (typeof data.item?.id !== 'string') return `${at}: the item needs an id`;
        open = { id: data.item.id, index: added++, type: data.item.type, partsDone: 0, input: '' };
        break;
      case 'response.content_part.added':
      case 'response.reasoning_summary_part.added': {
        const problem = sameItem();
        if (problem) return problem;
        const expectedType = data.type === 'response.content_part.added' ? 'message' : 'reasoning';
        if (open!.type !== expectedType) return `${at}: inside a ${open!.type} item`;
        if (open!.part && !open!.part.done) return `${at}: part ${open!.part.index} is still open`;
        const index = data.content_index ?? data.summary_index;
        if (index !== open!.partsDone) return `${at}: part index ${String(index)}, expected ${open!.partsDone}`;
        open!.part = { index, text: '', done: false };
        break;
      }
      case 'response.output_text.delta':
      case 'response.reasoning_summary_text.delta':
      case 'response.output_text.done':
      case 'response.reasoning_summary_text.done': {
        const problem = sameItem();
        if (problem) return problem;
        const part = open!.part;
        const index = data.content_index ?? data.summary_index;
        if (!part || part.done || part.index !== index) return `${at}: no open part ${String(index)}`;
        if (data.type.endsWith('.delta')) part.text += String(data.delta);
        else if (data.text !== part.text) return `${at}: done text differs from its deltas`;
        break;
      }
      case 'response.content_part.done':
      case 'response.reasoning_summary_part.done': {
        const problem = sameItem();
        if (problem) return problem;
        const part = open!.part;
        if (!part || part.done) return `${at}: no open part`;
        if (data.part?.text !== part.text) return `${at}: part text differs from its deltas`;
        part.done = true;
        open!.partsDone += 1;
        break;
      }
      case 'response.function_call_arguments.delta':
      case 'response.custom_tool_call_input.delta':
      case 'response.function_call_arguments.done':
      case 'response.custom_tool_call_input.done': {
        const problem = sameItem();
        if (problem) return problem;
        const expectedType = data.type.startsWith('response.function_call') ? 'function_call' : 'custom_tool_call';
        if (open!.type !== expectedType) return `${at}: inside a ${open!.type} item`;
        if (open!.inputDone !== undefined) return `${at}: after the input was done`;
        if (data.type.endsWith('.delta')) open!.input += String(data.delta);
        else {
          const full = data.arguments ?? data.input;
          if (full !== open!.input) return `${at}: done input differs from its deltas`;
          open!.inputDone = full;
        }
        break;
      }
      case 'response.output_item.done': {
        if (!open || data.output_index !== open.index || data.item?.id !== open.id) return `${at}: not the open item`;
        if (open.part && !open.part.done) return `${at}: part ${open.part.index} is still open`;
        if (open.type === 'function_call' && data.item.arguments !== open.inputDone) return `${at}: arguments differ from the streamed ones`;
        if (open.type === 'custom_tool_call' && data.item.input !== open.inputDone) return `${at}: input differs from the streamed one`;
        done.push(open.id);
        open = undefined;
        break;
      }
      case 'response.completed':
      case 'response.incomplete':
      case 'response.failed': {
        if (position !== events.length - 1) return `${at}: events after the terminal event`;
        if (open && data.type !== 'response.failed') return `${at}: item ${open.index} is still open`;
        const ids = (data.response?.output ?? []).map((item: { id: string }) => item.id);
        if (JSON.stringify(ids) !== JSON.stringify(done)) return `${at}: output ${JSON.stringify(ids)} is not the done items ${JSON.stringify(done)}`;
        break;
      }
      default:
        return `${at}: not a Responses stream event`;
    }
  }
  if (!TERMINAL.has(events.at(-1)?.data.type)) return 'the stream does not end with response.completed, response.incomplete or response.failed';
  return undefined;
}
