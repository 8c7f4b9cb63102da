import type { RecordedRequest } from './recorded-request';
import { isRecord } from './wire-helpers';

/**
 * The subset of Anthropic Messages validation that catches gateway translation bugs, with the real API's
 * messages (https://docs.anthropic.com/en/api/messages). Returns the 400 message, or undefined.
 */
export function validateAnthropicRequest(request: RecordedRequest, options: { countTokens: boolean }): string | undefined {
  if (!request.headers['anthropic-version']) return 'anthropic-version: header is required';
  const body: unknown = request.body;
  if (!isRecord(body)) return 'There was an error parsing the body as JSON';
  if (typeof body.model !== 'string' || body.model === '') return 'model: Field required';
  if (!options.countTokens) {
    const maxTokens = body.max_tokens;
    if (maxTokens === undefined) return 'max_tokens: Field required';
    if (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens) || maxTokens < 1) {
      return 'max_tokens: Input should be greater than or equal to 1';
    }
  }
  return (
    checkSystem(body.system) ??
    checkMessages(body.messages) ??
    checkThinking(body) ??
    checkTools(body.tools) ??
    (body.stream !== undefined && typeof body.stream !== 'boolean' ? 'stream: Input should be a valid boolean' : undefined)
  );
}

function checkSystem(system: unknown): string | undefined {
  if (system === undefined || typeof system === 'string') return undefined;
  if (!Array.isArray(system)) return 'system: Input should be a valid list';
  const bad = system.findIndex((block) => !isRecord(block) || block.type !== 'text' || typeof block.text !== 'string');
  return bad === -1 ? undefined : `system.${bad}: Input should be a text block with a string \`text\``;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

const USER_BLOCKS = new Set(['text', 'image', 'document', 'search_result', 'tool_result']);
const ASSISTANT_BLOCKS = new Set(['text', 'tool_use', 'thinking', 'redacted_thinking', 'server_tool_use', 'web_search_tool_result']);

function checkMessages(messages: unknown): string | undefined {
  if (!Array.isArray(messages)) return 'messages: Field required';
  if (messages.length === 0) return 'messages: at least one message is required';
  for (const [index, message] of messages.entries()) {
    if (!isRecord(message)) return `messages.${index}: Input should be a valid dictionary`;
    const { role, content } = message;
    if (role !== 'user' && role !== 'assistant') {
      return `messages.${index}.role: Input should be 'user' or 'assistant'`;
    }
    if (index === 0 && role !== 'user') return 'messages: first message must use the "user" role';
    if (index > 0 && isRecord(messages[index - 1]) && messages[index - 1].role === role) {
      return `messages: roles must alternate between "user" and "assistant", but found multiple "${role}" roles in a row`;
    }
    const isFinalAssistant = role === 'assistant' && index === messages.length - 1;
    const problem =
      checkContent(content, role, `messages.${index}`, isFinalAssistant) ??
      checkToolPairing(messages, index);
    if (problem) return problem;
  }
  return undefined;
}

function checkContent(content: unknown, role: 'user' | 'assistant', where: string, mayBeEmpty: boolean): string | undefined {
  const empty = content === '' || (Array.isArray(content) && content.length === 0);
  if (empty && !mayBeEmpty) {
    return `${where}: all messages must have non-empty content except for the optional final assistant message`;
  }
  if (typeof content === 'string') return undefined;
  if (!Array.isArray(content)) return `${where}.content: Input should be a valid string or list of content blocks`;
  const allowed = role === 'user' ? USER_BLOCKS : ASSISTANT_BLOCKS;
  for (const [index, block] of content.entries()) {
    const at = `${where}.content.${index}`;
    if (!isRecord(block) || typeof block.type !== 'string') return `${at}: Input should be a valid content block`;
    if (!allowed.has(block.type)) {
      return `${at}.type: Input tag '${block.type}' found using 'type' does not match any of the expected tags for a ${role} message`;
    }
    const problem = checkBlockFields(block, at);
    if (problem) return problem;
  }
  return undefined;
}

function checkBlockFields(block: Record<string, unknown>, at: string): string | undefined {
  switch (block.type) {
    case 'text':
      if (typeof block.text !== 'string') return `${at}.text: Field required`;
      return block.text === '' ? 'messages: text content blocks must be non-empty' : undefined;
    case 'tool_use':
      if (typeof block.id !== 'string' || typeof block.name !== 'string') return `${at}: tool_use requires \`id\` and \`name\``;
      return isRecord(block.input) ? undefined : `${at}.input: Input should be a valid dictionary`;
    case 'tool_result':
      return typeof block.tool_use_id === 'string' ? undefined : `${at}.tool_use_id: Field required`;
    case 'thinking':
      if (typeof block.thinking !== 'string' || typeof block.signature !== 'string') {
        return `${at}: thinking blocks require \`thinking\` and \`signature\``;
      }
      // Anthropic verifies the signatures it issued (base64); anything else is refused, as after a model switch.
      return BASE64.test(block.signature) ? undefined : `${at}: Invalid \`signature\` in \`thinking\` block`;
    case 'redacted_thinking':
      return typeof block.data === 'string' ? undefined : `${at}.data: Field required`;
    case 'image':
    case 'document':
      return isRecord(block.source) ? undefined : `${at}.source: Field required`;
    default:
      return undefined;
  }
}

function blocksOf(message: unknown, type: string): Record<string, unknown>[] {
  if (!isRecord(message) || !Array.isArray(message.content)) return [];
  return message.content.filter((block): block is Record<string, unknown> => isRecord(block) && block.type === type);
}

/** tool_result ids must answer the assistant turn right before, and every tool_use there must be answered. */
function checkToolPairing(messages: unknown[], index: number): string | undefined {
  const message = messages[index];
  if (!isRecord(message)) return undefined;
  if (message.role === 'user') {
    const offered = new Set(blocksOf(messages[index - 1], 'tool_use').map((block) => block.id));
    const resultBlocks = blocksOf(message, 'tool_result');
    const unexpected = resultBlocks.filter((block) => !offered.has(block.tool_use_id)).map((block) => String(block.tool_use_id));
    if (unexpected.length > 0) {
      return (
        `messages.${index}.content.0: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${unexpected.join(', ')}. ` +
        'Each `tool_result` block must have a corresponding `tool_use` block in the previous message.'
      );
    }
    return undefined;
  }
  const next = messages[index + 1];
  if (next === undefined) return undefined;
  const answered = new Set(blocksOf(next, 'tool_result').map((block) => block.tool_use_id));
  const missing = blocksOf(message, 'tool_use').filter((block) => !answered.has(block.id)).map((block) => String(block.id));
  if (missing.length === 0) return undefined;
  return (
    `messages.${index}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(', ')}. ` +
    'Each `tool_use` block must have a corresponding `tool_result` block in the next message.'
  );
}

function checkThinking(body: Record<string, unknown>): string | undefined {
  const thinking = body.thinking;
  if (thinking === undefined) return undefined;
  if (!isRecord(thinking)) return 'thinking: Input should be a valid dictionary';
  switch (thinking.type) {
    case 'disabled':
    case 'adaptive':
      return undefined;
    case 'enabled':
      break;
    default:
      return "thinking.type: Input tag found using 'type' does not match any of the expected tags: 'enabled', 'disabled', 'adaptive'";
  }
  const budget = thinking.budget_tokens;
  if (typeof budget !== 'number' || !Number.isInteger(budget)) return 'thinking.enabled.budget_tokens: Field required';
  if (budget < 1024) return 'thinking.enabled.budget_tokens: Input should be greater than or equal to 1024';
  if (typeof body.max_tokens === 'number' && budget >= body.max_tokens) {
    return '`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size';
  }
  if (body.temperature !== undefined && body.temperature !== 1) {
    return '`temperature` may only be set to 1 when thinking is enabled. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#important-considerations-when-using-extended-thinking';
  }
  if (body.top_k !== undefined) {
    return '`top_k` must be unset when thinking is enabled. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#important-considerations-when-using-extended-thinking';
  }
  const choice = isRecord(body.tool_choice) ? body.tool_choice.type : undefined;
  if (choice === 'any' || choice === 'tool') return 'Thinking may not be enabled when tool_choice forces tool use.';
  return undefined;
}

function checkTools(tools: unknown): string | undefined {
  if (tools === undefined) return undefined;
  if (!Array.isArray(tools)) return 'tools: Input should be a valid list';
  for (const [index, tool] of tools.entries()) {
    if (!isRecord(tool) || typeof tool.name !== 'string' || tool.name === '') return `tools.${index}.name: Field required`;
    const custom = tool.type === undefined || tool.type === 'custom';
    if (custom && !isRecord(tool.input_schema)) return `tools.${index}.custom.input_schema: Field required`;
  }
  return undefined;
}
