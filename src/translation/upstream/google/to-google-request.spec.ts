import type { ModelConfig } from '../../../config/app-config';
import type { HubRequest } from '../../hub/hub-prompt';
import type { GoogleGenerateRequest } from './google-api.types';
import { SKIP_THOUGHT_SIGNATURE } from './thought-signatures';
import { toGoogleRequest } from './to-google-request';

const gemini3: ModelConfig = { name: 'Gemini 3', id: 'gemini-3-pro-preview', type: 'google', reasoning: 'auto', fast: false };
const gemini25: ModelConfig = { ...gemini3, id: 'gemini-2.5-pro' };

function hub(overrides: Partial<HubRequest> = {}): HubRequest {
  return { model: 'gemini', system: [], messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], tools: [], stream: true, ...overrides };
}

const body = (request: HubRequest, model: ModelConfig = gemini3) => toGoogleRequest(request, model).body as GoogleGenerateRequest;
const PNG = { type: 'file' as const, mediaType: 'image/png', data: { base64: 'iVBORw0K' } };

const toolLoop = (assistant: HubRequest['messages'][number]['content'], results: HubRequest['messages'][number]['content']) =>
  hub({
    tools: [{ name: 'screenshot', kind: 'function', inputSchema: { type: 'object', properties: { n: { type: 'integer' } } } }],
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'go' }] },
      { role: 'assistant', content: assistant } as never,
      { role: 'tool', content: results } as never,
    ],
  });

describe(toGoogleRequest.name, () => {
  it('maps system, files and the tool round trip, images returned by tools going in the same user turn', () => {
    const request = body(
      toolLoop(
        [
          { type: 'tool-call', toolCallId: 'c1', toolName: 'screenshot', input: '{"n":1}' },
          { type: 'tool-call', toolCallId: 'c2', toolName: 'screenshot', input: '{"n":2}' },
        ],
        [
          { type: 'tool-result', toolCallId: 'c1', output: [{ type: 'text', text: '{"ok":true}' }, PNG] },
          { type: 'tool-result', toolCallId: 'c2', output: [{ type: 'text', text: 'boom' }], isError: true },
        ],
      ),
      gemini25,
    );
    expect(request.contents).toEqual([
      { role: 'user', parts: [{ text: 'go' }] },
      { role: 'model', parts: [{ functionCall: { name: 'screenshot', args: { n: 1 } } }, { functionCall: { name: 'screenshot', args: { n: 2 } } }] },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'screenshot', response: { ok: true } } },
          { functionResponse: { name: 'screenshot', response: { error: 'boom' } } },
          { text: 'Files returned by the screenshot call c1:' },
          { inlineData: { mimeType: 'image/png', data: 'iVBORw0K' } },
        ],
      },
    ]);
  });

  it("sends Gemini's own signatures back on their parts and gives Gemini 3 the stand-in where there is none", () => {
    const signed = body(
      toolLoop(
        [
          { type: 'reasoning', text: 'think', providerMetadata: { google: { thoughtSignature: 'sig-r' } } },
          { type: 'reasoning', text: 'from Claude', providerMetadata: { anthropic: { signature: 's' } } },
          { type: 'reasoning', text: 'via Claude Code', providerMetadata: { google: { thoughtSignature: 'sig-g' }, gateway: { reasoningFrom: 'droid2api' } } },
          { type: 'text', text: '', providerMetadata: { google: { thoughtSignature: 'sig-t' } } },
          { type: 'tool-call', toolCallId: 'c1', toolName: 'screenshot', input: '{}', providerMetadata: { google: { thoughtSignature: 'sig-c' } } },
        ],
        [{ type: 'tool-result', toolCallId: 'c1', output: [{ type: 'text', text: 'ok' }] }],
      ),
    );
    expect(signed.contents[1].parts).toEqual([
      { text: 'think', thought: true, thoughtSignature: 'sig-r' },
      { text: 'via Claude Code', thought: true, thoughtSignature: 'sig-g' },
      { text: '', thoughtSignature: 'sig-t' },
      { functionCall: { name: 'screenshot', args: {} }, thoughtSignature: 'sig-c' },
    ]);
    const unsigned = body(toolLoop([{ type: 'tool-call', toolCallId: 'c1', toolName: 'screenshot', input: '{}' }], [{ type: 'tool-result', toolCallId: 'c1', output: [] }]));
    expect(unsigned.contents[1].parts[0]).toEqual({ functionCall: { name: 'screenshot', args: {} }, thoughtSignature: SKIP_THOUGHT_SIGNATURE });
  });

  it('declares tools with schemas Gemini accepts, names it accepts, and a freeform tool as one string', () => {
    const encoded = toGoogleRequest(
      hub({
        tools: [
          {
            name: 'Bash',
            kind: 'function',
            description: 'Run',
            inputSchema: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { command: { type: 'string' } }, required: ['command'], additionalProperties: false },
          },
          { name: 'files.read', kind: 'function', inputSchema: { type: 'object', properties: {} } },
          { name: 'apply_patch', kind: 'freeform', inputSchema: {} },
        ],
        toolChoice: { type: 'tool', toolName: 'files.read' },
      }),
      gemini3,
    );
    const request = encoded.body as GoogleGenerateRequest;
    const [bash, read, patch] = request.tools![0].functionDeclarations;
    expect(bash).toEqual({ name: 'Bash', description: 'Run', parameters: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] } });
    expect(read.name).toMatch(/^files_read_[0-9a-f]{8}$/);
    expect(read).not.toHaveProperty('parameters');
    expect(patch).toMatchObject({ name: 'apply_patch', parameters: { type: 'object', properties: { input: { type: 'string' } }, required: ['input'] } });
    expect(request.toolConfig).toEqual({ functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [read.name] } });
    expect(encoded.toolNames.toClient(read.name)).toBe('files.read');
  });

  it('maps the generation settings, clamping output tokens to the model limit', () => {
    const request = body(
      hub({
        system: [{ type: 'text', text: 'Be terse.' }],
        maxOutputTokens: 100000,
        temperature: 0.3,
        topP: 0.9,
        topK: 20,
        stopSequences: ['END'],
        responseFormat: { type: 'json', schema: { type: 'object' } },
        reasoning: { enabled: true, effort: 'high' },
      }),
      { ...gemini3, maxOutputTokens: 65536 },
    );
    expect(request.systemInstruction).toEqual({ parts: [{ text: 'Be terse.' }] });
    expect(request.generationConfig).toEqual({
      maxOutputTokens: 65536,
      temperature: 0.3,
      topP: 0.9,
      topK: 20,
      stopSequences: ['END'],
      responseMimeType: 'application/json',
      responseJsonSchema: { type: 'object' },
      thinkingConfig: { thinkingLevel: 'HIGH', includeThoughts: true },
    });
  });

  it('gives Gemini 2.x a thinking budget and leaves fixed levels to the request edit', () => {
    expect(body(hub({ reasoning: { enabled: true, budgetTokens: 2048 } }), gemini25).generationConfig).toEqual({
      thinkingConfig: { thinkingBudget: 2048, includeThoughts: true },
    });
    expect(body(hub({ reasoning: { enabled: true, effort: 'low' } }), { ...gemini3, reasoning: 'high' })).not.toHaveProperty('generationConfig');
  });
});
