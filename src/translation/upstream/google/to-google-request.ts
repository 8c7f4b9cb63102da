import type { ModelConfig } from '../../../config/app-config';
import { REASONING_TABLE } from '../shared/reasoning-levels';
import type { EncodedUpstreamRequest, ToolNameMap } from '../../hub/hub-codec';
import type { HubRequest, HubTool, HubToolChoice } from '../../hub/hub-prompt';
import { TranslationError } from '../../translation-error';
import { freeformFunctionSchema, freeformToolNames } from '../shared/freeform-tools';
import { clampOutputTokens, clientReasoning, levelForBudget, levelForEffort } from '../shared/request-limits';
import { createToolNameMap, GOOGLE_TOOL_NAMES } from '../shared/tool-names';
import type { GoogleFunctionDeclaration, GoogleGenerateRequest, GoogleGenerationConfig, GoogleToolConfig } from './google-api.types';
import { reduceSchemaForGoogle } from './reduce-schema-for-google';
import { requiresThoughtSignatures, signReplayedFunctionCalls } from './thought-signatures';
import { toGoogleContents } from './to-google-contents';

/** Hub request → Factory `generate` body (Gemini generateContent plus `model` and `stream`), before the request edit. */
export function toGoogleRequest(request: HubRequest, model: ModelConfig): EncodedUpstreamRequest {
  const freeform = freeformToolNames(request);
  const toolNames = createToolNameMap(request.tools.map((tool) => tool.name), GOOGLE_TOOL_NAMES);
  const converted = toGoogleContents(request, { toolNames, freeform });
  if (!converted.length) throw new TranslationError('at least one user or assistant message is required', 'messages');
  // A Chat Completions client has nowhere to keep Gemini 3's signature: replayed calls get Google's stand-in.
  const contents = requiresThoughtSignatures(model.id) ? signReplayedFunctionCalls(converted) : converted;
  const body: GoogleGenerateRequest = { model: model.id, stream: request.stream, contents };
  const system = request.system.filter((part) => part.text !== '');
  if (system.length) body.systemInstruction = { parts: system.map((part) => ({ text: part.text })) };

  const config = generationConfig(request, model);
  if (Object.keys(config).length) body.generationConfig = config;
  if (request.tools.length) {
    body.tools = [{ functionDeclarations: request.tools.map((tool) => declaration(tool, toolNames)) }];
    if (request.toolChoice) body.toolConfig = toGoogleToolConfig(request.toolChoice, toolNames);
  }
  return { body, stream: request.stream, toolNames, freeformAsFunction: freeform };
}

function declaration(tool: HubTool, toolNames: ToolNameMap): GoogleFunctionDeclaration {
  const parameters = reduceSchemaForGoogle(tool.kind === 'freeform' ? freeformFunctionSchema(tool) : tool.inputSchema);
  return {
    name: toolNames.toUpstream(tool.name),
    ...(tool.description !== undefined && { description: tool.description }),
    ...(parameters !== undefined && { parameters }),
  };
}

function generationConfig(request: HubRequest, model: ModelConfig): GoogleGenerationConfig {
  const config: GoogleGenerationConfig = {};
  const maxTokens = clampOutputTokens(request.maxOutputTokens, model);
  if (maxTokens !== undefined) config.maxOutputTokens = maxTokens;
  if (request.temperature !== undefined) config.temperature = request.temperature;
  if (request.topP !== undefined) config.topP = request.topP;
  if (request.topK !== undefined) config.topK = request.topK;
  if (request.stopSequences?.length) config.stopSequences = request.stopSequences;
  if (request.responseFormat?.type === 'json') {
    config.responseMimeType = 'application/json';
    if (request.responseFormat.schema) config.responseJsonSchema = request.responseFormat.schema;
  }
  const reasoning = clientReasoning(request, model);
  if (reasoning) {
    // includeThoughts: without it Gemini thinks but returns no thought text for the client to see.
    if (requiresThoughtSignatures(model.id)) {
      const level = reasoning.effort ? levelForEffort(reasoning.effort) : reasoning.budgetTokens !== undefined ? levelForBudget(reasoning.budgetTokens) : 'medium';
      config.thinkingConfig = { thinkingLevel: REASONING_TABLE[level].googleThinkingLevel, includeThoughts: true };
    } else {
      // Gemini 2.x takes a token budget rather than a level.
      const budget = reasoning.budgetTokens ?? REASONING_TABLE[levelForEffort(reasoning.effort ?? 'medium')].anthropicBudgetTokens;
      config.thinkingConfig = { thinkingBudget: budget, includeThoughts: true };
    }
  }
  return config;
}

function toGoogleToolConfig(choice: HubToolChoice, toolNames: ToolNameMap): GoogleToolConfig {
  switch (choice.type) {
    case 'auto':
      return { functionCallingConfig: { mode: 'AUTO' } };
    case 'none':
      return { functionCallingConfig: { mode: 'NONE' } };
    case 'required':
      return { functionCallingConfig: { mode: 'ANY' } };
    case 'tool':
      return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [toolNames.toUpstream(choice.toolName)] } };
    default: {
      const unknown: never = choice;
      return unknown;
    }
  }
}
