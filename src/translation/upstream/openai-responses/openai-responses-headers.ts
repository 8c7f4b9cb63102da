import type { HeaderTable } from '../upstream-provider';
import { clientOrFixed, stainless } from '../shared/header-table';

/** What the Factory CLI's OpenAI client sends for the Responses API, besides the Factory identity. */
export const OPENAI_RESPONSES_HEADERS: HeaderTable = {
  accept: clientOrFixed('accept', 'application/json'),
  ...stainless('5.23.2'),
};
