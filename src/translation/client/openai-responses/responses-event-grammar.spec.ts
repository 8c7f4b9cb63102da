import { responsesGrammarViolation, type ResponsesEvent } from './responses-event-grammar';

function numbered(events: Record<string, unknown>[]): ResponsesEvent[] {
  return events.map((data, sequence_number) => ({ event: String(data.type), data: { sequence_number, ...data } }));
}
const head = [
  { type: 'response.created', response: { status: 'in_progress' } },
  { type: 'response.in_progress', response: { status: 'in_progress' } },
];
const at = { item_id: 'msg_1', output_index: 0 };
const message = [
  { type: 'response.output_item.added', output_index: 0, item: { id: 'msg_1', type: 'message' } },
  { type: 'response.content_part.added', ...at, content_index: 0, part: { type: 'output_text', text: '' } },
  { type: 'response.output_text.delta', ...at, content_index: 0, delta: 'Hi' },
  { type: 'response.output_text.done', ...at, content_index: 0, text: 'Hi' },
  { type: 'response.content_part.done', ...at, content_index: 0, part: { type: 'output_text', text: 'Hi' } },
  { type: 'response.output_item.done', output_index: 0, item: { id: 'msg_1', type: 'message' } },
];
const completed = { type: 'response.completed', response: { output: [{ id: 'msg_1' }] } };

describe(responsesGrammarViolation.name, () => {
  it('accepts a well-formed stream', () => {
    expect(responsesGrammarViolation(numbered([...head, ...message, completed]))).toBeUndefined();
  });

  it.each<[string, ResponsesEvent[], RegExp]>([
    ['a gap in sequence numbers', numbered([...head, ...message, completed]).filter((_, i) => i !== 3), /sequence_number/],
    ['a non-standard event', numbered([...head, { type: 'response.thinking.delta' }, completed]), /not a Responses stream event/],
    ['a delta outside its part', numbered([...head, message[0], message[2]]), /no open part/],
    ['done text that differs from the deltas', numbered([...head, ...message.slice(0, 3), { ...message[3], text: 'Hello' }]), /differs/],
    ['an item left open', numbered([...head, ...message.slice(0, 5), { ...completed, response: { output: [] } }]), /still open/],
    ['no terminal event', numbered([...head, ...message]), /does not end/],
    ['output that is not the done items', numbered([...head, ...message, { ...completed, response: { output: [] } }]), /not the done items/],
  ])('rejects %s', (_case, events, message) => {
    expect(responsesGrammarViolation(events)).toMatch(message);
  });
});
