import type { IncomingHttpHeaders } from 'node:http';
import type { HeaderSource } from '../upstream-provider';

export const fixed =
  (value: string): HeaderSource =>
  () =>
    value;

/** The client's value of `name` when it sent one, else `fallback()`. */
export const clientOr =
  (name: string, fallback: () => string): HeaderSource =>
  ({ clientHeaders }) =>
    clientValue(clientHeaders, name) ?? fallback();

export const clientOrFixed = (name: string, fallback: string): HeaderSource => clientOr(name, () => fallback);

/** The Stainless SDK fingerprint of the Factory CLI's Anthropic/OpenAI clients; the client's own values win. */
export const stainless = (packageVersion: string): Readonly<Record<string, HeaderSource>> => ({
  'x-stainless-timeout': fixed('600'),
  'x-stainless-helper-method': ({ stream }) => (stream ? 'stream' : undefined),
  'x-stainless-arch': clientOrFixed('x-stainless-arch', 'x64'),
  'x-stainless-lang': clientOrFixed('x-stainless-lang', 'js'),
  'x-stainless-os': clientOrFixed('x-stainless-os', 'MacOS'),
  'x-stainless-runtime': clientOrFixed('x-stainless-runtime', 'node'),
  'x-stainless-retry-count': clientOrFixed('x-stainless-retry-count', '0'),
  'x-stainless-package-version': clientOrFixed('x-stainless-package-version', packageVersion),
  'x-stainless-runtime-version': clientOrFixed('x-stainless-runtime-version', 'v24.3.0'),
});

/** A client header as one non-empty string (the first of repeated values), else undefined. */
export function clientValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const raw = headers[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return value === undefined || value.trim() === '' ? undefined : value;
}
