import { gatewaySignature } from './gateway-signature';
import { stripGatewayThinking } from './strip-gateway-thinking';

const ours = { type: 'thinking', thinking: 'from gpt', signature: gatewaySignature({ openai: { encryptedContent: 'x' } }) };
const anthropics = { type: 'thinking', thinking: 'from claude', signature: 'EqQBCkYIBxgC' };
const toolUse = { type: 'tool_use', id: 't1', name: 'Bash', input: {} };

describe(stripGatewayThinking.name, () => {
  it('returns the very body when nothing is the gateway’s', () => {
    const body = { model: 'claude', messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: [anthropics, { type: 'text', text: 'a' }] }] };
    expect(stripGatewayThinking(body)).toBe(body);
  });

  it('drops gateway-signed thinking and keeps Anthropic’s own', () => {
    const body = {
      model: 'claude',
      thinking: { type: 'enabled', budget_tokens: 2048 },
      messages: [
        { role: 'user', content: 'q' },
        { role: 'assistant', content: [ours, { type: 'text', text: 'a' }] },
        { role: 'user', content: 'q2' },
        { role: 'assistant', content: [anthropics, { type: 'text', text: 'b' }] },
        { role: 'user', content: 'q3' },
      ],
    };
    const stripped = stripGatewayThinking(body);
    expect(stripped.messages).toEqual([
      { role: 'user', content: 'q' },
      { role: 'assistant', content: [{ type: 'text', text: 'a' }] },
      { role: 'user', content: 'q2' },
      { role: 'assistant', content: [anthropics, { type: 'text', text: 'b' }] },
      { role: 'user', content: 'q3' },
    ]);
    expect(stripped.thinking).toEqual(body.thinking);
  });

  it('turns thinking off when a continued tool loop lost the thinking its assistant turn started with', () => {
    const body = {
      model: 'claude',
      thinking: { type: 'adaptive' },
      messages: [
        { role: 'user', content: 'q' },
        { role: 'assistant', content: [ours, toolUse] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'ok' }] },
      ],
    };
    const stripped = stripGatewayThinking(body);
    expect(stripped.thinking).toEqual({ type: 'disabled' });
    expect((stripped.messages as { content: unknown[] }[])[1].content).toEqual([toolUse]);
  });
});
