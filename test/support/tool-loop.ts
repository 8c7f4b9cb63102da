import type { Behaviour } from './fake-behaviour';
import type { RecordedRequest } from './recorded-request';
import { isRecord } from './wire-helpers';

/** The upstream API families a tool loop can be scripted for, by the fake's route. */
export type LoopFamily = 'anthropic' | 'responses' | 'chat' | 'google';

export interface ToolLoopScript {
  /** The tool call the model makes while no result is in the conversation. */
  call: { name: string; input: Record<string, unknown> };
  /** The answer once the conversation carries a tool result. */
  finalText: string;
}

/**
 * One model turn of an agent's tool loop, decided from the request like a model would: a tool call first, then plain
 * text once the conversation holds a tool result. Real CLIs also send side requests (titles, classifiers); those see
 * the same rule, which is harmless since they do not execute tools.
 */
export function toolLoop(family: LoopFamily, script: ToolLoopScript): Behaviour {
  return { decide: (request) => (hasToolResult(family, request) ? textAnswer(family, script.finalText) : callAnswer(family, script.call)) };
}

export function hasToolResult(family: LoopFamily, request: RecordedRequest): boolean {
  const body: unknown = request.body;
  if (!isRecord(body)) return false;
  const items = (key: string): unknown[] => (Array.isArray(body[key]) ? (body[key] as unknown[]) : []);
  switch (family) {
    case 'anthropic':
      return items('messages').some(
        (message) => isRecord(message) && Array.isArray(message.content) && message.content.some((block) => isRecord(block) && block.type === 'tool_result'),
      );
    case 'responses':
      return items('input').some((item) => isRecord(item) && (item.type === 'function_call_output' || item.type === 'custom_tool_call_output'));
    case 'chat':
      return items('messages').some((message) => isRecord(message) && message.role === 'tool');
    case 'google':
      return items('contents').some(
        (content) => isRecord(content) && Array.isArray(content.parts) && content.parts.some((part) => isRecord(part) && isRecord(part.functionResponse)),
      );
    default: {
      const unknownFamily: never = family;
      throw new Error(`unknown family ${String(unknownFamily)}`);
    }
  }
}

/** A plain text answer in the family's scripted form. */
export function textAnswer(family: LoopFamily, text: string): Behaviour {
  switch (family) {
    case 'anthropic':
      return { anthropicResponse: { content: [{ type: 'text', text }] } };
    case 'responses':
      return { responsesResponse: { output: [{ type: 'message', text }] } };
    case 'chat':
      return { chatResponse: { content: text } };
    case 'google':
      return { googleResponse: { parts: [{ text }] } };
    default: {
      const unknownFamily: never = family;
      throw new Error(`unknown family ${String(unknownFamily)}`);
    }
  }
}

function callAnswer(family: LoopFamily, call: ToolLoopScript['call']): Behaviour {
  switch (family) {
    case 'anthropic':
      return { anthropicResponse: { content: [{ type: 'tool_use', name: call.name, input: call.input }] } };
    case 'responses':
      return { responsesResponse: { output: [{ type: 'function_call', name: call.name, arguments: call.input }] } };
    case 'chat':
      return { chatResponse: { tool_calls: [{ name: call.name, arguments: call.input }] } };
    case 'google':
      return { googleResponse: { parts: [{ functionCall: { name: call.name, args: call.input } }] } };
    default: {
      const unknownFamily: never = family;
      throw new Error(`unknown family ${String(unknownFamily)}`);
    }
  }
}
