/**
 * Static checks of the deployment files under docker/ and of .env.example. No container engine or cluster runs
 * here, so this checks what can be checked offline: every file parses, manifests reference each other correctly,
 * probes, grace periods and security settings agree with the service, and the env file follows the code.
 * kubectl and helm are used when they are on PATH (and a client dry-run when an API server answers); otherwise those
 * tests are reported as skipped, with the reason in their name, never as passed.
 */
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { parse, parseAllDocuments } from 'yaml';
import { environmentVariableNames } from '../src/config/environment.schema';
import { loadAppConfig } from '../src/config/load-app-config';

const ROOT = join(__dirname, '..');
const DOCKER = join(ROOT, 'docker');
const K8S = join(DOCKER, 'k8s');
const CHART = join(DOCKER, 'helm', 'droid2api');
const CONTAINER_PORT = 3000;
/** The image's service user; Kubernetes runAsUser/fsGroup must match it for /data to be writable. */
const SERVICE_UID = 10001;
const DRAIN_MARGIN_S = 5;
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
/** The highest peak RSS the README records (bench and soak, "Performance"): the memory limits must leave room above it. */
const MEASURED_PEAK_MB = Math.max(...[...README.matchAll(/peak(?: RSS)?[^.|]{0,60}?\b(\d{3,4}) MB/g)].map(([, mb]) => Number(mb)));
/** Mebibytes from a Kubernetes quantity such as 768Mi or 1Gi. */
function mebibytes(quantity: string): number {
  const match = /^(\d+)(Mi|Gi)$/.exec(quantity);
  if (!match) throw new Error(`unexpected memory quantity ${quantity}`);
  return Number(match[1]) * (match[2] === 'Gi' ? 1024 : 1);
}

type Doc = Record<string, any>;

const read = (path: string): string => readFileSync(path, 'utf8');

/** All non-empty documents of a (multi-document) YAML file; a syntax error fails with the file name. */
function yamlDocs(path: string): Doc[] {
  const docs = parseAllDocuments(read(path));
  for (const doc of docs) {
    if (doc.errors.length) throw new Error(`${path}: ${doc.errors.map((error) => error.message).join('; ')}`);
  }
  return docs.map((doc) => doc.toJS() as Doc | null).filter((doc): doc is Doc => doc != null);
}

function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).status === 0;
}

/**
 * `it` when nothing is missing, else `it.skip` with the reason in the title: a check that could not run is reported as
 * skipped, never as passed.
 */
function itUnless(missing: string | undefined): jest.It {
  if (!missing) return it;
  return ((title: string, fn?: jest.ProvidesCallback, timeout?: number) => it.skip(`${title} — skipped: ${missing}`, fn, timeout)) as jest.It;
}

const kubectlMissing = onPath('kubectl') ? undefined : 'kubectl not installed';
// No Debian package and no npm package ships a helm binary, so on these machines the chart is checked by reading its
// templates (the tests above) and rendered only where helm is installed.
const helmMissing = onPath('helm') ? undefined : 'helm not installed (no Debian or npm package provides it)';

/** Why a client dry-run cannot run: no kubectl, or no API server answering (a client dry-run still asks one). */
function apiServerMissing(): string | undefined {
  if (kubectlMissing) return kubectlMissing;
  const probe = spawnSync('kubectl', ['version', '--request-timeout=5s'], { encoding: 'utf8', timeout: 15_000 });
  return probe.status === 0 ? undefined : 'no reachable Kubernetes API server';
}

function run(command: string, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

/** Seconds from a Compose duration such as "35s", "1m30s" or "500ms". */
function composeSeconds(duration: string): number {
  const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };
  return [...duration.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)].reduce((sum, [, n, unit]) => sum + Number(n) * units[unit], 0);
}

describe('Kubernetes manifests (docker/k8s)', () => {
  const files = readdirSync(K8S).filter((name) => /\.ya?ml$/.test(name) && name !== 'kustomization.yaml');
  // *.example.yaml files are documentation for resources the operator creates: never applied by the kustomization.
  const examples = files.filter((name) => name.endsWith('.example.yaml'));
  const byFile = new Map(files.filter((name) => !examples.includes(name)).map((name) => [name, yamlDocs(join(K8S, name))]));
  const manifests = [...byFile.values()].flat();
  const find = (kind: string): Doc[] => manifests.filter((doc) => doc.kind === kind);
  const named = (kind: string, name: string): Doc => find(kind).find((doc) => doc.metadata.name === name)!;
  const [deployment] = find('Deployment');
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];
  const envValue = (name: string): string | undefined => container.env?.find((e: Doc) => e.name === name)?.value;

  it('parses, and every document has apiVersion, kind and metadata.name and no fixed namespace', () => {
    expect(manifests.length).toBeGreaterThanOrEqual(6);
    for (const doc of manifests) {
      expect(doc).toEqual(expect.objectContaining({ apiVersion: expect.any(String), kind: expect.any(String) }));
      expect(doc.metadata?.name).toEqual(expect.any(String));
      expect(doc.metadata?.namespace).toBeUndefined();
    }
  });

  it('has a kustomization that lists existing files and every manifest with content', () => {
    const kustomization = parse(read(join(K8S, 'kustomization.yaml'))) as Doc;
    const resources = kustomization.resources as string[];
    for (const resource of resources) expect(existsSync(join(K8S, resource))).toBe(true);
    const withContent = [...byFile.keys()].filter((name) => byFile.get(name)!.length > 0);
    expect([...resources].sort()).toEqual([...withContent].sort());
    expect(resources.filter((resource) => resource.includes('secret'))).toEqual([]);
  });

  it('ships the Secret only as an example whose comments describe what exists', () => {
    expect(examples).toEqual(['secret.example.yaml']);
    const text = read(join(K8S, 'secret.example.yaml'));
    const [secret] = yamlDocs(join(K8S, 'secret.example.yaml'));
    expect(secret.metadata.name).toBe(container.envFrom[0].secretRef.name);
    expect(text).not.toMatch(/later release|arrives with/i);
    for (const key of ['PROXY_API_KEYS', 'ADMIN_API_KEY', 'METRICS_API_KEY', 'REDIS_PASSWORD']) expect(Object.keys(secret.stringData)).toContain(key);
    expect(Object.values(secret.stringData as Record<string, string>).every((value) => value === '')).toBe(true);
  });

  it('runs 3 stateless replicas on the bundled Redis with rolling updates that never lower capacity', () => {
    expect(deployment.spec.replicas).toBe(3);
    expect(deployment.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } });
    expect(find('PersistentVolumeClaim')).toEqual([]);
    expect(pod.volumes.filter((volume: Doc) => volume.persistentVolumeClaim)).toEqual([]);
    const redisService = named('Service', 'droid2api-redis');
    expect(envValue('REDIS_URL')).toBe(`redis://${redisService.metadata.name}:${redisService.spec.ports[0].port}/0`);
    const [redis] = find('StatefulSet');
    expect(redis.spec.template.metadata.labels).toEqual(expect.objectContaining(redisService.spec.selector));
    expect(redis.spec.replicas).toBe(1);
    expect(redis.spec.template.spec.containers[0].args.join(' ')).toContain('--appendonly yes');
    expect(redis.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toEqual(expect.any(String));
  });

  it('keeps two of three replicas through voluntary disruptions and spreads them across nodes', () => {
    const [pdb] = find('PodDisruptionBudget');
    expect(pdb.spec.maxUnavailable).toBe(1);
    expect(deployment.spec.template.metadata.labels).toEqual(expect.objectContaining(pdb.spec.selector.matchLabels));
    const [spread] = pod.topologySpreadConstraints;
    expect(spread).toEqual(expect.objectContaining({ topologyKey: 'kubernetes.io/hostname', maxSkew: 1 }));
    expect(deployment.spec.template.metadata.labels).toEqual(expect.objectContaining(spread.labelSelector.matchLabels));
  });

  it('pauses in preStop and gives pause + de-registration + drain time before SIGKILL', () => {
    const pause = container.lifecycle.preStop.exec.command.join(' ');
    const pauseMs = Number(/setTimeout\(\(\) => \{\}, (\d+)\)/.exec(pause)?.[1]);
    expect(pauseMs).toBeGreaterThanOrEqual(5_000);
    const total = pauseMs + Number(envValue('SHUTDOWN_DEREGISTER_MS')) + Number(envValue('SHUTDOWN_GRACE_MS'));
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(total / 1000 + DRAIN_MARGIN_S);
  });

  it('leaves room above the measured peak memory, with the V8 heap capped below the limit', () => {
    expect(MEASURED_PEAK_MB).toBeGreaterThanOrEqual(250);
    const limit = mebibytes(container.resources.limits.memory);
    expect(limit).toBeGreaterThan(MEASURED_PEAK_MB * 1.25);
    const heap = Number(/--max-old-space-size=(\d+)/.exec(envValue('NODE_OPTIONS') ?? '')?.[1]);
    expect(heap).toBeLessThan(limit);
  });

  it('does not publish /metrics through the Ingress', () => {
    const paths = find('Ingress')[0].spec.rules[0].http.paths as Doc[];
    const routes = (path: string) => paths.some((rule) => (rule.pathType === 'Exact' ? rule.path === path : path.startsWith(rule.path)));
    expect(routes('/metrics')).toBe(false);
    expect(routes('/v1/messages')).toBe(true);
    expect(routes('/admin/accounts')).toBe(true);
  });

  it('probes /health/live (startup, liveness) and /health (readiness) on the container port', () => {
    const portOk = (port: string | number): boolean =>
      container.ports.some((p: Doc) => (p.name === port || p.containerPort === port) && p.containerPort === CONTAINER_PORT);
    const probes = { startupProbe: '/health/live', livenessProbe: '/health/live', readinessProbe: '/health' };
    for (const [probe, path] of Object.entries(probes)) {
      expect(container[probe]?.httpGet?.path).toBe(path);
      expect(portOk(container[probe].httpGet.port)).toBe(true);
    }
    expect(envValue('PORT')).toBe(String(CONTAINER_PORT));
  });

  it('gives the drain time to finish before SIGKILL', () => {
    const graceMs = Number(envValue('SHUTDOWN_GRACE_MS') ?? 30_000);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(35);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(graceMs / 1000 + DRAIN_MARGIN_S);
  });

  it('runs as non-root with a read-only root, no capabilities and bounded resources', () => {
    const runAsUser = container.securityContext?.runAsUser ?? pod.securityContext?.runAsUser;
    expect(container.securityContext?.runAsNonRoot ?? pod.securityContext?.runAsNonRoot).toBe(true);
    expect(runAsUser).toBe(SERVICE_UID);
    expect(pod.securityContext.fsGroup).toBe(SERVICE_UID);
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(container.securityContext.allowPrivilegeEscalation).toBe(false);
    expect(container.securityContext.capabilities.drop).toContain('ALL');
    const tmp = container.volumeMounts.find((m: Doc) => m.mountPath === '/tmp');
    expect(pod.volumes.find((v: Doc) => v.name === tmp?.name)?.emptyDir).toBeDefined();
    for (const key of ['requests', 'limits']) expect(Object.keys(container.resources[key]).sort()).toEqual(['cpu', 'memory']);
  });

  it('wires the ConfigMap, seed Secret, Service and Ingress to each other by name', () => {
    const names = (kind: string): string[] => find(kind).map((doc) => doc.metadata.name);
    const volume = (mountPath: string): Doc => {
      const mount = container.volumeMounts.find((m: Doc) => m.mountPath === mountPath);
      return pod.volumes.find((v: Doc) => v.name === mount?.name);
    };
    expect(envValue('CONFIG_PATH')).toBe('/app/config/config.json');
    expect(envValue('DATA_DIR')).toBe('/data');
    expect(names('ConfigMap')).toContain(volume('/app/config').configMap.name);
    expect(volume('/data').emptyDir).toBeDefined();
    expect(volume('/seed').secret).toEqual(expect.objectContaining({ optional: true }));
    expect(envValue('ACCOUNTS_PATH')).toBe('/seed/accounts.json');

    const service = named('Service', 'droid2api');
    expect(deployment.spec.template.metadata.labels).toEqual(expect.objectContaining(service.spec.selector));
    expect(deployment.spec.selector.matchLabels).toEqual(expect.objectContaining(service.spec.selector));
    const servicePort = service.spec.ports[0];
    expect(container.ports.map((p: Doc) => p.name)).toContain(servicePort.targetPort);

    const backend = find('Ingress')[0].spec.rules[0].http.paths[0].backend.service;
    expect(backend.name).toBe(service.metadata.name);
    if (backend.port.name) expect(backend.port.name).toBe(servicePort.name);
    else expect(backend.port.number).toBe(servicePort.port);
  });

  it('ships a config.json in the ConfigMap that the service accepts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'droid2api-k8s-config-'));
    try {
      writeFileSync(join(dir, 'config.json'), find('ConfigMap')[0].data['config.json']);
      const config = loadAppConfig({ CONFIG_PATH: 'config.json', HOME: dir }, dir);
      expect(config.models.length).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('annotates for streaming through ingress-nginx and for Prometheus scraping', () => {
    const annotations = find('Ingress')[0].metadata.annotations as Record<string, string>;
    const nginx = (key: string): string => annotations[`nginx.ingress.kubernetes.io/${key}`];
    expect(nginx('proxy-buffering')).toBe('off');
    expect(Number(nginx('proxy-read-timeout'))).toBeGreaterThanOrEqual(3600);
    expect(Number(nginx('proxy-send-timeout'))).toBeGreaterThanOrEqual(3600);
    expect(nginx('proxy-body-size')).toBe('50m');
    expect(deployment.spec.template.metadata.annotations['prometheus.io/scrape']).toBe('true');
  });

  it('keeps a commented ServiceMonitor that becomes valid when uncommented', () => {
    // The manifest starts at its `# apiVersion:` line; the lines above it are prose.
    const lines = read(join(K8S, 'servicemonitor.yaml')).split('\n');
    const uncommented = lines
      .slice(lines.findIndex((line) => line.startsWith('# apiVersion:')))
      .map((line) => line.replace(/^# ?/, ''))
      .join('\n');
    const monitor = parse(uncommented) as Doc;
    expect(monitor.kind).toBe('ServiceMonitor');
    expect(named('Service', 'droid2api').metadata.labels).toEqual(expect.objectContaining(monitor.spec.selector.matchLabels));
    expect(monitor.spec.endpoints[0]).toEqual(expect.objectContaining({ port: 'http', path: '/metrics' }));
  });

  itUnless(kubectlMissing)(
    'builds with kubectl kustomize into every manifest',
    () => {
      const built = run('kubectl', ['kustomize', 'docker/k8s']);
      expect(built.status).toBe(0);
      expect(parseAllDocuments(built.output).length).toBe(manifests.length);
    },
    150_000,
  );

  itUnless(apiServerMissing())(
    'passes kubectl apply --dry-run=client',
    () => {
      const listed = [...byFile.keys()].filter((name) => byFile.get(name)!.length > 0).flatMap((name) => ['-f', `docker/k8s/${name}`]);
      expect(run('kubectl', ['apply', '--dry-run=client', '--validate=false', ...listed])).toEqual(expect.objectContaining({ status: 0 }));
    },
    150_000,
  );
});

describe('Docker Compose files', () => {
  // Compose's `!override` tag (replace a list instead of appending to it) is kept as the plain list.
  const override = { tag: '!override', collection: 'seq' as const, resolve: (value: unknown) => value };
  const compose = (name: string): Doc => parse(read(join(DOCKER, name)), { customTags: [override] }) as Doc;

  it.each(['docker-compose.yml', 'docker-compose.prod.yml'])('%s mounts config read-only and a data volume', (name) => {
    const file = compose(name);
    const service = file.services.droid2api;
    const config = service.volumes.find((v: Doc) => v.target === '/app/config/config.json');
    expect(config).toEqual(expect.objectContaining({ type: 'bind', read_only: true }));
    expect(existsSync(join(DOCKER, config.source))).toBe(true);
    const data = service.volumes.find((v: Doc) => v.target === '/data');
    expect(data.type).toBe('volume');
    expect(Object.keys(file.volumes)).toContain(data.source);
    expect(service.env_file).toEqual([{ path: '../.env', required: false }]);
    expect(service.environment).toEqual(expect.objectContaining({ DATA_DIR: '/data', PORT: String(CONTAINER_PORT) }));
    expect(service.ports).toContain(`${CONTAINER_PORT}:${CONTAINER_PORT}`);
    expect(service.healthcheck.test.join(' ')).toContain('/health/live');
    // SHUTDOWN_DEREGISTER_MS (5 s) + SHUTDOWN_GRACE_MS (30 s) + margin.
    expect(composeSeconds(service.stop_grace_period)).toBeGreaterThanOrEqual(5 + 30 + DRAIN_MARGIN_S);
  });

  it('adds two replicas on a Redis with AOF and a healthcheck in the Redis overlay', () => {
    const { services, volumes } = compose('docker-compose.redis.yml');
    expect(services.droid2api.deploy.replicas).toBe(2);
    expect(services.droid2api.environment.REDIS_URL).toBe('${REDIS_URL:-redis://redis:6379/0}');
    expect(services.droid2api.depends_on.redis.condition).toBe('service_healthy');
    expect(services.redis.command.join(' ')).toContain('--appendonly yes');
    expect(services.redis.healthcheck.test.join(' ')).toContain('ping');
    expect(Object.keys(volumes)).toContain(services.redis.volumes[0].source);
    expect(read(join(DOCKER, 'docker-compose.redis.yml'))).toContain('ports: !override');
    expect(services.droid2api.ports).toEqual(['3000-3001:3000']);
  });

  it('builds from the repository root with docker/Dockerfile', () => {
    const { build } = compose('docker-compose.yml').services.droid2api;
    expect(existsSync(join(DOCKER, build.context, build.dockerfile))).toBe(true);
  });

  it('runs the prebuilt image in prod, with cloudflared only under the tunnel profile', () => {
    const { services } = compose('docker-compose.prod.yml');
    expect(services.droid2api.image).toBe('droid2api:latest');
    expect(services.droid2api.build).toBeUndefined();
    expect(services.cloudflared.profiles).toEqual(['tunnel']);
    expect(services.cloudflared.image).toMatch(/^cloudflare\/cloudflared:/);
    expect(services.cloudflared.command).toBe('tunnel --no-autoupdate run');
    expect(Object.keys(services.cloudflared.environment)).toEqual(['TUNNEL_TOKEN']);
  });
});

describe('Dockerfile', () => {
  // Instructions with line continuations joined and comments dropped.
  const instructions = read(join(DOCKER, 'Dockerfile'))
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => ({ op: line.split(/\s+/)[0].toUpperCase(), args: line.slice(line.indexOf(' ') + 1).trim() }));
  const lastFrom = instructions.map((i) => i.op).lastIndexOf('FROM');
  const runtime = instructions.slice(lastFrom);
  const arg = (op: string): string[] => runtime.filter((i) => i.op === op).map((i) => i.args);

  it('is multi-stage and runs the final stage as a non-root user', () => {
    expect(instructions.filter((i) => i.op === 'FROM').length).toBeGreaterThanOrEqual(2);
    const user = arg('USER').at(-1) ?? 'root';
    expect(user.split(':')[0]).not.toMatch(/^(root|0)$/);
    expect(user).toBe(`${SERVICE_UID}:${SERVICE_UID}`);
  });

  it('builds and runs on the Node.js line CI tests the suite on (.ci/run NODE_LTS_MAJOR), in both stages', () => {
    const major = /^NODE_LTS_MAJOR=(\d+)$/m.exec(read(join(ROOT, '.ci', 'run')))?.[1];
    expect(major).toBeDefined();
    const images = instructions.filter((i) => i.op === 'FROM').map((i) => i.args.split(/\s+/)[0]);
    expect(images.length).toBeGreaterThanOrEqual(2);
    for (const image of images) expect(image).toMatch(new RegExp(`^node:${major}-[a-z]+-slim$`));
  });

  it('health-checks /health/live, stops with SIGTERM and starts dist/main.js', () => {
    expect(arg('HEALTHCHECK').join(' ')).toContain('/health/live');
    expect(arg('STOPSIGNAL')).toEqual(['SIGTERM']);
    expect(arg('EXPOSE')).toEqual([String(CONTAINER_PORT)]);
    expect(JSON.parse(arg('CMD')[0])).toEqual(['node', 'dist/main.js']);
    expect(arg('ENV').join(' ')).toMatch(/NODE_ENV=production/);
  });

  it('copies only sources that exist and that the build-context allowlist lets through', () => {
    const allowed = read(join(DOCKER, 'Dockerfile.dockerignore'))
      .split('\n')
      .filter((line) => line.startsWith('!'))
      .map((line) => line.slice(1).replace(/\/$/, ''));
    const sources = instructions
      .filter((i) => i.op === 'COPY' && !i.args.includes('--from='))
      .flatMap((i) => i.args.split(/\s+/).filter((word) => !word.startsWith('--')).slice(0, -1));
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect(existsSync(join(ROOT, source))).toBe(true);
      expect(allowed).toContain(source.replace(/\/$/, ''));
    }
  });
});

describe('Helm chart (docker/helm/droid2api)', () => {
  const chart = parse(read(join(CHART, 'Chart.yaml'))) as Doc;
  const values = parse(read(join(CHART, 'values.yaml'))) as Doc;
  const templateDir = join(CHART, 'templates');
  const templates = readdirSync(templateDir).map((name) => ({ name, text: read(join(templateDir, name)) }));

  it('has a v2 Chart.yaml and parseable values', () => {
    expect(chart).toEqual(expect.objectContaining({ apiVersion: 'v2', name: 'droid2api', type: 'application' }));
    expect(chart.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(values.probes.liveness.path).toBe('/health/live');
    expect(values.probes.readiness.path).toBe('/health');
    expect(values.ingress.annotations['nginx.ingress.kubernetes.io/proxy-buffering']).toBe('off');
    expect(values.podSecurityContext).toEqual(expect.objectContaining({ runAsNonRoot: true, runAsUser: SERVICE_UID }));
    expect(values.containerPort).toBe(CONTAINER_PORT);
  });

  it('references only .Values paths that values.yaml defines', () => {
    const missing: string[] = [];
    for (const { name, text } of templates) {
      for (const [, path] of text.matchAll(/\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/g)) {
        let node: unknown = values;
        for (const key of path.slice(1).split('.')) {
          const exists = typeof node === 'object' && node !== null && key in node;
          node = exists ? (node as Doc)[key] : undefined;
          if (!exists) {
            missing.push(`${name}: .Values${path}`);
            break;
          }
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('has balanced template actions and blocks', () => {
    for (const { name, text } of templates) {
      const actions = [...text.matchAll(/\{\{-?\s*(.*?)\s*-?\}\}/gs)].map(([, body]) => body);
      expect({ name, open: text.split('{{').length }).toEqual({ name, open: text.split('}}').length });
      const opened = actions.filter((a) => /^(if|with|range|define|block)\b/.test(a)).length;
      expect({ name, blocks: opened }).toEqual({ name, blocks: actions.filter((a) => a === 'end').length });
    }
  });

  const template = (name: string): string => templates.find((entry) => entry.name === name)!.text;

  it('defaults to 3 replicas with rolling updates on the bundled Redis, and to 1 replica with Recreate without Redis', () => {
    expect(values.replicaCount).toBe(3);
    expect(values.redis.bundled.enabled).toBe(true);
    const deployment = template('deployment.yaml');
    // The two branches of the strategy, chosen by whether any Redis is configured.
    const [withRedis, withoutRedis] = deployment.split('{{- else }}');
    expect(withRedis).toMatch(/replicas: \{\{ \.Values\.replicaCount \}\}[\s\S]*type: RollingUpdate[\s\S]*maxUnavailable: 0/);
    expect(withoutRedis).toMatch(/replicas: 1[\s\S]*type: Recreate/);
    expect(deployment).toContain('{{- $redis := include "droid2api.redisMode" . }}');
    expect(template('_helpers.tpl')).toMatch(/define "droid2api.redisMode"[\s\S]*external\.url[\s\S]*bundled\.enabled/);
    // PVC only in file mode; PDB and the bundled StatefulSet only with Redis.
    expect(template('pvc.yaml')).toContain('(not (include "droid2api.redisMode" .))');
    expect(template('pdb.yaml')).toMatch(/^\{\{- if include "droid2api.redisMode" \. \}\}/);
    expect(template('redis.yaml')).toMatch(/^\{\{- if eq \(include "droid2api.redisMode" \.\) "bundled" \}\}/);
    expect(template('redis.yaml')).toContain('--appendonly yes');
    expect(deployment).toContain('topologySpreadConstraints');
    expect(deployment).toContain('preStop');
  });

  it('ties the grace period to preStop pause + de-registration + drain, and leaves room above the measured peak memory', () => {
    expect(template('deployment.yaml')).toContain(
      'terminationGracePeriodSeconds: {{ add .Values.preStopPauseSeconds (div .Values.shutdownDeregisterMs 1000) (div .Values.shutdownGraceMs 1000) 5 }}',
    );
    expect(mebibytes(values.resources.limits.memory)).toBeGreaterThan(MEASURED_PEAK_MB * 1.25);
  });

  it('uses the image tag the README builds', () => {
    const pkg = JSON.parse(read(join(ROOT, 'package.json'))) as { version: string };
    expect(chart.appVersion).toBe(pkg.version);
    expect(values.image.tag || chart.appVersion).toBe(pkg.version);
    expect(README).toContain(`docker build -f docker/Dockerfile -t ${values.image.repository}:${chart.appVersion}`);
  });

  it('never routes /metrics through its Ingress', () => {
    const paths = values.ingress.paths as { path: string; pathType: string }[];
    const routes = (path: string) => paths.some((rule) => (rule.pathType === 'Exact' ? rule.path === path : path.startsWith(rule.path)));
    expect(routes('/metrics')).toBe(false);
    expect(routes('/v1/chat/completions')).toBe(true);
  });

  itUnless(helmMissing)(
    'passes helm lint and template, with Redis (3 replicas, no PVC) and without (1 replica, Recreate)',
    () => {
      expect(run('helm', ['lint', CHART])).toEqual(expect.objectContaining({ status: 0 }));
      const rendered = run('helm', ['template', 'droid2api', CHART, '--set', 'ingress.enabled=true,serviceMonitor.enabled=true']);
      expect(rendered).toEqual(expect.objectContaining({ status: 0 }));
      const docs = parseAllDocuments(rendered.output).map((doc) => doc.toJS() as Doc).filter(Boolean);
      expect(docs.find((doc) => doc.kind === 'Deployment')!.spec.replicas).toBe(3);
      expect(docs.some((doc) => doc.kind === 'PersistentVolumeClaim')).toBe(false);
      const fileMode = run('helm', ['template', 'droid2api', CHART, '--set', 'redis.bundled.enabled=false']);
      const fileDocs = parseAllDocuments(fileMode.output).map((doc) => doc.toJS() as Doc).filter(Boolean);
      expect(fileDocs.find((doc) => doc.kind === 'Deployment')!.spec).toEqual(expect.objectContaining({ replicas: 1, strategy: { type: 'Recreate' } }));
    },
    150_000,
  );
});

describe('.env.example', () => {
  const text = read(join(ROOT, '.env.example'));
  const assigned = parseEnv(text);
  // Follows the code: every variable the environment schema declares (src/config/environment.schema.ts), which is
  // everything the gateway reads and validates.
  const readByCode = new Set(environmentVariableNames());
  // Set by the operating system, not by the operator: mentioned in a comment rather than assigned.
  const osProvided = new Set(['HOME']);

  it('lists every variable the service reads', () => {
    expect(readByCode.size).toBeGreaterThanOrEqual(10);
    expect(readByCode).toContain('CONFIG_PATH');
    const missing = [...readByCode].filter((name) =>
      osProvided.has(name) ? !new RegExp(`\\b${name}\\b`).test(text) : !(name in assigned),
    );
    expect(missing).toEqual([]);
  });

  it('lists the deployment and later-phase variables too, each once', () => {
    const expected = ['TUNNEL_TOKEN', 'ADMIN_API_KEY', 'METRICS_API_KEY', 'SSE_KEEPALIVE_MS', 'TRUSTED_PROXIES'];
    for (const name of expected) expect(Object.keys(assigned)).toContain(name);
    expect(Object.keys(assigned).filter((name) => name.startsWith('ALIYUN_'))).toHaveLength(5);
    const names = [...text.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map(([, name]) => name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('holds no secret values', () => {
    const secrets = Object.entries(assigned).filter(([name, value]) => /KEY|SECRET|TOKEN/.test(name) && value !== '');
    expect(secrets).toEqual([]);
  });
});
