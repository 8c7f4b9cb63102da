import type { HeaderTable } from '../upstream-provider';
import { fixed, stainless } from '../shared/header-table';

/** What the Factory CLI's OpenAI client sends for Chat Completions, besides the Factory identity. */
export const CHAT_COMPLETIONS_HEADERS: HeaderTable = {
  accept: fixed('application/json'),
  ...stainless('5.23.2'),
};
