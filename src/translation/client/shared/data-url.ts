import { TranslationError } from '../../translation-error';

/** Where an `image_url` (or file data) points: inline base64 bytes, or a web URL the upstream fetches itself. */
export type MediaSource = { kind: 'base64'; mediaType: string; data: string } | { kind: 'url'; url: string };

const DATA_URL = /^data:([^;,]*)((?:;[^;,]*)*),/;

export function parseMediaUrl(url: unknown, param: string): MediaSource {
  if (typeof url !== 'string' || !url) throw new TranslationError('expected a non-empty URL string', param);
  const match = DATA_URL.exec(url);
  if (match) {
    const params = match[2].split(';').map((p) => p.trim().toLowerCase());
    if (!params.includes('base64')) throw new TranslationError('only base64 data URLs are supported', param);
    return { kind: 'base64', mediaType: match[1].trim().toLowerCase() || 'application/octet-stream', data: url.slice(match[0].length) };
  }
  if (/^https?:\/\//i.test(url)) return { kind: 'url', url };
  throw new TranslationError('expected a data: URL or an http(s) URL', param);
}
