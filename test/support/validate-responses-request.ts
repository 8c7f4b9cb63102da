import type { Rejection } from './api-family';
import { invalidType, invalidValue, missingParameter } from './openai-errors';
import type { RecordedRequest } from './recorded-request';
import { isRecord } from './wire-helpers';

const ROLES = ['user', 'assistant', 'system', 'developer'] as const;
const INPUT_PARTS = ['input_text', 'input_image', 'input_file'] as const;
const OUTPUT_PARTS = ['output_text', 'refusal'] as const;
const EFFORTS = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'] as const;

/** The Responses API checks a gateway can break (https://platform.openai.com/docs/api-reference/responses/create). */
export function validateResponsesRequest(request: RecordedRequest): Rejection | undefined {
  const body: unknown = request.body;
  if (!isRecord(body)) return { message: 'We could not parse the JSON body of your request.', param: null };
  if (body.model === undefined) return missingParameter('model');
  if (typeof body.model !== 'string') return invalidType('model', 'a string', body.model);
  if (body.instructions !== undefined && body.instructions !== null && typeof body.instructions !== 'string') {
    return invalidType('instructions', 'a string', body.instructions);
  }
  if (body.stream !== undefined && typeof body.stream !== 'boolean') return invalidType('stream', 'a boolean', body.stream);
  return checkReasoning(body.reasoning) ?? checkTools(body.tools) ?? checkInput(body.input, body.previous_response_id !== undefined);
}

function checkReasoning(reasoning: unknown): Rejection | undefined {
  if (reasoning === undefined || reasoning === null) return undefined;
  if (!isRecord(reasoning)) return invalidType('reasoning', 'an object', reasoning);
  const effort = reasoning.effort;
  if (effort === undefined || effort === null) return undefined;
  return (EFFORTS as readonly unknown[]).includes(effort) ? undefined : invalidValue('reasoning.effort', effort, EFFORTS);
}

function checkTools(tools: unknown): Rejection | undefined {
  if (tools === undefined) return undefined;
  if (!Array.isArray(tools)) return invalidType('tools', 'an array', tools);
  const bad = tools.findIndex((tool) => !isRecord(tool) || typeof tool.type !== 'string');
  if (bad !== -1) return missingParameter(`tools[${bad}].type`);
  const unnamed = tools.findIndex((tool) => isRecord(tool) && tool.type === 'function' && typeof tool.name !== 'string');
  return unnamed === -1 ? undefined : missingParameter(`tools[${unnamed}].name`);
}

function checkInput(input: unknown, hasPreviousResponse: boolean): Rejection | undefined {
  if (input === undefined || typeof input === 'string') return undefined;
  if (!Array.isArray(input)) return invalidType('input', 'one of a string or array of input items', input);
  const calls = new Set<unknown>();
  for (const [index, item] of input.entries()) {
    const at = `input[${index}]`;
    if (!isRecord(item)) return invalidType(at, 'an object', item);
    const type = item.type ?? 'message';
    switch (type) {
      case 'message': {
        const problem = checkMessage(item, at);
        if (problem) return problem;
        break;
      }
      case 'function_call':
        if (typeof item.call_id !== 'string') return missingParameter(`${at}.call_id`);
        if (typeof item.name !== 'string') return missingParameter(`${at}.name`);
        if (typeof item.arguments !== 'string') return invalidType(`${at}.arguments`, 'a string', item.arguments);
        calls.add(item.call_id);
        break;
      case 'function_call_output':
        if (typeof item.call_id !== 'string') return missingParameter(`${at}.call_id`);
        if (item.output === undefined) return missingParameter(`${at}.output`);
        // With previous_response_id the call may live in the stored response, which this fake does not keep.
        if (!calls.has(item.call_id) && !hasPreviousResponse) {
          return { message: `No tool call found for function call output with call_id ${item.call_id}.`, param: 'input' };
        }
        break;
      case 'reasoning':
        if (!Array.isArray(item.summary)) return missingParameter(`${at}.summary`);
        // OpenAI decrypts what it encrypted (Fernet tokens, 'gAAAA…'); anything else fails, as after a model switch.
        if (item.encrypted_content !== undefined && !(typeof item.encrypted_content === 'string' && /^gAAAA[\w=-]+$/.test(item.encrypted_content))) {
          return { message: `The encrypted content for item ${String(item.id)} could not be verified.`, param: null, code: 'invalid_encrypted_content' };
        }
        break;
      default:
        // item_reference, web_search_call and friends pass through untouched.
        break;
    }
  }
  return undefined;
}

function checkMessage(item: Record<string, unknown>, at: string): Rejection | undefined {
  if (!(ROLES as readonly unknown[]).includes(item.role)) return invalidValue(`${at}.role`, item.role, ROLES);
  const content = item.content;
  if (typeof content === 'string') return undefined;
  if (!Array.isArray(content)) return invalidType(`${at}.content`, 'one of a string or array of content parts', content);
  const allowed: readonly string[] = item.role === 'assistant' ? OUTPUT_PARTS : INPUT_PARTS;
  for (const [index, part] of content.entries()) {
    const where = `${at}.content[${index}]`;
    if (!isRecord(part)) return invalidType(where, 'an object', part);
    if (!allowed.includes(String(part.type))) return invalidValue(`${where}.type`, part.type, allowed);
    if ((part.type === 'input_text' || part.type === 'output_text') && typeof part.text !== 'string') {
      return missingParameter(`${where}.text`);
    }
    if (part.type === 'input_image' && typeof part.image_url !== 'string' && typeof part.file_id !== 'string') {
      return missingParameter(`${where}.image_url`);
    }
  }
  return undefined;
}
