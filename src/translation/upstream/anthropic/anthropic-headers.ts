import type { HeaderTable } from '../upstream-provider';
import { clientOrFixed, fixed, stainless } from '../shared/header-table';
import { mergeAnthropicBeta } from './anthropic-beta';

/** What the Factory CLI's Anthropic client sends besides the Factory identity. */
export const ANTHROPIC_HEADERS: HeaderTable = {
  accept: fixed('application/json'),
  'anthropic-version': clientOrFixed('anthropic-version', '2023-06-01'),
  'x-api-key': fixed('placeholder'),
  'anthropic-beta': ({ clientHeaders, model }) => mergeAnthropicBeta(clientHeaders['anthropic-beta'], model),
  ...stainless('0.57.0'),
};
