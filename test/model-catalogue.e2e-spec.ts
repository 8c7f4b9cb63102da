import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { configFileFor } from './ops-helpers';
import { FakeUpstream } from './support/fake-upstream';
import { rawPost } from './support/gateway-fixture';
import { REPO_ROOT, startApp, type StartedApp } from './support/start-app';

/**
 * The bundled catalogue over HTTP: current models, Claude Code's ids landing on the newest model of their family,
 * and every substitution logged once.
 */

interface BundledModel {
  id: string;
  type: string;
}

const bundled = JSON.parse(readFileSync(join(REPO_ROOT, 'config/config.json'), 'utf8')) as { models: BundledModel[]; user_agent: string };

describe('the bundled model catalogue', () => {
  let fake: FakeUpstream;
  let app: StartedApp;

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    app = await startApp({ configFile: configFileFor(fake), env: { FACTORY_API_KEY: 'fk-catalogue-e2e' } });
  });
  afterAll(async () => {
    await app.close();
    await fake.close();
  });
  beforeEach(() => fake.reset());

  it('lists the upstream project’s current models, MiniMax M2.5 as an Anthropic-type model, and its user agent', async () => {
    const listed = (await (await fetch(`${app.url}/v1/models`)).json()) as { data: { id: string }[] };
    const ids = listed.data.map((entry) => entry.id);
    for (const id of ['claude-opus-4-6', 'claude-sonnet-4-6', 'gpt-5.4', 'gpt-5.3-codex', 'glm-5', 'gemini-3.1-pro-preview', 'kimi-k2.5', 'minimax-m2.5']) {
      expect(ids).toContain(id);
    }
    expect(bundled.models.find((model) => model.id === 'minimax-m2.5')?.type).toBe('anthropic');
    expect(bundled.user_agent).toBe('factory-cli/0.85.0');
  });

  it.each([
    ['claude-sonnet-4-20250514', 'claude-sonnet-4-6'],
    ['claude-3-7-sonnet-20250219', 'claude-sonnet-4-6'],
    ['claude-opus-4-1-20250805', 'claude-opus-4-6'],
    ['claude-3-5-haiku-20241022', 'claude-haiku-4-5-20251001'],
  ])('Claude Code’s %s reaches Factory as %s, logged once at info level', async (requested, resolved) => {
    const body = { model: requested, max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] };
    for (let i = 0; i < 3; i += 1) expect((await rawPost(`${app.url}/v1/messages`, body)).status).toBe(200);
    expect(fake.requestsTo('/a/v1/messages').map((request) => request.body.model)).toEqual([resolved, resolved, resolved]);

    await app.logs.waitForLine((line) => line.msg === 'model redirected' && line.requested === requested);
    const lines = app.logs.lines().filter((line) => line.msg === 'model redirected' && line.requested === requested);
    expect(lines).toEqual([expect.objectContaining({ level: 'info', context: 'Models', requested, resolved, rule: expect.any(String) })]);
  });

  it('a configured id is served as asked, without a redirect line', async () => {
    const body = { model: 'claude-sonnet-4-6', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] };
    expect((await rawPost(`${app.url}/v1/messages`, body)).status).toBe(200);
    expect(fake.lastRequest('/a/v1/messages')?.body.model).toBe('claude-sonnet-4-6');
    expect(app.logs.lines().some((line) => line.msg === 'model redirected' && line.requested === 'claude-sonnet-4-6')).toBe(false);
  });

  it('the Kubernetes ConfigMap ships the same catalogue', () => {
    const configMap = parseAllDocuments(readFileSync(join(REPO_ROOT, 'docker/k8s/configmap.yaml'), 'utf8'))
      .map((doc) => doc.toJS() as Record<string, any> | null)
      .find((doc) => doc?.kind === 'ConfigMap');
    expect(JSON.parse(configMap!.data['config.json'])).toEqual(JSON.parse(readFileSync(join(REPO_ROOT, 'config/config.json'), 'utf8')));
  });
});
