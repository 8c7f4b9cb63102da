import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelConfig, ReasoningLevel, UpstreamType } from '../src/config/app-config';
import { buildFactoryHeaders } from '../src/factory/factory-headers';
import { apiProviderFor, factoryIdentity } from '../src/factory/factory-identity';
import type { HubMessage, HubRequest, HubTool } from '../src/translation/hub/hub-prompt';
import type { UpstreamProvider } from '../src/translation/upstream/upstream-provider';
import { UPSTREAM_PROVIDER_CLASSES } from '../src/translation/upstream/upstream-providers';
import type { RecordedRequest } from './support/recorded-request';
import { validateAnthropicRequest } from './support/validate-anthropic-request';
import { validateChatRequest } from './support/validate-chat-request';
import { validateGoogleRequest } from './support/validate-google-request';
import { validateResponsesRequest } from './support/validate-responses-request';

/**
 * Every upstream codec's request, after the per-type Factory edit and with the headers the Factory call sends, goes
 * through the fake upstream's validator for that API (the checks the real APIs make: alternating turns, tool calls
 * answered in the next turn, no empty text blocks, thinking rules, Gemini 3 signatures …). Scenarios are the shapes
 * Claude Code and Codex conversations take on another family's model.
 */
const PROVIDERS = new Map<UpstreamType, UpstreamProvider>(UPSTREAM_PROVIDER_CLASSES.map((Provider) => [new Provider().type, new Provider()]));

const MODEL_IDS: Record<UpstreamType, string> = {
  anthropic: 'claude-sonnet-4-5-20250929',
  openai: 'gpt-5.1-codex',
  common: 'glm-4.6',
  google: 'gemini-3-pro-preview',
};

const VALIDATE: Record<UpstreamType, (request: RecordedRequest) => string | undefined> = {
  anthropic: (request) => validateAnthropicRequest(request, { countTokens: false }),
  openai: (request) => validateResponsesRequest(request)?.message,
  common: (request) => validateChatRequest(request)?.message,
  google: (request) => validateGoogleRequest(request),
};

const claudeCodeTools = (JSON.parse(readFileSync(join(__dirname, '..', 'src/translation/upstream/google/__fixtures__/claude-code-tools.json'), 'utf8')) as { name: string; input_schema: Record<string, unknown> }[]).map(
  (tool): HubTool => ({ name: tool.name, kind: 'function', inputSchema: tool.input_schema }),
);
const LONG_MCP = 'mcp__github_enterprise_server__list_pull_request_review_comments_for_repository';
const tools: HubTool[] = [
  ...claudeCodeTools,
  { name: LONG_MCP, kind: 'function', inputSchema: { type: 'object', properties: { repo: { type: 'string' } } } },
  { name: 'apply_patch', kind: 'freeform', inputSchema: {}, description: 'Patch files' },
];
const PNG = { type: 'file' as const, mediaType: 'image/png', data: { base64: 'iVBORw0KGgo=' } };
const user = (text: string): HubMessage => ({ role: 'user', content: [{ type: 'text', text }] });

const SCENARIOS: [string, Partial<HubRequest>][] = [
  ['a text turn with a system prompt', { system: [{ type: 'text', text: 'You are Claude Code.' }], messages: [user('hi')] }],
  [
    'a parallel tool loop whose results carry an image and an error',
    {
      tools,
      messages: [
        user('Run both'),
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'Two calls.', providerMetadata: { anthropic: { signature: 'sig' } } },
            { type: 'text', text: 'Running.' },
            { type: 'tool-call', toolCallId: 'toolu_1', toolName: 'Bash', input: '{"command":"ls"}' },
            { type: 'tool-call', toolCallId: 'toolu_2', toolName: LONG_MCP, input: '{"repo":"a/b"}' },
          ],
        },
        {
          role: 'tool',
          content: [
            { type: 'tool-result', toolCallId: 'toolu_1', toolName: 'Bash', output: [{ type: 'text', text: 'a.txt' }, PNG] },
            { type: 'tool-result', toolCallId: 'toolu_2', toolName: LONG_MCP, output: [{ type: 'text', text: 'denied' }], isError: true },
          ],
        },
      ],
    },
  ],
  [
    'a freeform apply_patch round trip followed by a user turn',
    {
      tools,
      messages: [
        user('fix it'),
        { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'call_p', toolName: 'apply_patch', input: '*** Begin Patch\n*** End Patch' }] },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_p', output: [{ type: 'text', text: 'Done' }] }] },
        user('thanks'),
      ],
    },
  ],
  [
    'thinking asked for, output limit far above the model, stop sequences',
    { messages: [user('think')], reasoning: { enabled: true, budgetTokens: 31999 }, maxOutputTokens: 128000, stopSequences: ['END'], temperature: 0.5 },
  ],
];

const cases = [...PROVIDERS.keys()].flatMap((type) =>
  (['auto', 'high'] as ReasoningLevel[]).flatMap((reasoning) => SCENARIOS.map(([name, request]) => [type, reasoning, name, request] as const)),
);

describe('upstream codecs on the wire', () => {
  it.each(cases)('%s (reasoning %s): %s is a request the API accepts', (type, reasoning, _name, overrides) => {
    const provider = PROVIDERS.get(type)!;
    const model: ModelConfig = { name: 'M', id: MODEL_IDS[type], type, reasoning, fast: false, maxOutputTokens: 64000 };
    const request: HubRequest = { model: 'client-model', system: [], messages: [], tools: [], stream: true, ...overrides };
    const encoded = provider.codec.encodeRequest(request, model);
    const body = provider.editRequest(encoded.body, model, 'You are Droid.\n\n');
    const identity = { ...factoryIdentity({}, 'factory-cli/0.27.1'), apiProvider: apiProviderFor(model, provider.defaultApiProvider) };
    const headers = buildFactoryHeaders({ provider, model, clientHeaders: {}, identity, authorization: 'Bearer t', userAgent: 'factory-cli/0.27.1', stream: true });
    const recorded: RecordedRequest = { method: 'POST', path: '/', query: {}, headers, body, rawBody: JSON.stringify(body), receivedAt: 0, outcome: 'open' };
    expect(VALIDATE[type](recorded)).toBeUndefined();
    // 81 characters: past OpenAI's and Gemini's 64, within Anthropic's 128.
    if (!request.tools.length) return;
    if (type === 'anthropic') expect(JSON.stringify(body)).toContain(`"name":"${LONG_MCP}"`);
    else expect(JSON.stringify(body)).not.toContain(LONG_MCP);
  });
});
