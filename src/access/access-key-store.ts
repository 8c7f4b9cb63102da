import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { promises as fsp, readFileSync, statSync, type Stats } from 'node:fs';
import { timingSafeEqual } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { digestKey, parseKeyItems, parseKeysFile, type AccessKeyEntry } from './access-key-entries';
import { inboundKeysRequired } from './inbound-keys-required';

/**
 * How often the keys file is re-stat'ed. Polling, not fs.watch: Kubernetes swaps mounted secrets through symlinks,
 * which inotify-based watches miss, and one stat a second costs nothing.
 */
export const KEYS_FILE_POLL_MS = 1_000;

/**
 * The inbound access keys: PROXY_API_KEYS plus the lines of PROXY_API_KEYS_FILE, the file re-read whenever it
 * changes. Only names and SHA-256 digests are kept.
 */
@Injectable()
export class AccessKeyStore implements OnModuleDestroy {
  private readonly logger = new Logger('AccessKeys');
  private readonly fromEnv: AccessKeyEntry[];
  private fromFile: AccessKeyEntry[] = [];
  private entries: AccessKeyEntry[];
  private fileProblem: string | undefined;
  /** mtime, size and inode of the file as last read; a poll that sees anything else re-reads it. */
  private loadedSignature = '';
  private readonly poll: NodeJS.Timeout | undefined;
  private polling = false;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const parsed = parseKeyItems(config.inboundKeys, 'PROXY_API_KEYS');
    parsed.warnings.forEach((warning) => this.logger.warn(warning));
    this.fromEnv = parsed.entries;
    this.entries = this.fromEnv;
    const file = config.inboundKeysFile;
    if (file) {
      this.reload(file, signature(statNow(file)));
      this.poll = setInterval(() => void this.checkFile(file), KEYS_FILE_POLL_MS).unref();
    }
    if (this.enabled) this.logger.log({ keys: this.names() }, 'inbound access keys required on /v1/*');
  }

  /** Whether /v1/* requires a key. True whenever a keys file is configured, even one that is empty or missing. */
  get enabled(): boolean {
    return inboundKeysRequired(this.config);
  }

  /**
   * The name of the key `presented` matches, else undefined. Digests are compared with timingSafeEqual against every
   * entry without stopping early, so neither the key's length nor its position leaks through timing.
   */
  match(presented: string): string | undefined {
    const digest = digestKey(presented);
    let name: string | undefined;
    for (const entry of this.entries) {
      if (timingSafeEqual(entry.digest, digest) && name === undefined) name = entry.name;
    }
    return name;
  }

  names(): string[] {
    return [...new Set(this.entries.map((entry) => entry.name))];
  }

  onModuleDestroy(): void {
    clearInterval(this.poll);
  }

  private async checkFile(file: string): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const current = signature(await fsp.stat(file).catch(() => undefined));
      if (current !== this.loadedSignature) this.reload(file, current);
    } finally {
      this.polling = false;
    }
  }

  // A file that cannot be read keeps the last keys read from it: a rotation that briefly removes the file must not
  // lock every client out, and a file missing at start means no file key works (the gateway stays closed).
  private reload(file: string, signature: string): void {
    this.loadedSignature = signature;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      const problem = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      if (problem !== this.fileProblem) this.logger.warn({ file, problem }, 'keys file unreadable; keeping the last keys read');
      this.fileProblem = problem;
      return;
    }
    this.fileProblem = undefined;
    const parsed = parseKeysFile(text, 'PROXY_API_KEYS_FILE');
    parsed.warnings.forEach((warning) => this.logger.warn(warning));
    this.fromFile = parsed.entries;
    this.entries = [...this.fromEnv, ...this.fromFile];
    this.logger.log({ file, keys: this.fromFile.map((entry) => entry.name) }, 'keys file loaded');
  }
}

function signature(stat: Stats | undefined): string {
  return stat ? `${stat.mtimeMs}:${stat.size}:${stat.ino}` : 'missing';
}

function statNow(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}
