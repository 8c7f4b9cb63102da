import type { HubFilePart, HubRequest, HubTextPart } from '../hub/hub-prompt';

/** An image whose size cannot be read (a URL, an upload id): Anthropic's ceiling for one image. */
const UNKNOWN_IMAGE_TOKENS = 1600;
/** A PDF page: Anthropic counts 1,500–3,000 tokens a page (text plus the page image). */
const PDF_PAGE_TOKENS = 2000;
const MESSAGE_OVERHEAD = 4;
const TOOL_OVERHEAD = 8;

/**
 * A local estimate of the input tokens a hub request will cost, for APIs that announce usage before the answer
 * (Anthropic's `message_start`) and for `count_tokens` on models whose upstream has no such endpoint. No tokenizer of
 * every family is at hand, so text counts a token per 4 ASCII characters and one per other character (CJK runs about
 * one a character); images follow Anthropic's `width × height / 750`, capped; a PDF costs per page. The configured
 * system prompt the gateway adds is counted too. Never 0 for a request with anything in it.
 */
export function estimateInputTokens(request: HubRequest, systemPrompt = ''): number {
  let total = textTokens(systemPrompt) + sumTexts(request.system);
  for (const message of request.messages) {
    total += MESSAGE_OVERHEAD;
    for (const part of message.content) {
      switch (part.type) {
        case 'text':
        case 'reasoning':
          total += textTokens(part.text);
          break;
        case 'file':
          total += fileTokens(part);
          break;
        case 'tool-call':
          total += textTokens(part.toolName) + textTokens(part.input);
          break;
        case 'tool-result':
          total += part.output.reduce((sum, item) => sum + (item.type === 'text' ? textTokens(item.text) : fileTokens(item)), 0);
          break;
        default: {
          const unknownPart: never = part;
          throw new Error(`unknown part ${JSON.stringify(unknownPart)}`);
        }
      }
    }
  }
  for (const tool of request.tools) {
    total += TOOL_OVERHEAD + textTokens(tool.name) + textTokens(tool.description ?? '') + textTokens(JSON.stringify(tool.inputSchema));
  }
  return Math.max(1, Math.ceil(total));
}

function sumTexts(parts: readonly HubTextPart[]): number {
  return parts.reduce((sum, part) => sum + textTokens(part.text), 0);
}

export function textTokens(text: string): number {
  // Most text is ASCII, and then its UTF-8 length, which Node counts natively, is its length: an agent's 100 KB prompt
  // costs microseconds here instead of a walk over every character.
  if (Buffer.byteLength(text, 'utf8') === text.length) return text.length / 4;
  let ascii = 0;
  let other = 0;
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) {
      ascii += 1;
    } else {
      other += 1;
      // A surrogate pair is one character, as string iteration counts it; a lone surrogate counts on its own.
      if (isHighSurrogate(unit) && isLowSurrogate(text.charCodeAt(i + 1))) i += 1;
    }
  }
  return ascii / 4 + other;
}

const isHighSurrogate = (unit: number): boolean => unit >= 0xd800 && unit <= 0xdbff;
const isLowSurrogate = (unit: number): boolean => unit >= 0xdc00 && unit <= 0xdfff;

function fileTokens(file: HubFilePart): number {
  if (file.mediaType === 'application/pdf') return pdfTokens(file);
  if (!file.mediaType.startsWith('image/')) return 'base64' in file.data ? file.data.base64.length / 4 / 4 : UNKNOWN_IMAGE_TOKENS;
  if (!('base64' in file.data)) return UNKNOWN_IMAGE_TOKENS;
  const size = imageSize(Buffer.from(file.data.base64.slice(0, 64 * 1024), 'base64'));
  if (!size) return UNKNOWN_IMAGE_TOKENS;
  // Anthropic scales an image down to at most 1568 px on its long edge before counting.
  const scale = Math.min(1, 1568 / Math.max(size.width, size.height));
  return Math.min(UNKNOWN_IMAGE_TOKENS, Math.ceil((size.width * scale * size.height * scale) / 750));
}

function pdfTokens(file: HubFilePart): number {
  if (!('base64' in file.data)) return PDF_PAGE_TOKENS;
  const pages = Buffer.from(file.data.base64, 'base64').toString('latin1').match(/\/Type\s*\/Page(?!s)/g)?.length ?? 1;
  return Math.max(1, pages) * PDF_PAGE_TOKENS;
}

/** Width and height from a PNG, GIF, JPEG or WebP header; undefined for anything else. */
export function imageSize(bytes: Buffer): { width: number; height: number } | undefined {
  if (bytes.length >= 24 && bytes.readUInt32BE(0) === 0x89504e47) return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  if (bytes.length >= 10 && bytes.toString('latin1', 0, 3) === 'GIF') return { width: bytes.readUInt16LE(6), height: bytes.readUInt16LE(8) };
  if (bytes.length >= 30 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return webpSize(bytes);
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) return jpegSize(bytes);
  return undefined;
}

function webpSize(bytes: Buffer): { width: number; height: number } | undefined {
  const chunk = bytes.toString('latin1', 12, 16);
  if (chunk === 'VP8X') return { width: 1 + bytes.readUIntLE(24, 3), height: 1 + bytes.readUIntLE(27, 3) };
  if (chunk === 'VP8 ') return { width: bytes.readUInt16LE(26) & 0x3fff, height: bytes.readUInt16LE(28) & 0x3fff };
  if (chunk === 'VP8L') {
    const bits = bytes.readUInt32LE(21);
    return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >> 14) & 0x3fff) };
  }
  return undefined;
}

function jpegSize(bytes: Buffer): { width: number; height: number } | undefined {
  let offset = 2;
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) return undefined;
    const marker = bytes[offset + 1];
    const length = bytes.readUInt16BE(offset + 2);
    // Start-of-frame markers carry the size; 0xC4, 0xC8 and 0xCC share the range but are not frames.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) };
    }
    offset += 2 + length;
  }
  return undefined;
}
