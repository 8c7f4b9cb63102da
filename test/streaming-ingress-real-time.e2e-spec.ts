import { anthropicUser, startGatewayWithFake } from './support/gateway-fixture';
import { startIdleTimeoutProxy } from './support/test-proxies';

/**
 * The operations acceptance test at its real time scale, with the shipped defaults (no SSE_KEEPALIVE_MS set: 15 s):
 * a stream whose upstream thinks silently for 40 s survives an ingress that cuts connections idle for 30 s.
 * The scaled-down variants in streaming-ingress.e2e-spec.ts cover the details; this one proves the defaults.
 */
describe('ingress-safe streaming at real time scale', () => {
  it('keeps a stream with 40 s of upstream silence alive through a 30 s idle proxy with the default keepalive', async () => {
    const gw = await startGatewayWithFake();
    const proxy = await startIdleTimeoutProxy(gw.app.url, 30_000);
    try {
      gw.fake.script('/a/v1/messages', { sseFixture: 'anthropic-text', silenceAtEvent: 3, silenceMs: 40_000 });
      const client = gw.anthropic({ baseURL: proxy.url, timeout: 90_000 });
      const stream = client.messages.stream({ model: 'claude-auto', max_tokens: 10, messages: [anthropicUser('x')] });
      expect((await stream.finalMessage()).stop_reason).toBe('end_turn');
      expect(proxy.cuts).toBe(0);
    } finally {
      await proxy.close();
      await gw.close();
    }
  }, 75_000);
});
