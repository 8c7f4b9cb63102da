import type { ClientApi, ClientApiCodec } from '../hub/hub-codec';
import { anthropicMessagesCodec } from './anthropic-messages/anthropic-messages.codec';
import { chatCompletionsCodec } from './chat-completions/chat-completions.codec';
import { openaiResponsesCodec } from './openai-responses/openai-responses.codec';

/** One line per client API: its codec (everything else about the API lives in its folder). */
export const CLIENT_CODECS: Readonly<Record<ClientApi, ClientApiCodec>> = {
  'chat-completions': chatCompletionsCodec,
  'anthropic-messages': anthropicMessagesCodec,
  'openai-responses': openaiResponsesCodec,
};
