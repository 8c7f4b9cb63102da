import { Logger } from '@nestjs/common';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config';
import { AccessKeyStore } from './access-key-store';

const config = (over: Partial<AppConfig>) => ({ inboundKeys: [], ...over }) as AppConfig;

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe(AccessKeyStore.name, () => {
  let dir: string;
  const stores: AccessKeyStore[] = [];
  const make = (over: Partial<AppConfig>) => {
    const store = new AccessKeyStore(config(over));
    stores.push(store);
    return store;
  };
  beforeAll(() => Logger.overrideLogger(false));
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'droid2api-keys-'))));
  afterEach(() => {
    stores.splice(0).forEach((store) => store.onModuleDestroy());
    rmSync(dir, { recursive: true, force: true });
  });

  it('is off without keys and matches nothing', () => {
    const store = make({});
    expect(store.enabled).toBe(false);
    expect(store.match('anything')).toBeUndefined();
  });

  it('matches PROXY_API_KEYS entries to their names, and nothing else (prefixes, suffixes, empty)', () => {
    const store = make({ inboundKeys: ['ci:sk-ci-0123456789abcdef', 'sk-bare-0123456789abcdef'] });
    expect(store.enabled).toBe(true);
    expect(store.match('sk-ci-0123456789abcdef')).toBe('ci');
    expect(store.match('sk-bare-0123456789abcdef')).toBe('key-2');
    expect(store.match('sk-ci-0123456789abcde')).toBeUndefined();
    expect(store.match('sk-ci-0123456789abcdefX')).toBeUndefined();
    expect(store.match('')).toBeUndefined();
  });

  it('reads the keys file and picks up a rotation (atomic rename) without restart', async () => {
    const file = join(dir, 'keys');
    writeFileSync(file, 'ci:sk-old-0123456789abcdef\n');
    const store = make({ inboundKeysFile: file });
    expect(store.match('sk-old-0123456789abcdef')).toBe('ci');

    writeFileSync(join(dir, 'keys.new'), 'ci:sk-new-0123456789abcdef\nops:sk-ops-0123456789abcdef\n');
    renameSync(join(dir, 'keys.new'), file);
    await until(() => store.match('sk-new-0123456789abcdef') === 'ci');
    expect(store.match('sk-old-0123456789abcdef')).toBeUndefined();
    expect(store.names()).toEqual(['ci', 'ops']);
  });

  it('keeps the last keys while the file is missing, and stays closed when it is missing from the start', async () => {
    const file = join(dir, 'keys');
    writeFileSync(file, 'ci:sk-ci-0123456789abcdef\n');
    const store = make({ inboundKeysFile: file });
    rmSync(file);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(store.match('sk-ci-0123456789abcdef')).toBe('ci');

    const missing = make({ inboundKeysFile: join(dir, 'nothing-here') });
    expect(missing.enabled).toBe(true);
    expect(missing.match('sk-ci-0123456789abcdef')).toBeUndefined();
  });

  it('accepts env and file keys together', () => {
    const file = join(dir, 'keys');
    writeFileSync(file, 'file:sk-file-0123456789abcdef\n');
    const store = make({ inboundKeys: ['env:sk-env-0123456789abcdef'], inboundKeysFile: file });
    expect(store.match('sk-env-0123456789abcdef')).toBe('env');
    expect(store.match('sk-file-0123456789abcdef')).toBe('file');
  });
});
