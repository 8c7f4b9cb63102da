import fc from 'fast-check';
import type { HubRequest } from '../hub/hub-prompt';
import { estimateInputTokens, imageSize, textTokens } from './estimate-input-tokens';

const PNG_1000x750 = 'iVBORw0KGgoAAAANSUhEUgAAA+gAAALuCAIAAACy76saAAAAAElFTkSuQmCC';
const PNG_4000x3000 = 'iVBORw0KGgoAAAANSUhEUgAAD6AAAAu4CAIAAAB619CwAAAAAElFTkSuQmCC';

const base = (overrides: Partial<HubRequest>): HubRequest => ({ model: 'm', system: [], messages: [], tools: [], stream: false, ...overrides });

describe(estimateInputTokens.name, () => {
  it('counts a token per 4 ASCII characters and one per other character', () => {
    expect(textTokens('abcdefgh')).toBe(2);
    expect(textTokens('你好')).toBe(2);
    expect(textTokens('abcd你好😀é')).toBe(5);
  });

  it('counts characters as string iteration does: a surrogate pair once, a lone surrogate on its own', () => {
    // Code units around every boundary the count looks at: ASCII, Latin-1, the BMP, both surrogate halves.
    const unit = fc.constantFrom(0x00, 0x41, 0x7f, 0x80, 0xe9, 0x7ff, 0x800, 0x4f60, 0xd7ff, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xe000, 0xfffd, 0xffff);
    const byIteration = (text: string) => [...text].reduce((sum, char) => sum + (char.charCodeAt(0) < 128 ? 0.25 : 1), 0);
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 40 }), (units) => {
        const text = String.fromCharCode(...units);
        expect(textTokens(text)).toBeCloseTo(byIteration(text), 10);
      }),
      { numRuns: 2000 },
    );
  });

  it('is never 0, and grows with the configured prompt, the system, the messages and the tools', () => {
    const empty = estimateInputTokens(base({}));
    expect(empty).toBe(1);
    const user = base({ messages: [{ role: 'user', content: [{ type: 'text', text: 'x'.repeat(400) }] }] });
    const withMessage = estimateInputTokens(user);
    expect(withMessage).toBe(104);
    expect(estimateInputTokens(user, 'p'.repeat(40))).toBe(114);
    expect(estimateInputTokens({ ...user, system: [{ type: 'text', text: 's'.repeat(80) }] })).toBe(124);
    const tool = { name: 'Bash', description: 'd'.repeat(40), kind: 'function' as const, inputSchema: { type: 'object' } };
    expect(estimateInputTokens({ ...user, tools: [tool] })).toBeGreaterThan(withMessage + 18);
  });

  it('costs images by size as Anthropic does (scaled to 1568 px, capped at 1600), unknown ones at the cap', () => {
    const image = (base64: string) => base({ messages: [{ role: 'user', content: [{ type: 'file', mediaType: 'image/png', data: { base64 } }] }] });
    expect(estimateInputTokens(image(PNG_1000x750))).toBe(4 + 1000);
    expect(estimateInputTokens(image(PNG_4000x3000))).toBe(4 + 1600);
    const url = base({ messages: [{ role: 'user', content: [{ type: 'file', mediaType: 'image/*', data: { url: 'https://x/y.png' } }] }] });
    expect(estimateInputTokens(url)).toBe(4 + 1600);
    const inResult = base({
      messages: [{ role: 'tool', content: [{ type: 'tool-result', toolCallId: 'c', output: [{ type: 'file', mediaType: 'image/png', data: { base64: PNG_1000x750 } }] }] }],
    });
    expect(estimateInputTokens(inResult)).toBe(4 + 1000);
  });

  it('costs a PDF per page', () => {
    const pdf = Buffer.from('%PDF-1.4 /Type /Pages /Type /Page x /Type/Page y').toString('base64');
    const request = base({ messages: [{ role: 'user', content: [{ type: 'file', mediaType: 'application/pdf', data: { base64: pdf } }] }] });
    expect(estimateInputTokens(request)).toBe(4 + 4000);
  });

  it('reads the size of PNG, GIF, JPEG and WebP headers', () => {
    expect(imageSize(Buffer.from(PNG_1000x750, 'base64'))).toEqual({ width: 1000, height: 750 });
    const gif = Buffer.from('GIF89a\x20\x03\x58\x02', 'latin1');
    expect(imageSize(gif)).toEqual({ width: 800, height: 600 });
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x01, 0xe0, 0x02, 0x80, 0x03]);
    expect(imageSize(jpeg)).toEqual({ width: 640, height: 480 });
    expect(imageSize(Buffer.from('not an image'))).toBeUndefined();
  });
});
