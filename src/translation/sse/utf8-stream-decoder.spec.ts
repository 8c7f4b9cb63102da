import fc from 'fast-check';
import { TextDecoder } from 'node:util';
import { Utf8StreamDecoder } from './utf8-stream-decoder';

const BOM = [0xef, 0xbb, 0xbf];
const utf8 = (text: string) => [...Buffer.from(text, 'utf8')];

/** Decodes `bytes` cut at `cuts` with one Utf8StreamDecoder, as the SSE parser feeds it. */
function decodeInPieces(bytes: number[], cuts: number[]): string {
  const whole = Buffer.from(bytes);
  const ends = [...new Set(cuts.map((cut) => cut % (whole.length + 1)))].sort((a, b) => a - b);
  const decoder = new Utf8StreamDecoder();
  let text = '';
  let start = 0;
  for (const end of [...ends, whole.length]) {
    text += decoder.decode(whole.subarray(start, end));
    start = end;
  }
  return text + decoder.end();
}

const reference = (bytes: number[]) => new TextDecoder('utf-8').decode(Buffer.from(bytes));

describe(Utf8StreamDecoder.name, () => {
  it.each([
    ['ASCII', utf8('event: ping\ndata: {}\n\n'), [3, 9]],
    ['a character split across chunks after ASCII ones', utf8('data: "é 漢 😀"\n\n'), [4, 8, 9, 12, 13, 15]],
    ['a leading BOM, which is not text', [...BOM, ...utf8('data: x\n\n')], [1, 2, 5]],
    ['a U+FEFF after ASCII chunks, which is text', [...utf8('data: '), ...BOM, ...utf8('x\n\n')], [6]],
    ['a BOM split after its first byte, then a U+FEFF, which is text', [...BOM, ...BOM], [1]],
    ['a character cut off at the end', [...utf8('data: x'), 0xe6, 0xbc], [7]],
    ['an invalid byte, then ASCII', [...utf8('a'), 0xff, ...utf8('bc')], [2]],
    ['a truncated sequence followed by an ASCII chunk', [...utf8('a'), 0xe6, ...utf8('bc')], [2]],
  ])('decodes %s as one TextDecoder over the whole body does', (_name, bytes, cuts) => {
    expect(decodeInPieces(bytes, cuts)).toBe(reference(bytes));
  });

  it('agrees with one TextDecoder over the whole body for any bytes cut anywhere', () => {
    const fragment = fc.oneof(
      fc.string({ unit: 'grapheme-ascii' }).map(utf8),
      fc.string({ unit: 'binary' }).map(utf8),
      fc.constant(BOM),
      fc.array(fc.integer({ min: 0x80, max: 0xff }), { maxLength: 3 }),
    );
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 8 }), (fragments, cuts) => {
        const bytes = fragments.flat();
        expect(decodeInPieces(bytes, cuts)).toBe(reference(bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it('hands back the chunk bytes of an ASCII chunk as they are', () => {
    const decoder = new Utf8StreamDecoder();
    const chunk = Buffer.from('xxdata: token\n\n').subarray(2);
    expect(decoder.decode(chunk)).toBe('data: token\n\n');
    expect(decoder.decode(new Uint8Array(0))).toBe('');
    expect(decoder.end()).toBe('');
  });
});
