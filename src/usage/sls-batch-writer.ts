import type Client from '@alicloud/log';
import { hostname } from 'node:os';
import type { AppConfig } from '../config/app-config';
import type { BatchWriter, StampedEvent } from './batching-usage-sink';
import type { UsageEvent } from './usage-event';

/** The slice of the SLS client the writer calls, so tests can pass a fake one. */
export type SlsClient = Pick<Client, 'postLogStoreLogs'>;

export type SlsSettings = NonNullable<AppConfig['usageSls']>;

const REQUEST_TIMEOUT_MS = 10_000;

export function createSlsClient(settings: SlsSettings): SlsClient {
  // Loaded only when the sink is configured: the SDK and its protobuf runtime add ~10 MB to every process otherwise.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Client = require('@alicloud/log') as typeof import('@alicloud/log');
  // The SDK speaks plain HTTP to a bare host name; the requests are signed, but the usage data should not travel in
  // clear, so a bare endpoint gets https.
  const endpoint = /^https?:\/\//.test(settings.endpoint) ? settings.endpoint : `https://${settings.endpoint}`;
  return new Client({ accessKeyId: settings.accessKeyId, accessKeySecret: settings.accessKeySecret, endpoint });
}

/** Sends a batch of usage events to an Alibaba Cloud Log Service logstore (one PutLogs call per batch). */
export class SlsBatchWriter implements BatchWriter {
  private readonly source = hostname();

  constructor(
    private readonly client: SlsClient,
    private readonly settings: Pick<SlsSettings, 'project' | 'logstore'>,
  ) {}

  async write(batch: StampedEvent[]): Promise<void> {
    await this.client.postLogStoreLogs(
      this.settings.project,
      this.settings.logstore,
      {
        topic: 'usage',
        source: this.source,
        logs: batch.map(({ event, at }) => ({ timestamp: Math.floor(at / 1000), content: toContent(event) })),
      },
      { timeout: REQUEST_TIMEOUT_MS },
    );
  }
}

/** SLS log contents are string to string; absent facts are left out rather than sent as "null". */
export function toContent(event: UsageEvent): Record<string, string> {
  const content: Record<string, string> = {};
  for (const [key, value] of Object.entries(event)) {
    if (value !== null && value !== undefined) content[key] = String(value);
  }
  return content;
}
