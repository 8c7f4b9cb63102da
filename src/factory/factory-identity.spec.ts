import type { ModelConfig } from '../config/app-config';
import { apiProviderFor, factoryIdentity } from './factory-identity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe(factoryIdentity.name, () => {
  it("keeps the client's session and message ids, and names the CLI and the user agent", () => {
    expect(factoryIdentity({ 'x-session-id': 'sess-1', 'x-assistant-message-id': 'msg-1' }, 'factory-cli/0.27.1')).toEqual({
      sessionId: 'sess-1',
      messageId: 'msg-1',
      client: 'cli',
      userAgent: 'factory-cli/0.27.1',
    });
  });

  it('makes new, distinct ids when the client sends none (or blank ones)', () => {
    const first = factoryIdentity({ 'x-session-id': ' ' }, 'ua');
    const second = factoryIdentity({}, 'ua');
    expect([first.sessionId, first.messageId, second.sessionId]).toEqual([expect.stringMatching(UUID), expect.stringMatching(UUID), expect.stringMatching(UUID)]);
    expect(new Set([first.sessionId, first.messageId, second.sessionId, second.messageId]).size).toBe(4);
  });
});

describe(apiProviderFor.name, () => {
  const model = (provider?: string): ModelConfig => ({ name: 'M', id: 'm', type: 'common', reasoning: 'auto', fast: false, provider });

  it("sends the model's provider, else the type's default, never 'null'", () => {
    expect(apiProviderFor(model('baseten'), 'fireworks')).toBe('baseten');
    for (const provider of [undefined, '', '  ', 'null', 'NULL', 'undefined']) expect(apiProviderFor(model(provider), 'fireworks')).toBe('fireworks');
  });
});
