import type { ModelConfig } from '../../config/app-config';
import type { ChatCompletionRequest } from '../chat-completions.types';
import { TranslationError } from '../translation-error';
import { toGoogleRequest } from './to-google-request';

const model: ModelConfig = { name: 'Gemini', id: 'gemini-2.5-pro', type: 'google', reasoning: 'auto', fast: false };

function chat(overrides: Partial<ChatCompletionRequest>): ChatCompletionRequest {
  return { model: 'gemini', messages: [{ role: 'user', content: 'hi' }], ...overrides };
}

describe(toGoogleRequest.name, () => {
  it('maps roles, system instruction, images and generation config', () => {
    const request = toGoogleRequest(
      chat({
        stream: true,
        messages: [
          { role: 'system', content: 'Be terse.' },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Compare' },
              { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/4AAQ' } },
              { type: 'image_url', image_url: { url: 'https://example.com/b.PNG?x=1' } },
              { type: 'image_url', image_url: { url: 'https://example.com/pic' } },
            ],
          },
          { role: 'assistant', content: 'Same.' },
          { role: 'user', content: 'Sure?' },
        ],
        max_tokens: 300,
        temperature: 0.4,
        top_p: 0.9,
        stop: ['END'],
      }),
      model,
    );
    expect(request).toEqual({
      model: 'gemini-2.5-pro',
      stream: true,
      systemInstruction: { parts: [{ text: 'Be terse.' }] },
      contents: [
        {
          role: 'user',
          parts: [
            { text: 'Compare' },
            { inlineData: { mimeType: 'image/jpeg', data: '/9j/4AAQ' } },
            { fileData: { mimeType: 'image/png', fileUri: 'https://example.com/b.PNG?x=1' } },
            { fileData: { fileUri: 'https://example.com/pic' } },
          ],
        },
        { role: 'model', parts: [{ text: 'Same.' }] },
        { role: 'user', parts: [{ text: 'Sure?' }] },
      ],
      generationConfig: { maxOutputTokens: 300, temperature: 0.4, topP: 0.9, stopSequences: ['END'] },
    });
  });

  it('maps a tool round trip: functionCall parts, functionResponse named from the matching call, declarations', () => {
    const request = toGoogleRequest(
      chat({
        messages: [
          { role: 'user', content: 'Weather and time?' },
          {
            role: 'assistant',
            tool_calls: [
              { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
              { id: 'call_2', type: 'function', function: { name: 'get_time', arguments: '{}' } },
            ],
          },
          { role: 'tool', tool_call_id: 'call_2', content: '12:00' },
          { role: 'tool', tool_call_id: 'call_1', content: '{"sky":"clear"}' },
        ],
        tools: [{ type: 'function', function: { name: 'get_weather', description: 'W', parameters: { type: 'object' } } }],
        tool_choice: 'required',
      }),
      model,
    );
    expect(request.contents).toEqual([
      { role: 'user', parts: [{ text: 'Weather and time?' }] },
      {
        role: 'model',
        parts: [
          { functionCall: { name: 'get_weather', args: { city: 'Paris' } } },
          { functionCall: { name: 'get_time', args: {} } },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'get_time', response: { result: '12:00' } } },
          { functionResponse: { name: 'get_weather', response: { sky: 'clear' } } },
        ],
      },
    ]);
    expect(request.tools).toEqual([{ functionDeclarations: [{ name: 'get_weather', description: 'W', parameters: { type: 'object' } }] }]);
    expect(request.toolConfig).toEqual({ functionCallingConfig: { mode: 'ANY' } });
  });

  it('names a tool message that answers no known call', () => {
    expect(() => toGoogleRequest(chat({ messages: [{ role: 'tool', tool_call_id: 'nope', content: 'x' }] }), model)).toThrow(
      expect.objectContaining({ param: 'messages[0].tool_call_id' }) as TranslationError,
    );
  });

  it('maps reasoning_effort to thinkingConfig with thoughts included, only under auto', () => {
    expect(toGoogleRequest(chat({ reasoning_effort: 'xhigh' }), model).generationConfig).toEqual({
      thinkingConfig: { thinkingLevel: 'HIGH', includeThoughts: true },
    });
    expect(toGoogleRequest(chat({ reasoning_effort: 'low' }), { ...model, reasoning: 'medium' })).not.toHaveProperty('generationConfig');
  });

  it('names invalid tool-call arguments', () => {
    expect(() =>
      toGoogleRequest(
        chat({ messages: [{ role: 'assistant', tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '[1]' } }] }] }),
        model,
      ),
    ).toThrow(expect.objectContaining({ param: 'messages[0].tool_calls[0].function.arguments' }) as TranslationError);
  });

  it('signs replayed function calls for Gemini 3 models (which reject unsigned ones) and not for earlier ones', () => {
    const toolLoop = chat({
      messages: [
        { role: 'user', content: 'time?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'time', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: '12:00' },
      ],
    });
    const gemini3 = toGoogleRequest(toolLoop, { ...model, id: 'gemini-3-pro-preview' });
    expect(gemini3.contents[1].parts).toEqual([{ functionCall: { name: 'time', args: {} }, thoughtSignature: 'skip_thought_signature_validator' }]);
    expect(toGoogleRequest(toolLoop, model).contents[1].parts).toEqual([{ functionCall: { name: 'time', args: {} } }]);
  });
});
