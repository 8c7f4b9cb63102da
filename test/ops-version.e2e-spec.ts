import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeUpstream } from './support/fake-upstream';
import { startApp, type StartedApp } from './support/start-app';
import { startForwardProxy, type ForwardProxy } from './support/test-proxies';
import { UserAgentService } from '../src/version/user-agent.service';
import { configFileFor, until } from './ops-helpers';

/** A stand-in for downloads.factory.ai: answers GET /factory-cli/LATEST with whatever the test sets. */
class LatestServer {
  answer: { status: number; body: string } = { status: 200, body: '0.30.0\n' };
  hits = 0;
  constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<LatestServer> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const latest = new LatestServer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/factory-cli/LATEST`);
    server.on('request', (req, res) => {
      latest.hits += 1;
      const ok = req.method === 'GET' && req.url === '/factory-cli/LATEST';
      res.writeHead(ok ? latest.answer.status : 404, { 'content-type': 'text/plain' }).end(ok ? latest.answer.body : 'not found');
    });
    return latest;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('factory-cli version follower', () => {
  let fake: FakeUpstream;
  let latest: LatestServer;
  let proxy: ForwardProxy;
  const apps: StartedApp[] = [];
  const start = async (follow: boolean, extra: object = {}) => {
    const started = await startApp({
      configFile: { ...configFileFor(fake), user_agent: 'factory-cli/0.27.1', user_agent_follow_latest: follow, ...extra },
      env: { FACTORY_CLI_LATEST_URL: latest.url },
    });
    apps.push(started);
    return { started, agent: started.app.get(UserAgentService) };
  };

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    latest = await LatestServer.start();
    proxy = await startForwardProxy();
  });
  afterAll(async () => {
    await Promise.all(apps.map((started) => started.close()));
    await Promise.all([fake?.close(), latest?.close(), proxy?.close()]);
  });
  beforeEach(() => {
    latest.answer = { status: 200, body: '0.30.0\n' };
    latest.hits = 0;
  });

  it('is off by default: the configured user agent, and no call', async () => {
    const { agent } = await start(false);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(agent.current()).toBe('factory-cli/0.27.1');
    expect(latest.hits).toBe(0);
  });

  it('follows the published version at start, keeps the last good one through failures and garbage, then moves on', async () => {
    const { agent } = await start(true);
    await until(() => agent.current() === 'factory-cli/0.30.0', 5_000, 'the first fetch');

    latest.answer = { status: 503, body: 'maintenance' };
    await agent.refresh();
    expect(agent.current()).toBe('factory-cli/0.30.0');
    latest.answer = { status: 200, body: '<html>moved</html>' };
    await agent.refresh();
    expect(agent.current()).toBe('factory-cli/0.30.0');

    latest.answer = { status: 200, body: 'v0.31.2' };
    await agent.refresh();
    expect(agent.current()).toBe('factory-cli/0.31.2');
  });

  it('starts with the configured version when the first fetch fails', async () => {
    latest.answer = { status: 500, body: '' };
    const { started, agent } = await start(true);
    await until(() => latest.hits > 0);
    await started.logs.waitForLine((line) => String(line.msg).includes('could not read the latest factory-cli version'));
    expect(agent.current()).toBe('factory-cli/0.27.1');
  });

  it('fetches through the configured outbound proxies', async () => {
    const served = proxy.served;
    const { agent } = await start(true, { proxies: [{ name: 'egress', url: proxy.url }] });
    await until(() => agent.current() === 'factory-cli/0.30.0', 5_000, 'the fetch through the proxy');
    expect(proxy.served).toBeGreaterThan(served);
  });
});
