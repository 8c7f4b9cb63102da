import type { HeaderTable } from '../upstream-provider';
import { fixed } from '../shared/header-table';

/** What the Factory CLI sends to the generate endpoint besides the Factory identity. */
export const GOOGLE_HEADERS: HeaderTable = {
  accept: fixed('*/*'),
  'x-client-version': ({ userAgent }) => versionFromUserAgent(userAgent),
};

/** `factory-cli/0.27.1` → `0.27.1`; undefined when the user agent carries no version. */
export function versionFromUserAgent(userAgent: string): string | undefined {
  const version = /\/([^\s/]+)/.exec(userAgent)?.[1];
  return version === undefined || version === '' ? undefined : version;
}
