import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeSteps, writeFileAtomic, type AtomicWriteSteps } from './atomic-file';

class SimulatedCrash extends Error {}

/** Steps where `step` dies and nothing after it runs, as if the process was killed right there. */
function crashingAt(step: keyof AtomicWriteSteps): AtomicWriteSteps {
  const crash = () => Promise.reject(new SimulatedCrash(step));
  // `remove` does nothing: a killed process never reaches the cleanup of an ordinary failure.
  const steps: AtomicWriteSteps = { ...nodeSteps, [step]: crash, remove: async () => undefined };
  if (step === 'close') {
    // The kernel closes a killed process's files; leaving the handle open instead would be a leak the test made (Node
    // 26 turns a FileHandle closed by the garbage collector into an uncaught error).
    steps.close = async (handle) => {
      await handle.close();
      throw new SimulatedCrash('close');
    };
  }
  if (step === 'write') {
    // Half the bytes reach the temp file before the crash.
    steps.write = async (handle, data) => {
      await handle.write(data.subarray(0, Math.floor(data.length / 2)));
      throw new SimulatedCrash('write');
    };
  }
  return steps;
}

describe(writeFileAtomic.name, () => {
  let dir: string;
  let target: string;
  const OLD = JSON.stringify({ refresh_token: 'old', padding: 'x'.repeat(10_000) });
  const NEW = JSON.stringify({ refresh_token: 'new', padding: 'y'.repeat(20_000) });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'atomic-file-'));
    target = join(dir, 'auth.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the content with mode 0600, also over an existing 0644 file', async () => {
    writeFileSync(target, OLD, { mode: 0o644 });
    await writeFileAtomic(target, NEW);
    expect(readFileSync(target, 'utf8')).toBe(NEW);
    expect(statSync(target).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['auth.json']);
  });

  const before = ['openTemp', 'write', 'chmod', 'sync', 'close', 'rename'] as const;
  it.each(before)('a crash at %s leaves the old content whole, and the next write leaves no temp file', async (step) => {
    writeFileSync(target, OLD);
    await expect(writeFileAtomic(target, NEW, 0o600, crashingAt(step))).rejects.toBeInstanceOf(SimulatedCrash);
    expect(readFileSync(target, 'utf8')).toBe(OLD);
    // The crashed write left its temp file behind (except when it died before creating one).
    expect(readdirSync(dir)).toHaveLength(step === 'openTemp' ? 1 : 2);

    await writeFileAtomic(target, NEW);
    expect(readFileSync(target, 'utf8')).toBe(NEW);
    expect(readdirSync(dir)).toEqual(['auth.json']);
  });

  it('a crash after the rename (directory fsync) leaves the new content whole', async () => {
    writeFileSync(target, OLD);
    await expect(writeFileAtomic(target, NEW, 0o600, crashingAt('syncDir'))).rejects.toBeInstanceOf(SimulatedCrash);
    expect(readFileSync(target, 'utf8')).toBe(NEW);
    expect(readdirSync(dir)).toEqual(['auth.json']);
  });

  it('a crash before the first write ever leaves no target at all', async () => {
    await expect(writeFileAtomic(target, NEW, 0o600, crashingAt('sync'))).rejects.toBeInstanceOf(SimulatedCrash);
    expect(readdirSync(dir).filter((name) => name === 'auth.json')).toEqual([]);
  });

  it('an ordinary failure removes its own temp file', async () => {
    const failing: AtomicWriteSteps = { ...nodeSteps, rename: () => Promise.reject(new Error('EXDEV')) };
    await expect(writeFileAtomic(target, NEW, 0o600, failing)).rejects.toThrow('EXDEV');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('queues concurrent writes to one path: the last one wins and nothing is left over', async () => {
    await Promise.all(Array.from({ length: 25 }, (_, index) => writeFileAtomic(target, `v${index}`)));
    expect(readFileSync(target, 'utf8')).toBe('v24');
    expect(readdirSync(dir)).toEqual(['auth.json']);
  });

  it("sweeps a dead process's temp file but keeps a live one's and other files' temps", async () => {
    const dead = '.auth.json.99999999.0123456789ab.tmp';
    const live = '.auth.json.1.0123456789ab.tmp';
    const other = '.accounts.json.99999999.0123456789ab.tmp';
    for (const name of [dead, live, other]) writeFileSync(join(dir, name), 'partial');
    await writeFileAtomic(target, NEW);
    expect(readdirSync(dir).sort()).toEqual([other, live, 'auth.json'].sort());
  });
});
