// @alicloud/log ships no types; this covers the part the usage sink uses (lib/client.js, postLogStoreLogs).
declare module '@alicloud/log' {
  interface ClientConfig {
    accessKeyId: string;
    accessKeySecret: string;
    /** `cn-hangzhou.log.aliyuncs.com`; an `https://` prefix makes the client use TLS. */
    endpoint: string;
  }

  interface LogItem {
    /** Epoch seconds. */
    timestamp: number;
    /** Every value must be a string. */
    content: Record<string, string>;
  }

  interface PostLogsData {
    logs: LogItem[];
    topic?: string;
    source?: string;
  }

  class Client {
    constructor(config: ClientConfig);
    /** Options go to httpx: `timeout` in milliseconds covers connect and read. */
    postLogStoreLogs(project: string, logstore: string, data: PostLogsData, options?: { timeout?: number }): Promise<unknown>;
  }

  export = Client;
}
