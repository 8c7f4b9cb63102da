import type { ModelConfig } from '../../config/app-config';
import { REASONING_TABLE } from '../upstream/shared/reasoning-levels';
import type { ChatCompletionRequest, ChatToolChoice } from '../chat-completions.types';
import { toFunctionTools } from '../shared/function-tools';
import {
  assertSingleChoice,
  clientReasoningLevel,
  isNumber,
  requestedMaxTokens,
  stopSequences,
} from '../shared/request-params';
import { TranslationError } from '../translation-error';
import type { GoogleGenerateRequest, GoogleGenerationConfig, GoogleToolConfig } from './google-api.types';
import { toGoogleContents } from './to-google-contents';
import { requiresThoughtSignatures, signReplayedFunctionCalls } from '../upstream/google/thought-signatures';

/** Chat Completions request -> Factory `generate` body (Gemini generateContent plus `model` and `stream`). */
export function toGoogleRequest(chat: ChatCompletionRequest, model: ModelConfig): GoogleGenerateRequest {
  assertSingleChoice(chat);
  const { system, contents: converted } = toGoogleContents(chat.messages);
  const contents = requiresThoughtSignatures(model.id) ? signReplayedFunctionCalls(converted) : converted;
  const request: GoogleGenerateRequest = { model: model.id, stream: chat.stream === true, contents };
  if (system.length) request.systemInstruction = { parts: system.map((text) => ({ text })) };

  const config = generationConfig(chat, model);
  if (Object.keys(config).length) request.generationConfig = config;

  if (chat.tools?.length) {
    const declarations = toFunctionTools(chat.tools).map(({ name, description, parameters }) => ({
      name,
      ...(description !== undefined && { description }),
      ...(parameters !== undefined && { parameters }),
    }));
    request.tools = [{ functionDeclarations: declarations }];
    if (chat.tool_choice !== undefined && chat.tool_choice !== null) request.toolConfig = toGoogleToolConfig(chat.tool_choice);
  }
  return request;
}

function generationConfig(chat: ChatCompletionRequest, model: ModelConfig): GoogleGenerationConfig {
  const config: GoogleGenerationConfig = {};
  const maxTokens = requestedMaxTokens(chat);
  if (maxTokens !== undefined) config.maxOutputTokens = maxTokens;
  if (isNumber(chat.temperature)) config.temperature = chat.temperature;
  if (isNumber(chat.top_p)) config.topP = chat.top_p;
  if (isNumber(chat.top_k)) config.topK = chat.top_k;
  const stop = stopSequences(chat);
  if (stop) config.stopSequences = stop;

  const format = chat.response_format;
  if (format?.type === 'json_object') config.responseMimeType = 'application/json';
  if (format?.type === 'json_schema') {
    config.responseMimeType = 'application/json';
    if (format.json_schema?.schema) config.responseJsonSchema = format.json_schema.schema;
  }

  const level = clientReasoningLevel(chat, model);
  // includeThoughts: without it Gemini thinks but returns no thought text, and reasoning_content stays empty.
  if (level) config.thinkingConfig = { thinkingLevel: REASONING_TABLE[level].googleThinkingLevel, includeThoughts: true };
  return config;
}

export function toGoogleToolConfig(choice: ChatToolChoice): GoogleToolConfig {
  if (choice === 'auto') return { functionCallingConfig: { mode: 'AUTO' } };
  if (choice === 'none') return { functionCallingConfig: { mode: 'NONE' } };
  if (choice === 'required') return { functionCallingConfig: { mode: 'ANY' } };
  if (typeof choice === 'object' && choice.type === 'function' && typeof choice.function?.name === 'string') {
    return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [choice.function.name] } };
  }
  throw new TranslationError('unsupported tool_choice', 'tool_choice');
}
