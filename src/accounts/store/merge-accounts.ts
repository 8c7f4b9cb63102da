import { cloneAccount, type Account, type AccountTokens } from '../account';

/**
 * Orders two token sets of one account by age: the later `refreshedAt` wins (unknown counts as oldest), then the
 * higher `version`. Every rotation sets `refreshedAt` to the time WorkOS issued the set and adds one to `version`,
 * so across writers (this gateway, the CLI, another replica) a newer set always sorts after an older one.
 */
export function compareTokenAge(a: AccountTokens, b: AccountTokens): number {
  const byTime = (a.refreshedAt ?? -1) - (b.refreshedAt ?? -1);
  return byTime !== 0 ? Math.sign(byTime) : Math.sign(a.version - b.version);
}

/**
 * Whether `incoming` may replace `current`: a different refresh token that is not older. An equally old but different
 * token can only come from a deliberate edit (our own rotations always move the age forward), so it is taken.
 */
export function replacesTokens(current: AccountTokens, incoming: AccountTokens): boolean {
  return incoming.refreshToken !== current.refreshToken && compareTokenAge(incoming, current) >= 0;
}

/** Puts newer tokens on an account; one disabled because its token stopped working comes back with the new one. */
export function withTokens(account: Account, tokens: AccountTokens): Account {
  const next = { ...account, tokens: { ...tokens } };
  if (next.status === 'disabled' && (next.disabledCause === 'unauthorized' || next.disabledCause === 'refresh_rejected')) {
    return { ...next, status: 'active', disabledCause: undefined, disabledReason: undefined, disabledAt: undefined };
  }
  return next;
}

export interface ExternalMerge {
  accounts: Account[];
  added: string[];
  removed: string[];
  /** Accounts whose tokens were taken from the store. */
  newTokens: string[];
  /** Accounts whose label, email or status a person changed. */
  edited: string[];
}

/**
 * A three-way merge after someone else changed the store: `base` is what we last read or wrote, `running` is memory,
 * `stored` is what the store holds now. Whatever differs between `base` and `stored` was changed by someone else and
 * is taken (label, email, status; accounts added or removed), except that tokens are only taken when not older than
 * the running ones: a stale copy written back by an editor or the CLI cannot undo a rotation. Stats stay ours.
 */
export function mergeExternal(base: readonly Account[], running: readonly Account[], stored: readonly Account[]): ExternalMerge {
  const byId = (list: readonly Account[]) => new Map(list.map((account) => [account.id, account]));
  const baseById = byId(base);
  const storedById = byId(stored);
  const result: ExternalMerge = { accounts: [], added: [], removed: [], newTokens: [], edited: [] };

  for (const mine of running) {
    const before = baseById.get(mine.id);
    const theirs = storedById.get(mine.id);
    if (!theirs) {
      // Removed by someone else, unless it is ours and not saved yet.
      if (before) result.removed.push(mine.id);
      else result.accounts.push(mine);
      continue;
    }
    result.accounts.push(mergeOne(before, mine, theirs, result));
  }
  const runningIds = new Set(running.map((account) => account.id));
  for (const theirs of stored) {
    // Gone from memory but still stored means we removed it and the save is pending: it stays removed.
    if (runningIds.has(theirs.id) || baseById.has(theirs.id)) continue;
    result.accounts.push(cloneAccount(theirs));
    result.added.push(theirs.id);
  }
  return result;
}

function mergeOne(before: Account | undefined, mine: Account, theirs: Account, result: ExternalMerge): Account {
  let merged = mine;
  const touched = (pick: (account: Account) => unknown) => !before || pick(before) !== pick(theirs);
  const edits: Partial<Account> = {};
  if (before && touched((account) => account.label)) edits.label = theirs.label;
  if (before && touched((account) => account.email)) edits.email = theirs.email;
  const statusEdited = before !== undefined && (touched((account) => account.status) || touched((account) => account.disabledReason));
  if (statusEdited) {
    Object.assign(edits, {
      status: theirs.status,
      disabledReason: theirs.disabledReason,
      disabledCause: theirs.disabledCause,
      disabledAt: theirs.disabledAt,
      cooldownUntil: theirs.cooldownUntil,
    });
  }
  if (Object.keys(edits).length) {
    merged = { ...merged, ...edits };
    result.edited.push(mine.id);
  }
  const tokensWritten = !before || before.tokens.refreshToken !== theirs.tokens.refreshToken;
  if (tokensWritten && replacesTokens(mine.tokens, theirs.tokens)) {
    merged = statusEdited ? { ...merged, tokens: { ...theirs.tokens } } : withTokens(merged, theirs.tokens);
    result.newTokens.push(mine.id);
  }
  return merged;
}

export type ImportOutcome = 'added' | 'updated' | 'unchanged';

export interface ImportResult {
  account: Account;
  outcome: ImportOutcome;
  /** `replaced` only for a token that is not older than the one held; an older one is `kept_newer`. */
  tokens: 'new' | 'replaced' | 'kept_newer' | 'same';
}

/**
 * An imported account (admin API, `accounts sync`) merged into the one already held for the same id or email.
 * Label and email are taken when given; tokens only when not older; status and stats stay as the pool knows them.
 */
export function mergeImport(existing: Account | undefined, incoming: Account): ImportResult {
  if (!existing) return { account: cloneAccount(incoming), outcome: 'added', tokens: 'new' };
  let account: Account = {
    ...existing,
    label: incoming.label ?? existing.label,
    email: incoming.email ?? existing.email,
  };
  let tokens: ImportResult['tokens'] = 'same';
  if (incoming.tokens.refreshToken !== existing.tokens.refreshToken) {
    if (replacesTokens(existing.tokens, incoming.tokens)) {
      account = withTokens(account, incoming.tokens);
      tokens = 'replaced';
    } else {
      tokens = 'kept_newer';
    }
  }
  const changed = tokens === 'replaced' || account.label !== existing.label || account.email !== existing.email;
  return { account, outcome: changed ? 'updated' : 'unchanged', tokens };
}

/** The account an import refers to: the same id, else the same email (case-insensitive). */
export function findImportTarget(accounts: readonly Account[], id: string | undefined, email: string | undefined): Account | undefined {
  if (id) {
    const byId = accounts.find((account) => account.id === id);
    if (byId) return byId;
  }
  if (!email) return undefined;
  const wanted = email.toLowerCase();
  return accounts.find((account) => account.email?.toLowerCase() === wanted);
}
