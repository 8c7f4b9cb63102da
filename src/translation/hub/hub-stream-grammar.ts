import type { HubStreamPart } from './hub-stream';

/**
 * Checks a whole hub stream against the grammar on `HubStreamPart`; returns the first violation, or undefined. Upstream
 * decoder tests run every output through it, and client encoder property tests can use it to generate only legal
 * input.
 */
export function hubStreamGrammarViolation(parts: readonly HubStreamPart[]): string | undefined {
  const open = new Map<string, 'text' | 'reasoning' | 'tool'>();
  const toolsAwaitingCall = new Set<string>();
  for (const [index, part] of parts.entries()) {
    const at = `part ${index} (${part.type})`;
    if (index === 0 && part.type !== 'stream-start') return `${at}: the first part must be stream-start`;
    if (index > 0 && part.type === 'stream-start') return `${at}: stream-start may come only first`;
    const terminal = part.type === 'finish' || part.type === 'error';
    if (terminal && index !== parts.length - 1) return `${at}: nothing may follow the terminal part`;
    switch (part.type) {
      case 'text-start':
      case 'reasoning-start':
      case 'tool-input-start': {
        if (open.has(part.id) || toolsAwaitingCall.has(part.id)) return `${at}: block ${part.id} is already open`;
        open.set(part.id, part.type === 'tool-input-start' ? 'tool' : part.type === 'text-start' ? 'text' : 'reasoning');
        break;
      }
      case 'text-delta':
      case 'reasoning-delta':
      case 'tool-input-delta':
      case 'text-end':
      case 'reasoning-end':
      case 'tool-input-end': {
        const kind = part.type.startsWith('text') ? 'text' : part.type.startsWith('reasoning') ? 'reasoning' : 'tool';
        if (open.get(part.id) !== kind) return `${at}: no open ${kind} block ${part.id}`;
        if (part.type.endsWith('-end')) {
          open.delete(part.id);
          if (kind === 'tool') toolsAwaitingCall.add(part.id);
        }
        break;
      }
      case 'tool-call':
        if (!toolsAwaitingCall.delete(part.toolCallId)) return `${at}: tool-call ${part.toolCallId} without its ended tool input`;
        break;
      case 'finish':
        if (open.size) return `${at}: blocks still open: ${[...open.keys()].join(', ')}`;
        if (toolsAwaitingCall.size) return `${at}: tool inputs without their tool-call: ${[...toolsAwaitingCall].join(', ')}`;
        break;
      case 'stream-start':
      case 'usage':
      case 'error':
        break;
      default: {
        const unknown: never = part;
        return `${at}: unknown part ${JSON.stringify(unknown)}`;
      }
    }
  }
  const last = parts.at(-1);
  if (last?.type !== 'finish' && last?.type !== 'error') return 'the stream does not end with finish or error';
  return undefined;
}
