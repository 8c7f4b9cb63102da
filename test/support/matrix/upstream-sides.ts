import type { Behaviour } from '../fake-behaviour';
import { isRecord } from '../wire-helpers';

/** A tool call the upstream makes, as the scenarios script it. */
export interface ScriptedCall {
  id: string;
  name: string;
  args: Record<string, unknown>;
}

/** Token counts in OpenAI's convention: `input` includes the `cached` tokens. */
export interface ScriptedUsage {
  input: number;
  cached: number;
  output: number;
}

/**
 * One upstream type as the conversion matrix drives it: the gateway model served by it, the fake's route, scripted
 * answers in the upstream's own wire format, and readers for what the gateway sent it.
 */
export interface UpstreamSide {
  type: 'anthropic' | 'openai' | 'common' | 'google';
  model: string;
  path: string;
  /** Whether the upstream API has call ids (Gemini's function calls have none: the gateway makes them up). */
  callIds: boolean;
  text(text: string, usage?: ScriptedUsage): Behaviour;
  calls(calls: ScriptedCall[]): Behaviour;
  thinking(thought: string, text: string): Behaviour;
  /** A text answer streamed a character an event, the connection cut after a few events. */
  cut(text: string): Behaviour;
  /** The tool result the upstream received for a call, as text, or undefined. */
  toolResult(body: any, call: ScriptedCall): string | undefined;
  /** Whether the upstream received this base64 image in a user turn. */
  hasImage(body: any, base64: string): boolean;
}

const items = (value: unknown): any[] => (Array.isArray(value) ? value : []);
const text = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

export const UPSTREAM_SIDES: Record<UpstreamSide['type'], UpstreamSide> = {
  anthropic: {
    type: 'anthropic',
    model: 'claude-auto',
    path: '/a/v1/messages',
    callIds: true,
    text: (t, usage) => ({
      anthropicResponse: {
        content: [{ type: 'text', text: t }],
        ...(usage && { usage: { input_tokens: usage.input - usage.cached, cache_read_input_tokens: usage.cached, output_tokens: usage.output } }),
      },
    }),
    calls: (calls) => ({ anthropicResponse: { content: calls.map((c) => ({ type: 'tool_use' as const, id: c.id, name: c.name, input: c.args })) } }),
    thinking: (thought, t) => ({ anthropicResponse: { content: [{ type: 'thinking', thinking: thought }, { type: 'text', text: t }] } }),
    cut: (t) => ({ anthropicResponse: { content: [{ type: 'text', text: t }], deltaSize: 1 }, cutAfterEvents: 6 }),
    toolResult: (body, call) => {
      for (const message of items(body.messages)) {
        for (const block of items(message.content)) {
          if (block.type === 'tool_result' && block.tool_use_id === call.id) {
            return typeof block.content === 'string' ? block.content : items(block.content).map((b) => b.text ?? '').join('');
          }
        }
      }
      return undefined;
    },
    hasImage: (body, base64) =>
      items(body.messages).some((m) => m.role === 'user' && items(m.content).some((b) => b.type === 'image' && b.source?.data === base64)),
  },
  openai: {
    type: 'openai',
    model: 'gpt-auto',
    path: '/o/v1/responses',
    callIds: true,
    text: (t, usage) => ({
      responsesResponse: {
        output: [{ type: 'message', text: t }],
        ...(usage && { usage: { input_tokens: usage.input, cached_tokens: usage.cached, output_tokens: usage.output } }),
      },
    }),
    calls: (calls) => ({ responsesResponse: { output: calls.map((c) => ({ type: 'function_call' as const, call_id: c.id, name: c.name, arguments: c.args })) } }),
    thinking: (thought, t) => ({ responsesResponse: { output: [{ type: 'reasoning', summary: [thought] }, { type: 'message', text: t }] } }),
    cut: (t) => ({ responsesResponse: { output: [{ type: 'message', text: t }], deltaSize: 1 }, cutAfterEvents: 8 }),
    toolResult: (body, call) => {
      const output = items(body.input).find((item) => item.type === 'function_call_output' && item.call_id === call.id);
      return output === undefined ? undefined : typeof output.output === 'string' ? output.output : items(output.output).map((p) => p.text ?? '').join('');
    },
    hasImage: (body, base64) =>
      items(body.input).some((item) => item.role === 'user' && items(item.content).some((p) => p.type === 'input_image' && String(p.image_url).endsWith(base64))),
  },
  common: {
    type: 'common',
    model: 'glm-common',
    path: '/o/v1/chat/completions',
    callIds: true,
    text: (t, usage) => ({
      chatResponse: { content: t, ...(usage && { usage: { prompt_tokens: usage.input, cached_tokens: usage.cached, completion_tokens: usage.output } }) },
    }),
    // Side by side, as some OpenAI-compatible servers stream parallel calls.
    calls: (calls) => ({ chatResponse: { tool_calls: calls.map((c) => ({ id: c.id, name: c.name, arguments: c.args })), interleaveToolCalls: true, deltaSize: 4 } }),
    thinking: (thought, t) => ({ chatResponse: { reasoning_content: thought, content: t } }),
    cut: (t) => ({ chatResponse: { content: t, deltaSize: 1 }, cutAfterEvents: 6 }),
    toolResult: (body, call) => {
      const message = items(body.messages).find((m) => m.role === 'tool' && m.tool_call_id === call.id);
      return message === undefined ? undefined : typeof message.content === 'string' ? message.content : items(message.content).map((p) => p.text ?? '').join('');
    },
    hasImage: (body, base64) =>
      items(body.messages).some((m) => m.role === 'user' && items(m.content).some((p) => p.type === 'image_url' && String(p.image_url?.url).endsWith(base64))),
  },
  google: {
    type: 'google',
    model: 'gemini-auto',
    path: '/g/v1/generate',
    callIds: false,
    text: (t, usage) => ({
      googleResponse: {
        parts: [{ text: t }],
        ...(usage && { usageMetadata: { promptTokenCount: usage.input, cachedContentTokenCount: usage.cached, candidatesTokenCount: usage.output } }),
      },
    }),
    calls: (calls) => ({ googleResponse: { parts: calls.map((c) => ({ functionCall: { name: c.name, args: c.args } })) } }),
    thinking: (thought, t) => ({ googleResponse: { parts: [{ text: thought, thought: true }, { text: t }] } }),
    cut: (t) => ({ googleResponse: { parts: [{ text: t }], deltaSize: 1 }, cutAfterEvents: 6 }),
    toolResult: (body, call) => {
      for (const content of items(body.contents)) {
        for (const part of items(content.parts)) {
          if (isRecord(part.functionResponse) && part.functionResponse.name === call.name) return text(part.functionResponse.response);
        }
      }
      return undefined;
    },
    hasImage: (body, base64) =>
      items(body.contents).some((c) => c.role === 'user' && items(c.parts).some((p) => isRecord(p.inlineData) && p.inlineData.data === base64)),
  },
};
