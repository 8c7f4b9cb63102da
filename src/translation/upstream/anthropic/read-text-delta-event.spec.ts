import { readTextDeltaEvent } from './read-text-delta-event';

const event = (index: unknown, text: unknown) => JSON.stringify({ type: 'content_block_delta', index, delta: { type: 'text_delta', text } });

describe(readTextDeltaEvent.name, () => {
  it.each([
    ['plain text', 'token '],
    ['the empty text', ''],
    ['quotes, backslashes and line breaks', 'say "hi"\\n\n\r\t done\\'],
    ['control characters and unicode escapes', '\u0000\u0001\u001f\u2028\u2029 é 漢字 😀'],
    ['a lone surrogate', '\ud800 x'],
    ['a text shaped like the event', '"}},"x":{"type":"content_block_delta'],
  ])('reads a text delta holding %s exactly as JSON.parse does', (_name, text) => {
    const data = event(3, text);
    expect(readTextDeltaEvent(data)).toEqual(JSON.parse(data));
  });

  it('reads unicode escapes written by another JSON encoder', () => {
    const data = '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"caf\\u00e9 \\/ \\ud83d\\ude00"}}';
    expect(readTextDeltaEvent(data)).toEqual(JSON.parse(data));
  });

  it('reads large block indexes', () => {
    expect(readTextDeltaEvent(event(123456789, 'x'))).toEqual(JSON.parse(event(123456789, 'x')));
  });

  it.each([
    ['another delta type', '{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"x"}}'],
    ['another event', '{"type":"content_block_stop","index":0}'],
    ['whitespace between tokens', '{"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "x"}}'],
    ['another key order', '{"index":0,"type":"content_block_delta","delta":{"type":"text_delta","text":"x"}}'],
    ['an extra field', '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"x","citations":[]}}'],
    ['a leading-zero index (not JSON)', '{"type":"content_block_delta","index":01,"delta":{"type":"text_delta","text":"x"}}'],
    ['a raw control character in the text (not JSON)', '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a\nb"}}'],
    ['an unknown escape (not JSON)', '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"\\x41"}}'],
    ['an unterminated text', '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"x\\"}}'],
    ['trailing bytes', `${event(0, 'x')} `],
    ['two literals', '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a","b"}}'],
    ['a number for a text', '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":1}}'],
    ['a text that closes the object early', '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a"}},"x":{"y":"b"}}'],
    ['an index that is not a number', '{"type":"content_block_delta","index":"0","delta":{"type":"text_delta","text":"x"}}'],
  ])('leaves %s to the full parse', (_name, data) => {
    expect(readTextDeltaEvent(data)).toBeUndefined();
  });

  it('agrees with JSON.parse on every text of random characters', () => {
    const alphabet = ['a', ' ', '"', '\\', '\n', '\u0000', '\u001f', 'é', '😀', '\ud800', '/', '}', '{', ',', ':', 'u', '0'];
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 2000; i += 1) {
      const text = Array.from({ length: Math.floor(random() * 12) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      const data = event(Math.floor(random() * 20), text);
      expect(readTextDeltaEvent(data)).toEqual(JSON.parse(data));
    }
  });

  it('never reads a raw text literal differently from JSON.parse, nor reads one JSON.parse refuses', () => {
    const pieces = ['a', ' ', '"', '\\', '\\"', '\\u00e9', '\\x', '\n', '\u0000', 'é', '}', '{', ',', ':', '1', '"b"'];
    let seed = 11;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 3000; i += 1) {
      const raw = Array.from({ length: Math.floor(random() * 8) }, () => pieces[Math.floor(random() * pieces.length)]).join('');
      const data = `{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":${raw}}}`;
      let parsed: unknown;
      try {
        parsed = JSON.parse(data);
      } catch {
        parsed = undefined;
      }
      const read = readTextDeltaEvent(data);
      if (read !== undefined) expect(read).toEqual(parsed);
    }
  });
});
