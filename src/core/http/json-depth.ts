/** Deepest nesting of arrays and objects accepted in a request body; real requests (JSON schemas included) stay far below. */
export const MAX_JSON_DEPTH = 512;

/**
 * Whether `value` nests arrays/objects more than `limit` levels deep (the top-level container is level 1). JSON.parse
 * copes with far deeper input, but the recursive code that runs afterwards (body edits, JSON.stringify of the
 * upstream body, log redaction) overflows the stack. Iterative, so the check itself cannot overflow; it stops at the
 * first container past the limit and allocates nothing per visited value beyond two stack slots, since it runs on
 * every request body.
 */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  const containers: object[] = [value];
  const depths: number[] = [1];
  while (containers.length) {
    const current = containers.pop()!;
    const depth = depths.pop()!;
    if (depth > limit) return true;
    if (Array.isArray(current)) {
      for (const child of current as unknown[]) {
        if (child !== null && typeof child === 'object') {
          containers.push(child);
          depths.push(depth + 1);
        }
      }
    } else {
      for (const key in current) {
        const child = (current as Record<string, unknown>)[key];
        if (child !== null && typeof child === 'object') {
          containers.push(child);
          depths.push(depth + 1);
        }
      }
    }
  }
  return false;
}
