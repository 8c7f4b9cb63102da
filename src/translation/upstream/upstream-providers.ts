import { AnthropicProvider } from './anthropic/anthropic.provider';
import { ChatCompletionsProvider } from './chat-completions/chat-completions.provider';
import { GoogleProvider } from './google/google.provider';
import { OpenAiResponsesProvider } from './openai-responses/openai-responses.provider';

/**
 * The upstream types the gateway serves, one line each. Adding a type is a folder with its provider class (codec,
 * headers, edits, usage, error event; see UpstreamProvider) and one line here, plus its name in config's
 * UPSTREAM_TYPES so config.json may use it; nothing else switches on the type.
 */
export const UPSTREAM_PROVIDER_CLASSES = [AnthropicProvider, OpenAiResponsesProvider, ChatCompletionsProvider, GoogleProvider];
