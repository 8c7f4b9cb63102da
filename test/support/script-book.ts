import type { Behaviour } from './fake-behaviour';

interface Entry {
  pathPrefix: string;
  behaviour: Behaviour;
  remaining: number;
}

/**
 * Scripted behaviours by path prefix. Counted entries are used first, oldest first; then the newest standing
 * (`always`) entry, so a test can queue one-off faults on top of a standing behaviour.
 */
export class ScriptBook {
  private entries: Entry[] = [];

  add(pathPrefix: string, behaviour: Behaviour, times: number): void {
    if (!(times > 0)) throw new Error(`script times must be positive, got ${times}`);
    this.entries.push({ pathPrefix, behaviour, remaining: times });
  }

  take(path: string): Behaviour | undefined {
    const matches = this.entries.filter((entry) => path.startsWith(entry.pathPrefix));
    const entry = matches.find((candidate) => Number.isFinite(candidate.remaining)) ?? matches.at(-1);
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.entries = this.entries.filter((candidate) => candidate !== entry);
    return entry.behaviour;
  }

  /** Counted behaviours not used yet; handy in afterEach to catch a test whose request never arrived. */
  pending(): { pathPrefix: string; remaining: number }[] {
    return this.entries
      .filter((entry) => Number.isFinite(entry.remaining))
      .map(({ pathPrefix, remaining }) => ({ pathPrefix, remaining }));
  }

  clear(): void {
    this.entries = [];
  }
}
