import { Injectable } from '@nestjs/common';
import { AuthService } from '../auth/auth.service';
import { ApiError } from '../core/errors/api-error';
import type { Account } from '../accounts/account';
import { parseAccount } from '../accounts/accounts-file';
import { toView, type AccountView } from '../accounts/account-view';
import { AccountsService } from '../accounts/pool/accounts.service';
import type { PooledAccount } from '../accounts/pool/pooled-account';
import { findImportTarget, mergeImport, type ImportResult } from '../accounts/store/merge-accounts';

export interface ImportedView {
  id: string;
  outcome: ImportResult['outcome'];
  tokens: ImportResult['tokens'];
}

export interface AccountPatch {
  status?: 'active' | 'disabled';
  label?: string | null;
  reason?: string;
}

/** The admin API's work: views without secrets, imports merged by id or email, status and label changes. */
@Injectable()
export class AdminAccountsService {
  constructor(
    private readonly accounts: AccountsService,
    private readonly auth: AuthService,
  ) {}

  list(): { object: 'list'; data: AccountView[]; summary: ReturnType<AccountsService['summary']>; note?: string } {
    const now = this.accounts.now();
    const data = this.accounts.list().map((pooled) => this.view(pooled, now));
    return { object: 'list', data, summary: this.accounts.summary(now), ...this.note() };
  }

  /** Validates every entry first: a bad one rejects the whole import, nothing half-applied. */
  async import(body: unknown): Promise<{ object: 'list'; data: ImportedView[]; note?: string }> {
    const entries = Array.isArray(body) ? body : isRecord(body) && Array.isArray(body.accounts) ? body.accounts : undefined;
    if (!entries) throw ApiError.badRequest('Send {"accounts": [...]} (the accounts.json shape) or an array of accounts', 'accounts');
    const now = this.accounts.now();
    const parsed = entries.map((raw: unknown, index) => {
      const account = parseAccount(raw, now);
      if (typeof account === 'string') throw ApiError.badRequest(`accounts[${index}]: ${account}`, `accounts[${index}]`);
      const givenId = isRecord(raw) && typeof raw.id === 'string' && raw.id.trim() ? account.id : undefined;
      return { account, givenId };
    });

    const working = new Map<string, Account>(this.accounts.list().map((pooled) => [pooled.id, pooled.account]));
    const results: ImportedView[] = [];
    for (const { account, givenId } of parsed) {
      const target = findImportTarget([...working.values()], givenId, account.email);
      const result = mergeImport(target, target ? account : { ...account, createdAt: now });
      working.set(result.account.id, result.account);
      results.push({ id: result.account.id, outcome: result.outcome, tokens: result.tokens });
    }
    const changed = new Set(results.filter((result) => result.outcome !== 'unchanged').map((result) => result.id));
    await this.save(() => this.accounts.put([...working.values()].filter((account) => changed.has(account.id))));
    return { object: 'list', data: results, ...this.note() };
  }

  async update(id: string, body: unknown): Promise<AccountView> {
    const pooled = this.find(id);
    const patch = readPatch(body);
    if (patch.label !== undefined) await this.save(() => this.accounts.setLabel(pooled, patch.label?.trim() || undefined));
    if (patch.status === 'active') await this.save(() => this.accounts.setStatus(pooled, 'active', 'manual'));
    if (patch.status === 'disabled') {
      await this.save(() => this.accounts.setStatus(pooled, 'disabled', 'manual', patch.reason ?? 'disabled by an administrator'));
    }
    return this.view(pooled, this.accounts.now());
  }

  async remove(id: string): Promise<{ id: string; object: 'account'; deleted: true }> {
    this.find(id);
    await this.save(() => this.accounts.remove(id));
    return { id, object: 'account', deleted: true };
  }

  private find(id: string): PooledAccount {
    const pooled = this.accounts.get(id);
    if (!pooled) throw ApiError.notFound(`No account with id '${id}'`, 'account_not_found');
    return pooled;
  }

  private view(pooled: PooledAccount, now: number): AccountView {
    return toView(pooled.account, now, pooled.lifecycle.status());
  }

  /** The change is kept in memory either way; a failed save is reported so the operator knows it is not durable. */
  private async save(work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      throw new ApiError(500, `The change is active but could not be saved: ${error instanceof Error ? error.message : String(error)}`, {
        code: 'accounts_not_saved',
      });
    }
  }

  /** The credential source is chosen at start: accounts added to a gateway that started without any wait for a restart. */
  private note(): { note?: string } {
    if (this.auth.sourceName === 'accounts') return {};
    return { note: `This gateway started without accounts and uses the '${this.auth.sourceName}' credential source; restart it to use the pool` };
  }
}

function readPatch(body: unknown): AccountPatch {
  if (!isRecord(body)) throw ApiError.badRequest('Send a JSON object: {"status": "active"|"disabled", "label": "…"}');
  const patch: AccountPatch = {};
  if (body.enabled !== undefined) {
    if (typeof body.enabled !== 'boolean') throw ApiError.badRequest('enabled must be true or false', 'enabled');
    patch.status = body.enabled ? 'active' : 'disabled';
  }
  if (body.status !== undefined) {
    if (body.status !== 'active' && body.status !== 'disabled') throw ApiError.badRequest('status must be "active" or "disabled"', 'status');
    if (patch.status !== undefined && patch.status !== body.status) throw ApiError.badRequest('enabled and status disagree', 'status');
    patch.status = body.status;
  }
  if (body.label !== undefined) {
    if (body.label !== null && typeof body.label !== 'string') throw ApiError.badRequest('label must be a string or null', 'label');
    patch.label = body.label;
  }
  if (body.reason !== undefined) {
    if (typeof body.reason !== 'string') throw ApiError.badRequest('reason must be a string', 'reason');
    patch.reason = body.reason;
  }
  if (patch.status === undefined && patch.label === undefined) {
    throw ApiError.badRequest('Nothing to change: send "status" (or "enabled") and/or "label"');
  }
  return patch;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
