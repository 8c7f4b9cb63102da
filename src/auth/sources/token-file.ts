import { promises as fsp } from 'node:fs';

export type TokenFileRead =
  | { kind: 'missing' }
  | { kind: 'ok'; data: Record<string, unknown> }
  | { kind: 'corrupt'; reason: string };

/**
 * Reads a JSON token file. Reasons never quote the content: JSON.parse messages include a snippet of the input, which
 * here is a token.
 */
export async function readTokenFile(path: string): Promise<TokenFileRead> {
  let text: string;
  try {
    text = await fsp.readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'corrupt', reason: `cannot be read (${code ?? 'unknown error'})` };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { kind: 'corrupt', reason: text.trim() ? 'is not valid JSON' : 'is empty' };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { kind: 'corrupt', reason: 'does not hold a JSON object' };
  }
  return { kind: 'ok', data: data as Record<string, unknown> };
}

export function stringField(data: Record<string, unknown>, name: string): string | undefined {
  const value = data[name];
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}
