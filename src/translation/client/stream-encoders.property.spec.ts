import { createParser } from 'eventsource-parser';
import fc from 'fast-check';
import type { ClientResponseContext, HubStreamEncoder } from '../hub/hub-codec';
import type { HubRequest } from '../hub/hub-prompt';
import type { HubStreamPart } from '../hub/hub-stream';
import { messagesGrammarViolation } from './anthropic-messages/messages-event-grammar';
import { MessagesStreamEncoder } from './anthropic-messages/messages-stream-encoder';
import { ChatStreamEncoder } from './chat-completions/chat-stream-encoder';
import { responsesGrammarViolation } from './openai-responses/responses-event-grammar';
import { ResponsesStreamEncoder } from './openai-responses/responses-stream-encoder';

/** One block of a generated hub stream: its kind and the deltas it arrives in ('' included: upstreams send those). */
interface BlockSpec {
  kind: 'text' | 'reasoning' | 'tool';
  deltas: string[];
  signed: boolean;
}

const blockArb: fc.Arbitrary<BlockSpec> = fc.record({
  kind: fc.constantFrom('text', 'reasoning', 'tool'),
  deltas: fc.array(fc.oneof(fc.constant(''), fc.string({ minLength: 1, maxLength: 6 })), { maxLength: 5 }),
  signed: fc.boolean(),
});

type Ending = { kind: 'finish' } | { kind: 'unterminated' } | { kind: 'error'; at: number };

interface GeneratedStream {
  blocks: BlockSpec[];
  picks: number[];
  ending: Ending;
}

const streamArb: fc.Arbitrary<GeneratedStream> = fc.record({
  blocks: fc.array(blockArb, { maxLength: 6 }),
  picks: fc.array(fc.nat(), { maxLength: 60 }),
  ending: fc.oneof(
    fc.constant<Ending>({ kind: 'finish' }),
    fc.constant<Ending>({ kind: 'unterminated' }),
    fc.nat({ max: 40 }).map((at): Ending => ({ kind: 'error', at })),
  ),
});

const idOf = (index: number, spec: BlockSpec) => `${spec.kind}-${index}`;
/** The text a block carries; a call without arguments has `{}`, as the upstream decoders give it. */
const inputOf = (spec: BlockSpec) => spec.deltas.join('') || (spec.kind === 'tool' ? '{}' : '');

/** Each block's own parts in grammar order (start → deltas → end → call for tools). */
function blockParts(spec: BlockSpec, index: number): HubStreamPart[] {
  const id = idOf(index, spec);
  switch (spec.kind) {
    case 'text':
      return [{ type: 'text-start', id }, ...spec.deltas.map((delta): HubStreamPart => ({ type: 'text-delta', id, delta })), { type: 'text-end', id }];
    case 'reasoning':
      return [
        { type: 'reasoning-start', id },
        ...spec.deltas.map((delta): HubStreamPart => ({ type: 'reasoning-delta', id, delta })),
        spec.signed ? { type: 'reasoning-end', id, providerMetadata: { anthropic: { signature: `sig-${index}` } } } : { type: 'reasoning-end', id },
      ];
    case 'tool':
      return [
        { type: 'tool-input-start', id, toolName: `tool_${index}` },
        ...spec.deltas.map((delta): HubStreamPart => ({ type: 'tool-input-delta', id, delta })),
        { type: 'tool-input-end', id },
        { type: 'tool-call', toolCallId: id, toolName: `tool_${index}`, input: inputOf(spec) },
      ];
    default: {
      const unknownKind: never = spec.kind;
      throw new Error(`unknown kind ${String(unknownKind)}`);
    }
  }
}

/** A legal hub stream: the blocks' parts merged in a random interleaving, then the chosen ending. */
function hubStream({ blocks, picks, ending }: GeneratedStream): HubStreamPart[] {
  const queues: HubStreamPart[][] = blocks.map(blockParts);
  const merged: HubStreamPart[] = [];
  let pick = 0;
  for (;;) {
    const live = queues.filter((queue) => queue.length > 0);
    if (live.length === 0) break;
    merged.push(live[(picks[pick++] ?? 0) % live.length].shift() as HubStreamPart);
  }
  const start: HubStreamPart = { type: 'stream-start' };
  if (ending.kind === 'error') {
    return [start, ...merged.slice(0, ending.at), { type: 'error', error: { message: 'boom', type: 'overloaded_error', status: 529 } }];
  }
  return [start, ...merged, { type: 'finish', finishReason: 'stop', usage: { inputTokens: 9, outputTokens: 3 }, unterminated: ending.kind === 'unterminated' }];
}

function context(blocks: BlockSpec[]): ClientResponseContext {
  const request: HubRequest = {
    model: 'm',
    system: [],
    messages: [],
    tools: blocks.map((_, index) => ({ name: `tool_${index}`, kind: 'function' as const, inputSchema: { type: 'object' } })),
    stream: true,
    reasoning: { enabled: true },
  };
  return { request, id: 'resp_prop', created: 1, model: 'm', inputTokenEstimate: 7, includeUsage: true };
}

function events(encoder: HubStreamEncoder, parts: HubStreamPart[]): { event?: string; data: any }[] {
  const out: { event?: string; data: any }[] = [];
  const parser = createParser({ onEvent: ({ event, data }) => out.push({ event, data: data === '[DONE]' ? data : JSON.parse(data) }) });
  for (const part of parts) parser.feed(encoder.push(part));
  return out;
}

/** What a complete stream must deliver per block: every text and every tool input, whole. */
function expectedContent(blocks: BlockSpec[], kinds: BlockSpec['kind'][]): string[] {
  return blocks
    .filter((spec) => kinds.includes(spec.kind))
    .map(inputOf)
    .sort();
}

describe('stream encoders on random interleavings of hub parts', () => {
  it('Anthropic Messages: the block rules hold and every text and tool input arrives whole', () => {
    fc.assert(
      fc.property(streamArb, (stream) => {
        const parts = hubStream(stream);
        const out = events(new MessagesStreamEncoder(context(stream.blocks)), parts);
        expect(messagesGrammarViolation(out)).toBeUndefined();
        if (stream.ending.kind === 'error') return;
        const contents = new Map<number, { type: string; text: string }>();
        for (const { data } of out) {
          if (data.type === 'content_block_start') contents.set(data.index, { type: data.content_block.type, text: '' });
          if (data.type === 'content_block_delta') {
            const delta = data.delta;
            contents.get(data.index)!.text += delta.text ?? delta.partial_json ?? delta.thinking ?? '';
          }
        }
        const texts = [...contents.values()].filter((block) => block.type === 'text').map((block) => block.text).sort();
        expect(texts).toEqual(expectedContent(stream.blocks, ['text']).filter(Boolean));
        const tools = [...contents.values()].filter((block) => block.type === 'tool_use').map((block) => block.text).sort();
        expect(tools).toEqual(expectedContent(stream.blocks, ['tool']));
      }),
      { numRuns: 400 },
    );
  });

  it('OpenAI Responses: items and parts nest, sequence numbers count up, every text and argument arrives whole', () => {
    fc.assert(
      fc.property(streamArb, (stream) => {
        const parts = hubStream(stream);
        const out = events(new ResponsesStreamEncoder(context(stream.blocks)), parts);
        expect(responsesGrammarViolation(out)).toBeUndefined();
        if (stream.ending.kind !== 'finish') return;
        const output = out.at(-1)!.data.response.output as { type: string; content?: { text: string }[]; arguments?: string }[];
        const texts = output.filter((item) => item.type === 'message').map((item) => item.content![0].text).sort();
        expect(texts).toEqual(expectedContent(stream.blocks, ['text']).filter(Boolean));
        const calls = output.filter((item) => item.type === 'function_call').map((item) => item.arguments).sort();
        expect(calls).toEqual(expectedContent(stream.blocks, ['tool']));
      }),
      { numRuns: 400 },
    );
  });

  it('Chat Completions: tool indexes are 0-based and contiguous, each call keeps its id and whole arguments', () => {
    fc.assert(
      fc.property(streamArb, (stream) => {
        const parts = hubStream(stream);
        const out = events(new ChatStreamEncoder(context(stream.blocks)), parts);
        const chunks = out.filter(({ data }) => data !== '[DONE]' && !data.error).map(({ data }) => data);
        const calls: { id: string; args: string }[] = [];
        let text = '';
        for (const chunk of chunks) {
          for (const choice of chunk.choices) {
            text += choice.delta.content ?? '';
            for (const call of choice.delta.tool_calls ?? []) {
              if (call.index === calls.length) calls.push({ id: call.id, args: call.function.arguments });
              else if (call.index < calls.length && call.id === undefined) calls[call.index].args += call.function.arguments;
              else throw new Error(`tool call index ${call.index} after ${calls.length} calls`);
            }
          }
        }
        const ended = out.at(-1)!;
        if (stream.ending.kind === 'finish') {
          expect(ended.data).toBe('[DONE]');
          expect(calls.map((call) => call.args).sort()).toEqual(expectedContent(stream.blocks, ['tool']));
          expect(text.length).toBe(expectedContent(stream.blocks, ['text']).join('').length);
        } else {
          expect(ended.data.error).toBeDefined();
          expect(out.some(({ data }) => data === '[DONE]')).toBe(false);
        }
      }),
      { numRuns: 400 },
    );
  });
});
