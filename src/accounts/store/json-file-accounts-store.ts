import { watch as watchFs, promises as fsp, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { writeFileAtomic } from '../../credentials/atomic-file';
import type { Account } from '../account';
import { parseAccounts, serializeAccounts } from '../accounts-file';
import type { AccountsStore, LoadedAccounts } from './accounts-store';

export interface JsonFileAccountsStoreOptions {
  /** How often the file is checked when `fs.watch` misses an event (network file systems, some container mounts). */
  pollMs: number;
  now?: () => number;
}

// Editors save in bursts (truncate, write, rename); one read after the burst is enough.
const SETTLE_MS = 50;

/**
 * accounts.json: written atomically with mode 0600 (AuthModule's writer), watched with fs.watch on the directory (a
 * rename replaces the file, so a watch on the file itself would go deaf after the first atomic write) plus a poll.
 */
export class JsonFileAccountsStore implements AccountsStore {
  /** The text this store last wrote or read: a change event that finds this text again is our own write. */
  private lastText?: string;
  private readonly now: () => number;

  constructor(
    readonly location: string,
    private readonly options: JsonFileAccountsStoreOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  async load(): Promise<LoadedAccounts> {
    const read = await this.readText();
    if (read === undefined) return { kind: 'missing' };
    if (typeof read !== 'string') return { kind: 'broken', reason: `${this.location} ${read.reason}` };
    this.lastText = read;
    const parsed = parseAccounts(read, this.now());
    if (parsed.kind === 'broken') {
      return { kind: 'broken', reason: `${this.location} ${parsed.reason}; it is left untouched until it is repaired` };
    }
    return { kind: 'ok', accounts: parsed.file.accounts };
  }

  async save(accounts: readonly Account[]): Promise<void> {
    const current = await this.readText();
    if (typeof current === 'object') throw new Error(`${this.location} ${current.reason}; not overwriting it`);
    if (typeof current === 'string' && current !== this.lastText && parseAccounts(current, this.now()).kind === 'broken') {
      throw new Error(`${this.location} is not a valid accounts file; not overwriting it`);
    }
    const text = serializeAccounts(accounts);
    await fsp.mkdir(dirname(this.location), { recursive: true, mode: 0o700 });
    this.lastText = text;
    await writeFileAtomic(this.location, text, 0o600);
  }

  watch(onChange: () => void): () => void {
    let timer: NodeJS.Timeout | undefined;
    let checking = false;
    const check = async () => {
      if (checking) return;
      checking = true;
      try {
        const read = await this.readText();
        const text = typeof read === 'string' ? read : undefined;
        if (text !== this.lastText) onChange();
      } finally {
        checking = false;
      }
    };
    const soon = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void check(), SETTLE_MS);
      timer.unref();
    };
    let watcher: FSWatcher | undefined;
    try {
      watcher = watchFs(dirname(this.location), (_event, name) => {
        if (!name || name.toString() === basename(this.location)) soon();
      });
      watcher.on('error', () => watcher?.close());
      watcher.unref();
    } catch {
      // The directory does not exist yet (or cannot be watched): the poll covers it.
    }
    const poll = setInterval(() => void check(), this.options.pollMs);
    poll.unref();
    return () => {
      clearTimeout(timer);
      clearInterval(poll);
      watcher?.close();
    };
  }

  /** The file's text, undefined when it does not exist, or why it cannot be read. */
  private async readText(): Promise<string | undefined | { reason: string }> {
    try {
      return await fsp.readFile(this.location, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return undefined;
      return { reason: `cannot be read (${code ?? 'unknown error'})` };
    }
  }
}
