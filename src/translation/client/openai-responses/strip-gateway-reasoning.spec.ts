import { gatewayEncryptedContent } from './gateway-reasoning';
import { stripGatewayReasoning } from './strip-gateway-reasoning';

describe(stripGatewayReasoning.name, () => {
  it('drops reasoning items the gateway made and keeps OpenAI’s own', () => {
    const openai = { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'gAAAA' };
    const ours = { type: 'reasoning', id: 'rs_2', summary: [], encrypted_content: gatewayEncryptedContent('t', { anthropic: { signature: 's' } }) };
    const user = { role: 'user', content: 'hi' };
    expect(stripGatewayReasoning({ model: 'gpt', input: [user, ours, openai] })).toEqual({ model: 'gpt', input: [user, openai] });
    const untouched = { model: 'gpt', input: [user, openai] };
    expect(stripGatewayReasoning(untouched)).toBe(untouched);
  });
});
