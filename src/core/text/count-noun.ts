/** "1 account", "2 accounts", "0 accounts": a count with its noun in agreement, for messages people read. */
export function countNoun(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}
