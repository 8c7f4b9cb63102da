import { Test } from '@nestjs/testing';
import { AuthService } from '../auth/auth.service';
import { APP_CONFIG, type ModelConfig, type UpstreamType } from '../config/app-config';
import type { CallContext } from '../core/http/call-context';
import type { TokenUsage } from '../core/http/request-context';
import type { JsonObject } from '../core/json/json-object';
import { FactoryCallService } from './factory-call.service';
import { factoryIdentity } from './factory-identity';
import { ModelsService } from '../models/models.service';
import { UpstreamClient } from '../outbound/upstream-client.service';
import { UserAgentService } from '../version/user-agent.service';
import { ChatCompletionsCodec } from '../translation/upstream/chat-completions/chat-completions.codec';
import { fixed } from '../translation/upstream/shared/header-table';
import { UPSTREAM_PROVIDERS, type UpstreamProvider } from '../translation/upstream/upstream-provider';
import { UpstreamProviderRegistry } from '../translation/upstream/upstream-provider.registry';
import { UPSTREAM_PROVIDER_CLASSES } from '../translation/upstream/upstream-providers';

/**
 * What adding a fifth upstream type takes: a provider class (here in the test, in its own folder for real) and one
 * more entry in the provider list. The Factory call then edits the body, builds the headers and reads the usage the
 * new type's way without any other file knowing the type.
 */
const ECHO = 'echo' as UpstreamType;

class EchoProvider implements UpstreamProvider {
  readonly type = ECHO;
  readonly codec = Object.assign(new ChatCompletionsCodec(), { type: ECHO });
  readonly defaultApiProvider = 'echo-labs';
  readonly headers = { accept: fixed('application/x-echo'), 'x-echo-version': fixed('5') };
  readonly usageField = 'tokens';

  injectSystemPrompt(body: Readonly<JsonObject>, prompt: string): JsonObject {
    return { ...body, preamble: prompt };
  }

  editRequest(body: Readonly<JsonObject>, model: ModelConfig, systemPrompt: string): JsonObject {
    return { ...this.injectSystemPrompt(body, systemPrompt), model: model.id };
  }

  extractUsage(value: unknown): TokenUsage | null {
    const tokens = (value as { tokens?: number } | null)?.tokens;
    return typeof tokens === 'number' ? { outputTokens: tokens } : null;
  }

  streamErrorEvent(message: string): string {
    return `data: ${JSON.stringify({ echoError: message })}\n\n`;
  }
}

const model: ModelConfig = { name: 'Echo', id: 'echo-1', type: ECHO, reasoning: 'auto', fast: false };

describe('a fifth upstream type', () => {
  it('is served through the Factory call by adding its provider to the list and nothing else', async () => {
    const providerClasses = [...UPSTREAM_PROVIDER_CLASSES, EchoProvider];
    const sent: { url: string; body: string; headers: Record<string, string> }[] = [];
    const moduleRef = await Test.createTestingModule({
      providers: [
        ...providerClasses,
        { provide: UPSTREAM_PROVIDERS, useFactory: (...providers: UpstreamProvider[]) => providers, inject: providerClasses },
        UpstreamProviderRegistry,
        FactoryCallService,
        { provide: APP_CONFIG, useValue: { systemPrompt: 'Be Droid.', endpoints: { [ECHO]: 'https://echo.example/v1/echo' } } },
        { provide: ModelsService, useValue: { resolve: () => model } },
        { provide: AuthService, useValue: { send: (_call: CallContext, attempt: (authorization: string) => unknown) => attempt('Bearer upstream') } },
        { provide: UserAgentService, useValue: { current: () => 'factory-cli/0.27.1' } },
        {
          provide: UpstreamClient,
          useValue: {
            post: (call: { url: string; body: string; headers: Record<string, string> }) => {
              sent.push(call);
              return { status: 200, headers: {}, body: null, route: 'direct' };
            },
          },
        },
      ],
    }).compile();

    const headers = { 'x-session-id': 'sess-1' };
    const call: CallContext = { headers, signal: new AbortController().signal, context: { requestId: 'r1' }, identity: factoryIdentity(headers, 'factory-cli/0.27.1'), systemPrompt: 'Be Droid.' };
    const factory = moduleRef.get(FactoryCallService);
    const resolved = factory.resolveModel(call, 'echo');
    const upstream = await factory.call({ call, model: resolved, body: { model: 'echo', text: 'hi' }, stream: false });

    expect(upstream?.status).toBe(200);
    expect(call.context.upstreamType).toBe(ECHO);
    expect(sent).toHaveLength(1);
    expect(sent[0].url).toBe('https://echo.example/v1/echo');
    expect(JSON.parse(sent[0].body)).toEqual({ model: 'echo-1', text: 'hi', preamble: 'Be Droid.' });
    expect(sent[0].headers).toMatchObject({
      accept: 'application/x-echo',
      authorization: 'Bearer upstream',
      'x-api-provider': 'echo-labs',
      'x-session-id': 'sess-1',
      'user-agent': 'factory-cli/0.27.1',
      'x-echo-version': '5',
    });
    const registry = moduleRef.get(UpstreamProviderRegistry);
    expect(registry.forType(ECHO).extractUsage({ tokens: 7 })).toEqual({ outputTokens: 7 });
    expect(registry.forType('anthropic').type).toBe('anthropic');
  });
});
