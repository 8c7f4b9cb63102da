import type { HubStreamPart } from './hub-stream';
import { hubStreamGrammarViolation } from './hub-stream-grammar';

const start: HubStreamPart = { type: 'stream-start' };
const finish: HubStreamPart = { type: 'finish', finishReason: 'stop', usage: {} };

describe(hubStreamGrammarViolation.name, () => {
  it('accepts interleaved blocks that all end, and tool calls in four parts', () => {
    expect(
      hubStreamGrammarViolation([
        start,
        { type: 'tool-input-start', id: 'a', toolName: 'f' },
        { type: 'tool-input-start', id: 'b', toolName: 'g' },
        { type: 'tool-input-delta', id: 'b', delta: '{}' },
        { type: 'tool-input-delta', id: 'a', delta: '{}' },
        { type: 'tool-input-end', id: 'a' },
        { type: 'tool-call', toolCallId: 'a', toolName: 'f', input: '{}' },
        { type: 'tool-input-end', id: 'b' },
        { type: 'tool-call', toolCallId: 'b', toolName: 'g', input: '{}' },
        finish,
      ]),
    ).toBeUndefined();
  });

  it.each([
    ['no stream-start', [finish], /first part must be stream-start/],
    ['a delta outside its block', [start, { type: 'text-delta', id: 't', delta: 'x' }, finish], /no open text block t/],
    ['an open block at finish', [start, { type: 'text-start', id: 't' }, finish], /still open: t/],
    ['a tool input without its call', [start, { type: 'tool-input-start', id: 'a', toolName: 'f' }, { type: 'tool-input-end', id: 'a' }, finish], /without their tool-call/],
    ['a part after the end', [start, finish, { type: 'usage', usage: {} }], /nothing may follow/],
    ['no terminal part', [start], /does not end/],
    ['two terminal parts', [start, { type: 'error', error: { message: 'x' } }, finish], /nothing may follow/],
  ] as [string, HubStreamPart[], RegExp][])('rejects %s', (_name, parts, problem) => {
    expect(hubStreamGrammarViolation(parts)).toMatch(problem);
  });
});
