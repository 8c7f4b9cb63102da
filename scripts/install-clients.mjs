#!/usr/bin/env node
// Installs the real CLI clients the e2e suite drives (Claude Code, Codex CLI) at the versions pinned in
// scripts/real-clients.json, into the git-ignored .cache/real-clients/. They weigh ~400 MB each with their native
// binaries, so they are not devDependencies: every `npm ci` and the Docker build stage would download them.
// Usage: node scripts/install-clients.mjs [claude|codex ...]   (no argument: all of them). Idempotent.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pins = JSON.parse(readFileSync(join(root, 'scripts', 'real-clients.json'), 'utf8'));
const cacheDir = join(root, '.cache', 'real-clients');

const wanted = process.argv.slice(2);
for (const name of wanted) {
  if (!pins[name]) {
    console.error(`unknown client '${name}'; known: ${Object.keys(pins).join(', ')}`);
    process.exit(2);
  }
}

for (const [name, pin] of Object.entries(pins)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  const prefix = join(cacheDir, `${name}-${pin.version}`);
  const bin = join(prefix, 'node_modules', '.bin', name);
  if (reportsVersion(bin, pin.version)) {
    console.log(`${name} ${pin.version}: already installed (${bin})`);
    continue;
  }
  console.log(`${name} ${pin.version}: installing ${pin.package}@${pin.version} into ${prefix}`);
  rmSync(prefix, { recursive: true, force: true });
  mkdirSync(prefix, { recursive: true });
  execFileSync(
    'npm',
    ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error', `${pin.package}@${pin.version}`],
    { stdio: 'inherit' },
  );
  // Claude Code's postinstall copies the platform's native binary over its placeholder; npm 11 skips install scripts
  // not approved in allowScripts, so it is run here explicitly (it is idempotent).
  const postinstall = join(prefix, 'node_modules', pin.package, 'install.cjs');
  if (existsSync(postinstall)) execFileSync(process.execPath, [postinstall], { cwd: dirname(postinstall), stdio: 'inherit' });
  if (!reportsVersion(bin, pin.version)) {
    console.error(`${name}: installed, but '${bin} --version' does not report ${pin.version}`);
    process.exit(1);
  }
  console.log(`${name} ${pin.version}: ok`);
}

function reportsVersion(bin, version) {
  if (!existsSync(bin)) return false;
  try {
    return execFileSync(bin, ['--version'], { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'ignore'] }).includes(version);
  } catch {
    return false;
  }
}
