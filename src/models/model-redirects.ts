/**
 * Compiled `model_redirects`: exact keys and glob patterns (`*` any run, `?` one character).
 * Precedence: an exact key wins over any pattern, a longer pattern over a shorter one.
 */
export class ModelRedirects {
  private readonly exact = new Map<string, string>();
  private readonly patterns: { pattern: string; regex: RegExp; target: string }[] = [];

  constructor(redirects: Record<string, string>) {
    for (const [from, target] of Object.entries(redirects)) {
      if (/[*?]/.test(from)) this.patterns.push({ pattern: from, regex: globToRegExp(from), target });
      else this.exact.set(from, target);
    }
    this.patterns.sort((a, b) => b.pattern.length - a.pattern.length);
  }

  exactTarget(id: string): string | undefined {
    return this.exact.get(id);
  }

  patternTarget(id: string): string | undefined {
    return this.matchingPattern(id)?.target;
  }

  /** The pattern that applies to `id` (the longest that matches) and its target. */
  matchingPattern(id: string): { pattern: string; target: string } | undefined {
    const found = this.patterns.find(({ regex }) => regex.test(id));
    return found && { pattern: found.pattern, target: found.target };
  }
}

function globToRegExp(glob: string): RegExp {
  const source = glob
    .split('')
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}
