import type { Rejection } from './api-family';
import { invalidType, invalidValue, missingParameter } from './openai-errors';
import type { RecordedRequest } from './recorded-request';
import { isRecord } from './wire-helpers';

const ROLES = ['system', 'developer', 'user', 'assistant', 'tool'] as const;
const EFFORTS = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'] as const;

/** Chat Completions checks, with the real API's messages (https://platform.openai.com/docs/api-reference/chat/create). */
export function validateChatRequest(request: RecordedRequest): Rejection | undefined {
  const body: unknown = request.body;
  if (!isRecord(body)) return { message: 'We could not parse the JSON body of your request.', param: null };
  if (body.model === undefined) return missingParameter('model');
  if (typeof body.model !== 'string') return invalidType('model', 'a string', body.model);
  if (body.stream !== undefined && body.stream !== null && typeof body.stream !== 'boolean') {
    return invalidType('stream', 'a boolean', body.stream);
  }
  if (body.stream_options !== undefined && body.stream_options !== null && body.stream !== true) {
    return { message: "The 'stream_options' parameter is only allowed when 'stream' is enabled.", param: 'stream_options' };
  }
  const effort = body.reasoning_effort;
  if (effort !== undefined && effort !== null && !(EFFORTS as readonly unknown[]).includes(effort)) {
    return invalidValue('reasoning_effort', effort, EFFORTS);
  }
  return checkMessages(body.messages);
}

function checkMessages(messages: unknown): Rejection | undefined {
  if (messages === undefined) return missingParameter('messages');
  if (!Array.isArray(messages)) return invalidType('messages', 'an array', messages);
  if (messages.length === 0) {
    return {
      message: "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      param: 'messages',
      code: 'empty_array',
    };
  }
  // Ids of the latest assistant tool_calls still waiting for their tool messages, and where they were asked.
  let awaiting = new Set<string>();
  let askedAt = -1;
  let answerable = new Set<string>();
  for (const [index, message] of messages.entries()) {
    const at = `messages[${index}]`;
    if (!isRecord(message)) return invalidType(at, 'an object', message);
    if (!(ROLES as readonly unknown[]).includes(message.role)) return invalidValue(`${at}.role`, message.role, ROLES);
    if (message.role !== 'tool' && awaiting.size > 0) return unansweredCalls(askedAt, awaiting);
    switch (message.role) {
      case 'tool': {
        if (typeof message.tool_call_id !== 'string') return missingParameter(`${at}.tool_call_id`);
        if (!answerable.has(message.tool_call_id)) {
          return {
            message: "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
            param: `messages.[${index}].role`,
          };
        }
        awaiting.delete(message.tool_call_id);
        break;
      }
      case 'assistant': {
        const problem = checkAssistant(message, at);
        if (problem) return problem;
        const calls = Array.isArray(message.tool_calls) ? message.tool_calls.map((call: { id: string }) => call.id) : [];
        awaiting = new Set(calls);
        answerable = new Set(calls);
        askedAt = index;
        break;
      }
      default: {
        answerable = new Set();
        const problem = checkUserContent(message.content, at);
        if (problem) return problem;
      }
    }
  }
  return awaiting.size > 0 ? unansweredCalls(askedAt, awaiting) : undefined;
}

function unansweredCalls(index: number, ids: Set<string>): Rejection {
  return {
    message:
      "An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. " +
      `The following tool_call_ids did not have response messages: ${[...ids].join(', ')}`,
    param: `messages.[${index}].role`,
  };
}

function checkAssistant(message: Record<string, unknown>, at: string): Rejection | undefined {
  const calls = message.tool_calls;
  if (calls !== undefined && calls !== null) {
    if (!Array.isArray(calls)) return invalidType(`${at}.tool_calls`, 'an array', calls);
    for (const [index, call] of calls.entries()) {
      const where = `${at}.tool_calls[${index}]`;
      if (!isRecord(call) || typeof call.id !== 'string') return missingParameter(`${where}.id`);
      if (!isRecord(call.function) || typeof call.function.name !== 'string') return missingParameter(`${where}.function.name`);
      if (typeof call.function.arguments !== 'string') {
        return invalidType(`${where}.function.arguments`, 'a string', call.function.arguments);
      }
    }
  }
  const hasCalls = Array.isArray(calls) && calls.length > 0;
  if ((message.content === undefined || message.content === null) && !hasCalls) {
    return { message: "Invalid value for 'content': expected a string, got null.", param: `${at}.content` };
  }
  return undefined;
}

function checkUserContent(content: unknown, at: string): Rejection | undefined {
  if (typeof content === 'string') return undefined;
  if (!Array.isArray(content)) return invalidType(`${at}.content`, 'one of a string or array of content parts', content);
  const parts = ['text', 'image_url', 'input_audio', 'file'] as const;
  const bad = content.findIndex((part) => !isRecord(part) || !(parts as readonly unknown[]).includes(part.type));
  if (bad === -1) return undefined;
  const part: unknown = content[bad];
  return invalidValue(`${at}.content[${bad}].type`, isRecord(part) ? part.type : part, parts);
}
