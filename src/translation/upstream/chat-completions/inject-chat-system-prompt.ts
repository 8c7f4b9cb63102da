import { isJsonObject, type JsonObject } from '../../../core/json/json-object';
import { joinPromptText } from '../shared/join-prompt-text';

/**
 * Chat Completions: the prompt leads the first system (or developer) message, whatever its content shape; without
 * one (or with a content shape we cannot extend) a new system message is inserted first.
 */
export function injectChatSystemPrompt(body: Readonly<JsonObject>, prompt: string): JsonObject {
  if (prompt === '') return { ...body };
  const messages = body.messages;
  if (!Array.isArray(messages)) return { ...body };
  const index = messages.findIndex(
    (message) => isJsonObject(message) && (message.role === 'system' || message.role === 'developer'),
  );
  const target: unknown = index === -1 ? undefined : messages[index];
  const content = isJsonObject(target) ? prependToContent(target.content, prompt) : undefined;
  if (!isJsonObject(target) || content === undefined) {
    return { ...body, messages: [{ role: 'system', content: prompt }, ...messages] };
  }
  const edited = [...messages];
  edited[index] = { ...target, content };
  return { ...body, messages: edited };
}

function prependToContent(content: unknown, prompt: string): unknown {
  if (content === undefined || content === null) return prompt;
  if (typeof content === 'string') return joinPromptText(prompt, content);
  if (Array.isArray(content)) return [{ type: 'text', text: prompt }, ...content];
  return undefined;
}
