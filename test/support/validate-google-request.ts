import type { RecordedRequest } from './recorded-request';
import { isRecord } from './wire-helpers';

const THINKING_LEVELS = ['MINIMAL', 'LOW', 'MEDIUM', 'HIGH'];

/**
 * Checks on the Gemini generateContent body (https://ai.google.dev/api/generate-content) plus the routing fields
 * of Factory's generate endpoint. Returns the 400 message, or undefined.
 */
export function validateGoogleRequest(request: RecordedRequest): string | undefined {
  const body: unknown = request.body;
  if (!isRecord(body)) return 'Invalid JSON payload received.';
  if (typeof body.model !== 'string' || body.model === '') return '* model: model is not specified';
  if (body.stream !== undefined && typeof body.stream !== 'boolean') return 'Invalid value at \'stream\', expected a boolean';
  return (
    checkSystemInstruction(body.systemInstruction) ??
    checkGenerationConfig(body.generationConfig) ??
    checkContents(body.contents) ??
    (/^gemini-3/.test(body.model) ? checkThoughtSignatures(body.contents as unknown[]) : undefined)
  );
}

/** Gemini 3 rejects a replayed model turn whose first function call carries no thought signature. */
function checkThoughtSignatures(contents: unknown[]): string | undefined {
  for (const [index, content] of contents.entries()) {
    if (!isRecord(content) || content.role !== 'model' || !Array.isArray(content.parts)) continue;
    const first = content.parts.find((part) => isRecord(part) && isRecord(part.functionCall));
    if (isRecord(first) && typeof first.thoughtSignature !== 'string') {
      return `Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call \`default_api:${String((first.functionCall as Record<string, unknown>).name)}\` , position ${index + 1}.`;
    }
  }
  return undefined;
}

function checkSystemInstruction(instruction: unknown): string | undefined {
  if (instruction === undefined) return undefined;
  if (!isRecord(instruction) || !Array.isArray(instruction.parts)) {
    return '* GenerateContentRequest.system_instruction.parts: parts must be a list';
  }
  const bad = instruction.parts.findIndex((part) => !isRecord(part) || typeof part.text !== 'string');
  return bad === -1 ? undefined : `* GenerateContentRequest.system_instruction.parts[${bad}]: only text parts are allowed`;
}

function checkGenerationConfig(config: unknown): string | undefined {
  if (config === undefined) return undefined;
  if (!isRecord(config)) return "Invalid value at 'generation_config', expected an object";
  const thinking = config.thinkingConfig;
  if (thinking === undefined) return undefined;
  if (!isRecord(thinking)) return "Invalid value at 'generation_config.thinking_config', expected an object";
  const level = thinking.thinkingLevel;
  if (level !== undefined && !(typeof level === 'string' && THINKING_LEVELS.includes(level))) {
    return `Invalid value at 'generation_config.thinking_config.thinking_level' (type.googleapis.com/google.ai.generativelanguage.v1beta.ThinkingLevel), ${JSON.stringify(level)}`;
  }
  return undefined;
}

function partKind(part: unknown): 'text' | 'inlineData' | 'functionCall' | 'functionResponse' | undefined {
  if (!isRecord(part)) return undefined;
  if (typeof part.text === 'string') return 'text';
  if (isRecord(part.inlineData) && typeof part.inlineData.mimeType === 'string' && typeof part.inlineData.data === 'string') {
    return 'inlineData';
  }
  if (isRecord(part.functionCall) && typeof part.functionCall.name === 'string') return 'functionCall';
  if (isRecord(part.functionResponse) && typeof part.functionResponse.name === 'string') return 'functionResponse';
  return undefined;
}

function checkContents(contents: unknown): string | undefined {
  if (!Array.isArray(contents) || contents.length === 0) return '* GenerateContentRequest.contents: contents is not specified';
  let previousCalls = 0;
  for (const [index, content] of contents.entries()) {
    const at = `* GenerateContentRequest.contents[${index}]`;
    if (!isRecord(content)) return `${at}: content must be an object`;
    if (content.role !== 'user' && content.role !== 'model') return 'Please use a valid role: user, model.';
    if (!Array.isArray(content.parts) || content.parts.length === 0) return `${at}.parts: contents.parts must not be empty.`;
    const kinds = content.parts.map(partKind);
    const bad = kinds.indexOf(undefined);
    if (bad !== -1) return `${at}.parts[${bad}]: required oneof field 'data' must have one initialized field`;
    const responses = kinds.filter((kind) => kind === 'functionResponse').length;
    if (responses > 0 && previousCalls === 0) {
      return 'Please ensure that function response turn comes immediately after a function call turn.';
    }
    if (responses > 0 && responses !== previousCalls) {
      return 'Please ensure that the number of function response parts is equal to the number of function call parts of the function call turn.';
    }
    previousCalls = content.role === 'model' ? kinds.filter((kind) => kind === 'functionCall').length : 0;
  }
  return undefined;
}
