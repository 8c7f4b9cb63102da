import { messagesGrammarViolation, type MessagesEvent } from './messages-event-grammar';

const start: MessagesEvent = { data: { type: 'message_start', message: { usage: { input_tokens: 5 } } } };
const blockStart = (index: number, content_block: object): MessagesEvent => ({ data: { type: 'content_block_start', index, content_block } });
const delta = (index: number, d: object): MessagesEvent => ({ data: { type: 'content_block_delta', index, delta: d } });
const stop = (index: number): MessagesEvent => ({ data: { type: 'content_block_stop', index } });
const end: MessagesEvent[] = [
  { data: { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 1 } } },
  { data: { type: 'message_stop' } },
];
const text = (index: number, value = 'hi'): MessagesEvent[] => [blockStart(index, { type: 'text', text: '' }), delta(index, { type: 'text_delta', text: value }), stop(index)];

describe(messagesGrammarViolation.name, () => {
  it('accepts a well-formed stream', () => {
    expect(messagesGrammarViolation([start, ...text(0), { data: { type: 'ping' } }, ...text(1), ...end])).toBeUndefined();
  });

  it.each<[string, MessagesEvent[], RegExp]>([
    ['usage 0 in message_start', [{ data: { type: 'message_start', message: { usage: { input_tokens: 0 } } } }, ...end], /above 0/],
    ['a skipped index', [start, ...text(1), ...end], /expected 0/],
    ['two open blocks', [start, blockStart(0, { type: 'text', text: '' }), blockStart(1, { type: 'text', text: '' })], /still open/],
    ['an empty text block', [start, blockStart(0, { type: 'text', text: '' }), stop(0), ...end], /empty text block/],
    ['a delta of the wrong kind', [start, blockStart(0, { type: 'text', text: '' }), delta(0, { type: 'input_json_delta', partial_json: '{}' })], /inside a text block/],
    ['tool input not starting empty', [start, blockStart(0, { type: 'tool_use', id: 't', name: 'n', input: { a: 1 } }), stop(0), ...end], /input \{\}/],
    ['no message_stop', [start, ...text(0), end[0]], /does not end/],
    ['message_stop without message_delta', [start, ...text(0), end[1]], /before message_delta/],
    ['events after message_stop', [start, ...end, ...text(0)], /after message_stop/],
  ])('rejects %s', (_case, events, message) => {
    expect(messagesGrammarViolation(events)).toMatch(message);
  });
});
