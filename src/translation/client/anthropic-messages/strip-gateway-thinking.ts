import { isJsonObject } from '../../../core/json/json-object';
import { isGatewaySignature } from './gateway-signature';

/**
 * A Messages body bound for a real Anthropic model (the transparent route) without the thinking blocks the gateway
 * signed for another upstream's reasoning: Anthropic rejects a signature it did not issue, so a Claude Code session
 * that switches from a GPT model to a Claude one would otherwise fail on its next turn. When the stripped block began
 * the assistant turn a tool loop continues, Anthropic would also demand thinking there, so thinking is turned off for
 * this one request. Returns the body itself when there is nothing to strip.
 */
export function stripGatewayThinking(body: Record<string, unknown>): Record<string, unknown> {
  const messages = body.messages;
  if (!Array.isArray(messages) || !messages.some(hasGatewayThinking)) return body;
  const stripped: unknown[] = [];
  let lastAssistantLostThinking = false;
  for (const message of messages) {
    if (!hasGatewayThinking(message)) {
      stripped.push(message);
      if (isJsonObject(message) && message.role === 'assistant') lastAssistantLostThinking = false;
      continue;
    }
    const content = message.content.filter((block) => !isGatewayThinking(block));
    lastAssistantLostThinking = true;
    if (content.length > 0) stripped.push({ ...message, content });
  }
  const edited: Record<string, unknown> = { ...body, messages: stripped };
  if (lastAssistantLostThinking && continuesToolLoop(stripped) && isJsonObject(body.thinking) && body.thinking.type !== 'disabled') {
    edited.thinking = { type: 'disabled' };
  }
  return edited;
}

function hasGatewayThinking(message: unknown): message is { role: string; content: unknown[] } {
  return isJsonObject(message) && message.role === 'assistant' && Array.isArray(message.content) && message.content.some(isGatewayThinking);
}

function isGatewayThinking(block: unknown): boolean {
  return isJsonObject(block) && block.type === 'thinking' && isGatewaySignature(block.signature);
}

function continuesToolLoop(messages: unknown[]): boolean {
  const last = messages.at(-1);
  return isJsonObject(last) && last.role === 'user' && Array.isArray(last.content) && last.content.some((block) => isJsonObject(block) && block.type === 'tool_result');
}
