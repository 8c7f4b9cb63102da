import { request as httpRequest } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { startApp, type StartedApp } from './support/start-app';

/**
 * A keyless in-cluster deployment keeps working behind the Host check: the Kubernetes manifests and the Helm chart
 * give the gateway the names its ingress and in-cluster callers use, and a gateway started with exactly that
 * ALLOWED_HOSTS serves them.
 */

const ROOT = join(__dirname, '..');
type Doc = Record<string, any>;

const docs = (path: string): Doc[] =>
  parseAllDocuments(readFileSync(join(ROOT, path), 'utf8'))
    .map((doc) => doc.toJS() as Doc | null)
    .filter((doc): doc is Doc => doc != null);

function getStatus(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { agent: false, headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('ALLOWED_HOSTS in the deployment files', () => {
  const deployment = docs('docker/k8s/deployment.yaml').find((doc) => doc.kind === 'Deployment')!;
  const env: { name: string; value?: string }[] = deployment.spec.template.spec.containers[0].env;
  const allowedHosts = env.find((entry) => entry.name === 'ALLOWED_HOSTS')?.value ?? '';
  const ingressHosts: string[] = docs('docker/k8s/ingress.yaml')
    .filter((doc) => doc.kind === 'Ingress')
    .flatMap((doc) => doc.spec.rules.map((rule: { host: string }) => rule.host));
  const serviceName: string = docs('docker/k8s/service.yaml').find((doc) => doc.kind === 'Service')!.metadata.name;
  let app: StartedApp;

  beforeAll(async () => {
    app = await startApp({ env: { ALLOWED_HOSTS: allowedHosts } });
  });
  afterAll(() => app.close());

  it('the Kubernetes deployment names the ingress host and the service', () => {
    expect(ingressHosts.length).toBeGreaterThan(0);
    const names = allowedHosts.split(',');
    for (const host of [...ingressHosts, serviceName]) expect(names).toContain(host);
  });

  it('a keyless gateway with it serves the ingress host, the service name and cluster DNS names, and nothing else', async () => {
    const served = [...ingressHosts, `${serviceName}:80`, `${serviceName}.default.svc:80`, `${serviceName}.team-a.svc.cluster.local`, '10.42.0.9:3000'];
    for (const host of served) expect([host, await getStatus(`${app.url}/v1/models`, host)]).toEqual([host, 200]);
    expect(await getStatus(`${app.url}/v1/models`, 'rebound.attacker.example')).toBe(403);
  });

  it('the Helm chart sets it from the ingress host and the release name', () => {
    const template = readFileSync(join(ROOT, 'docker/helm/droid2api/templates/deployment.yaml'), 'utf8');
    const entry = /- name: ALLOWED_HOSTS\n\s+value: (.+)/.exec(template)?.[1] ?? '';
    expect(entry).toContain('.Values.ingress.host');
    expect(entry).toContain('include "droid2api.fullname" .');
    expect(entry).toContain('.svc.cluster.local');
  });
});
