import Anthropic from '@anthropic-ai/sdk';
import OpenAI, { APIError } from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { messagesGrammarViolation } from '../../../src/translation/client/anthropic-messages/messages-event-grammar';
import { responsesGrammarViolation } from '../../../src/translation/client/openai-responses/responses-event-grammar';
import { assembleChunks } from '../chat-fixture';
import type { ScriptedCall, ScriptedUsage } from './upstream-sides';

/** What a client saw of a call: the arguments parsed from whatever shape its API gives them. */
export interface SeenCall {
  id: string;
  name: string;
  args: unknown;
}

export interface Answer {
  text: string;
  reasoning: string;
  calls: SeenCall[];
  usage?: ScriptedUsage;
}

/** A tool the scenarios offer, described once and written in each client API's own shape. */
export interface ToolSpec {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

export interface TurnOptions {
  model: string;
  stream: boolean;
  prompt?: string;
  tools?: ToolSpec[];
  /** Ask for reasoning the way the API does (reasoning_effort, thinking, reasoning.effort). */
  thinking?: boolean;
  /** A base64 PNG to send with the prompt. */
  image?: string;
  /** A finished tool round to replay before the answer: the call the model made and the result the client got. */
  history?: { call: ScriptedCall; result: string };
}

/**
 * One client API as the conversion matrix drives it, through its official SDK: a turn in, a normalised answer out.
 * Streams are read event by event and checked against the API's grammar (chunk rules, Anthropic block rules,
 * Responses nesting) before they are folded.
 */
export interface ClientSide {
  api: 'chat' | 'messages' | 'responses';
  turn(options: TurnOptions): Promise<Answer>;
}

/** The status of the SDK error a call rejects with; fails when it resolves. */
export async function errorStatus(call: Promise<unknown>): Promise<number> {
  try {
    await call;
  } catch (error) {
    if (error instanceof APIError || error instanceof Anthropic.APIError) return error.status ?? -1;
    throw error;
  }
  throw new Error('expected the call to fail');
}

const PROMPT = 'What is the weather in Paris?';
const parse = (json: string): unknown => JSON.parse(json || '{}');

export function chatSide(client: OpenAI): ClientSide {
  return {
    api: 'chat',
    async turn(o) {
      const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [
        o.image
          ? { role: 'user', content: [{ type: 'text', text: o.prompt ?? PROMPT }, { type: 'image_url', image_url: { url: `data:image/png;base64,${o.image}` } }] }
          : { role: 'user', content: o.prompt ?? PROMPT },
      ];
      if (o.history) {
        const { call, result } = o.history;
        messages.push({ role: 'assistant', content: null, tool_calls: [{ id: call.id, type: 'function', function: { name: call.name, arguments: JSON.stringify(call.args) } }] });
        messages.push({ role: 'tool', tool_call_id: call.id, content: result });
      }
      const params = {
        model: o.model,
        messages,
        ...(o.tools && { tools: o.tools.map((t) => ({ type: 'function' as const, function: t })) }),
        ...(o.thinking && { reasoning_effort: 'low' as const }),
      };
      if (!o.stream) {
        const completion = await client.chat.completions.create(params);
        const message = completion.choices[0].message as OpenAI.Chat.ChatCompletionMessage & { reasoning_content?: string };
        return {
          text: message.content ?? '',
          reasoning: message.reasoning_content ?? '',
          calls: (message.tool_calls ?? []).map((c) => (c.type === 'function' ? { id: c.id, name: c.function.name, args: parse(c.function.arguments) } : { id: c.id, name: '?', args: {} })),
          usage: completion.usage && { input: completion.usage.prompt_tokens, cached: completion.usage.prompt_tokens_details?.cached_tokens ?? 0, output: completion.usage.completion_tokens },
        };
      }
      const chunks: ChatCompletionChunk[] = [];
      for await (const chunk of await client.chat.completions.create({ ...params, stream: true, stream_options: { include_usage: true } })) chunks.push(chunk);
      const assembled = assembleChunks(chunks);
      const usage = assembled.usage;
      return {
        text: assembled.content,
        reasoning: assembled.reasoning,
        calls: assembled.toolCalls.map((c) => ({ id: c.id, name: c.name, args: parse(c.arguments) })),
        usage: usage ? { input: usage.prompt_tokens, cached: usage.prompt_tokens_details?.cached_tokens ?? 0, output: usage.completion_tokens } : undefined,
      };
    },
  };
}

export function messagesSide(client: Anthropic): ClientSide {
  return {
    api: 'messages',
    async turn(o) {
      const first: Anthropic.ContentBlockParam[] = [{ type: 'text', text: o.prompt ?? PROMPT }];
      if (o.image) first.push({ type: 'image', source: { type: 'base64', media_type: 'image/png', data: o.image } });
      const messages: Anthropic.MessageParam[] = [{ role: 'user', content: first }];
      if (o.history) {
        const { call, result } = o.history;
        messages.push({ role: 'assistant', content: [{ type: 'tool_use', id: call.id, name: call.name, input: call.args }] });
        messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: result }] });
      }
      const params: Anthropic.MessageCreateParamsNonStreaming = {
        model: o.model,
        max_tokens: 8192,
        messages,
        ...(o.tools && { tools: o.tools.map((t) => ({ name: t.name, description: t.description, input_schema: t.parameters as Anthropic.Tool.InputSchema })) }),
        ...(o.thinking && { thinking: { type: 'enabled' as const, budget_tokens: 2048 } }),
      };
      let message: Anthropic.Message;
      if (o.stream) {
        const stream = client.messages.stream(params);
        const events: { data: Record<string, any> }[] = [];
        stream.on('streamEvent', (event) => events.push({ data: event }));
        message = await stream.finalMessage();
        const violation = messagesGrammarViolation(events);
        if (violation) throw new Error(`Anthropic stream grammar: ${violation}`);
      } else {
        message = await client.messages.create(params);
      }
      const of = <T extends Anthropic.ContentBlock['type']>(type: T) =>
        message.content.filter((block): block is Extract<Anthropic.ContentBlock, { type: T }> => block.type === type);
      const usage = message.usage;
      return {
        text: of('text').map((b) => b.text).join(''),
        reasoning: of('thinking').map((b) => b.thinking).join(''),
        calls: of('tool_use').map((b) => ({ id: b.id, name: b.name, args: b.input })),
        usage: {
          input: usage.input_tokens + (usage.cache_read_input_tokens ?? 0) + (usage.cache_creation_input_tokens ?? 0),
          cached: usage.cache_read_input_tokens ?? 0,
          output: usage.output_tokens,
        },
      };
    },
  };
}

export function responsesSide(client: OpenAI): ClientSide {
  return {
    api: 'responses',
    async turn(o) {
      const content: OpenAI.Responses.ResponseInputContent[] = [{ type: 'input_text', text: o.prompt ?? PROMPT }];
      if (o.image) content.push({ type: 'input_image', image_url: `data:image/png;base64,${o.image}`, detail: 'auto' });
      const input: OpenAI.Responses.ResponseInputItem[] = [{ role: 'user', content }];
      if (o.history) {
        const { call, result } = o.history;
        input.push({ type: 'function_call', call_id: call.id, name: call.name, arguments: JSON.stringify(call.args) });
        input.push({ type: 'function_call_output', call_id: call.id, output: result });
      }
      const params = {
        model: o.model,
        input,
        store: false,
        ...(o.tools && { tools: o.tools.map((t) => ({ type: 'function' as const, name: t.name, description: t.description, parameters: t.parameters, strict: false })) }),
        ...(o.thinking && { reasoning: { effort: 'low' as const, summary: 'auto' as const }, include: ['reasoning.encrypted_content' as const] }),
      };
      let response: OpenAI.Responses.Response;
      if (o.stream) {
        const events: { data: Record<string, any> }[] = [];
        let final: OpenAI.Responses.Response | undefined;
        for await (const event of await client.responses.create({ ...params, stream: true })) {
          events.push({ data: event });
          if (event.type === 'response.completed' || event.type === 'response.incomplete') final = event.response;
          if (event.type === 'response.failed') throw new Error(`response.failed: ${event.response.error?.message ?? ''}`);
        }
        const violation = responsesGrammarViolation(events);
        if (violation) throw new Error(`Responses stream grammar: ${violation}`);
        if (!final) throw new Error('the stream ended without a terminal event');
        response = final;
      } else {
        response = await client.responses.create(params);
      }
      const usage = response.usage;
      return {
        text: response.output.flatMap((item) => (item.type === 'message' ? item.content.map((c) => (c.type === 'output_text' ? c.text : '')) : [])).join(''),
        reasoning: response.output.flatMap((item) => (item.type === 'reasoning' ? item.summary.map((s) => s.text) : [])).join(''),
        calls: response.output.flatMap((item) => (item.type === 'function_call' ? [{ id: item.call_id, name: item.name, args: parse(item.arguments) }] : [])),
        usage: usage && { input: usage.input_tokens, cached: usage.input_tokens_details?.cached_tokens ?? 0, output: usage.output_tokens },
      };
    },
  };
}
