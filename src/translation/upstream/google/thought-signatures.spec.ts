import type { GoogleContent } from './google-api.types';
import { SKIP_THOUGHT_SIGNATURE, requiresThoughtSignatures, signReplayedFunctionCalls } from './thought-signatures';

describe('thought signatures on replayed function calls', () => {
  it('are required from Gemini 3 on', () => {
    expect(requiresThoughtSignatures('gemini-3-pro-preview')).toBe(true);
    expect(requiresThoughtSignatures('gemini-3.1-flash')).toBe(true);
    expect(requiresThoughtSignatures('gemini-10-ultra')).toBe(true);
    expect(requiresThoughtSignatures('gemini-2.5-pro')).toBe(false);
    expect(requiresThoughtSignatures('glm-4.6')).toBe(false);
  });

  it('signs the first function call of each model turn only, keeps real signatures, and leaves other turns alone', () => {
    const contents: GoogleContent[] = [
      { role: 'user', parts: [{ text: 'weather in two cities?' }] },
      {
        role: 'model',
        parts: [
          { text: 'Checking.' },
          { functionCall: { name: 'weather', args: { city: 'Oslo' } } },
          { functionCall: { name: 'weather', args: { city: 'Lima' } } },
        ],
      },
      { role: 'user', parts: [{ functionResponse: { name: 'weather', response: { result: 'sunny' } } }] },
      { role: 'model', parts: [{ functionCall: { name: 'time', args: {} }, thoughtSignature: 'real-signature' }] },
      { role: 'model', parts: [{ text: 'no calls' }] },
    ];
    const signed = signReplayedFunctionCalls(contents);

    expect(signed[1].parts).toEqual([
      { text: 'Checking.' },
      { functionCall: { name: 'weather', args: { city: 'Oslo' } }, thoughtSignature: SKIP_THOUGHT_SIGNATURE },
      { functionCall: { name: 'weather', args: { city: 'Lima' } } },
    ]);
    expect(signed[3]).toBe(contents[3]);
    expect(signed[4]).toBe(contents[4]);
    expect(signed[0]).toBe(contents[0]);
    expect(contents[1].parts[1]).not.toHaveProperty('thoughtSignature');
  });
});
