import { createHash } from 'node:crypto';

/** One inbound access key as the gateway keeps it: its name and the SHA-256 digest of the key, never the key. */
export interface AccessKeyEntry {
  name: string;
  digest: Buffer;
}

export interface ParsedKeys {
  entries: AccessKeyEntry[];
  /** Problems worth a warning, naming the source and position but never the key text. */
  warnings: string[];
}

const NAME = /^[A-Za-z0-9_.-]{1,64}$/;
/** Shorter keys are accepted but flagged: they are guessable at the request rates a gateway serves. */
const MIN_KEY_LENGTH = 16;

export function digestKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/**
 * Parses `KEY` or `name:KEY` items (from PROXY_API_KEYS or one line each of the keys file). A prefix before the first
 * `:` is a name only when it looks like one, so a key that itself contains `:` still works when given a name.
 * Unnamed keys are called `key-<n>` by their position in the source, so logs and metrics never need the key.
 */
export function parseKeyItems(items: readonly string[], source: string): ParsedKeys {
  const entries: AccessKeyEntry[] = [];
  const warnings: string[] = [];
  items.forEach((raw, index) => {
    const item = raw.trim();
    if (!item || item.startsWith('#')) return;
    const colon = item.indexOf(':');
    const prefix = colon > 0 ? item.slice(0, colon).trim() : '';
    const named = NAME.test(prefix);
    const name = named ? prefix : `key-${index + 1}`;
    const key = named ? item.slice(colon + 1).trim() : item;
    if (!key) {
      warnings.push(`${source} entry ${index + 1} ("${name}") has no key; ignored`);
      return;
    }
    if (key.length < MIN_KEY_LENGTH) warnings.push(`${source} key "${name}" is shorter than ${MIN_KEY_LENGTH} characters`);
    entries.push({ name, digest: digestKey(key) });
  });
  return { entries, warnings };
}

/** Lines of a keys file: one `name:key` (or bare key) a line; blank lines and `#` comments are skipped. */
export function parseKeysFile(text: string, source: string): ParsedKeys {
  return parseKeyItems(text.split(/\r?\n/), source);
}
