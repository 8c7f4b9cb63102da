import { SlsBatchWriter, createSlsClient, toContent, type SlsClient } from './sls-batch-writer';
import type { UsageEvent } from './usage-event';

const usage: UsageEvent = {
  event: 'usage',
  requestId: 'req-1',
  route: '/v1/messages',
  model: 'claude-opus-4-6',
  resolvedModel: 'claude-opus-4-6',
  upstreamType: 'anthropic',
  credentialSource: 'factory_api_key',
  accountId: null,
  key: 'ci',
  status: 200,
  inputTokens: 12,
  outputTokens: 34,
  cachedTokens: null,
  durationMs: 812.4,
  ttfbMs: 301.2,
  streamed: true,
  aborted: false,
  clientIp: '198.51.100.7',
};

describe(SlsBatchWriter.name, () => {
  it('sends one PutLogs call per batch: string contents, epoch-second timestamps, topic and source', async () => {
    const calls: unknown[][] = [];
    const client: SlsClient = {
      postLogStoreLogs: async (...args: unknown[]) => {
        calls.push(args);
        return {};
      },
    };
    await new SlsBatchWriter(client, { project: 'proj', logstore: 'usage' }).write([{ event: usage, at: 1_790_000_000_999 }]);
    expect(calls).toHaveLength(1);
    const [project, logstore, data, options] = calls[0] as [string, string, { logs: { timestamp: number; content: Record<string, string> }[]; topic: string; source: string }, { timeout: number }];
    expect([project, logstore]).toEqual(['proj', 'usage']);
    expect(data.topic).toBe('usage');
    expect(typeof data.source).toBe('string');
    expect(data.logs).toEqual([{ timestamp: 1_790_000_000, content: expect.objectContaining({ key: 'ci', status: '200', streamed: 'true', inputTokens: '12' }) }]);
    expect(options.timeout).toBeGreaterThan(0);
  });

  it('rejects when the service refuses, so the batcher retries', async () => {
    const client: SlsClient = { postLogStoreLogs: () => Promise.reject(new Error('Unauthorized')) };
    await expect(new SlsBatchWriter(client, { project: 'p', logstore: 'l' }).write([{ event: usage, at: 0 }])).rejects.toThrow('Unauthorized');
  });
});

describe('toContent', () => {
  it('turns every present value into a string and leaves nulls out', () => {
    const content = toContent(usage);
    expect(Object.values(content).every((value) => typeof value === 'string')).toBe(true);
    expect(content).not.toHaveProperty('accountId');
    expect(content).not.toHaveProperty('cachedTokens');
    expect(content.durationMs).toBe('812.4');
  });
});

describe(createSlsClient.name, () => {
  it('loads the SDK only when called and builds a client with the PutLogs call (no network)', () => {
    const client = createSlsClient({ accessKeyId: 'id', accessKeySecret: 'secret', endpoint: 'cn-hangzhou.log.aliyuncs.com', project: 'p', logstore: 'l' });
    expect(typeof client.postLogStoreLogs).toBe('function');
  });
});
