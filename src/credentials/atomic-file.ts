import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * The file system steps of one atomic write, in order. Production uses `nodeSteps`; tests replace one step with a
 * failing one to simulate a crash at that point.
 */
export interface AtomicWriteSteps {
  openTemp(path: string, mode: number): Promise<FileHandle>;
  write(handle: FileHandle, data: Buffer): Promise<void>;
  /** The open() mode is filtered through the umask; chmod makes the mode exact. */
  chmod(handle: FileHandle, mode: number): Promise<void>;
  sync(handle: FileHandle): Promise<void>;
  close(handle: FileHandle): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** Makes the rename itself durable. */
  syncDir(dir: string): Promise<void>;
  list(dir: string): Promise<string[]>;
  remove(path: string): Promise<void>;
}

export const nodeSteps: AtomicWriteSteps = {
  openTemp: (path, mode) => fsp.open(path, 'wx', mode),
  write: async (handle, data) => handle.writeFile(data),
  chmod: (handle, mode) => handle.chmod(mode),
  sync: (handle) => handle.sync(),
  close: (handle) => handle.close(),
  rename: (from, to) => fsp.rename(from, to),
  syncDir: async (dir) => {
    const handle = await fsp.open(dir, 'r');
    try {
      await handle.sync();
    } catch (error) {
      // Some platforms and file systems cannot fsync a directory; the rename is still atomic there.
      if (!['EISDIR', 'EINVAL', 'EPERM', 'EBADF'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    } finally {
      await handle.close();
    }
  },
  list: (dir) => fsp.readdir(dir),
  remove: (path) => fsp.rm(path, { force: true }),
};

// Writes to one path are queued, so a write never sweeps away the temp file of another write still in progress.
const queues = new Map<string, Promise<void>>();

/**
 * Replaces `path` with `data` so that after a crash at any point the file holds either the old or the new content,
 * never a mix: temp file in the same directory, write, fsync, rename over the target, fsync the directory. Temp files
 * left behind by a crashed writer are removed by the next write. The directory must exist.
 */
export function writeFileAtomic(
  path: string,
  data: string | Buffer,
  mode = 0o600,
  steps: AtomicWriteSteps = nodeSteps,
): Promise<void> {
  const previous = queues.get(path) ?? Promise.resolve();
  const run = previous.then(
    () => writeNow(path, Buffer.from(data), mode, steps),
    () => writeNow(path, Buffer.from(data), mode, steps),
  );
  const tail = run.catch(() => undefined);
  queues.set(path, tail);
  void tail.then(() => {
    if (queues.get(path) === tail) queues.delete(path);
  });
  return run;
}

async function writeNow(path: string, data: Buffer, mode: number, steps: AtomicWriteSteps): Promise<void> {
  const dir = dirname(path);
  const prefix = `.${basename(path)}.`;
  await sweepStaleTemps(dir, prefix, steps);
  const temp = join(dir, `${prefix}${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let handle: FileHandle | undefined;
  try {
    handle = await steps.openTemp(temp, mode);
    await steps.write(handle, data);
    await steps.chmod(handle, mode);
    await steps.sync(handle);
    const open = handle;
    handle = undefined;
    await steps.close(open);
    await steps.rename(temp, path);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await steps.remove(temp).catch(() => undefined);
    throw error;
  }
  await steps.syncDir(dir);
}

const TEMP_NAME = /^\.(.+)\.(\d+)\.[0-9a-f]+\.tmp$/;

/** Removes temp files of this target left by this process or by a process that no longer runs. */
async function sweepStaleTemps(dir: string, prefix: string, steps: AtomicWriteSteps): Promise<void> {
  let names: string[];
  try {
    names = await steps.list(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const match = TEMP_NAME.exec(name);
    if (!match || `.${match[1]}.` !== prefix) continue;
    const pid = Number(match[2]);
    if (pid !== process.pid && processAlive(pid)) continue;
    await steps.remove(join(dir, name)).catch(() => undefined);
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
