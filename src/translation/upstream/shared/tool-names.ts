import { createHash } from 'node:crypto';
import type { ToolNameMap } from '../../hub/hub-codec';

/** What one upstream API accepts as a tool (function) name. */
export interface ToolNameRule {
  maxLength: number;
  /** Characters allowed anywhere in the name. */
  allowed: RegExp;
  /** Characters allowed as the first one; defaults to `allowed`. */
  allowedFirst?: RegExp;
}

/** OpenAI Chat Completions and Responses: `^[a-zA-Z0-9_-]{1,64}$`. */
export const OPENAI_TOOL_NAMES: ToolNameRule = { maxLength: 64, allowed: /[A-Za-z0-9_-]/ };

/**
 * Chat Completions upstreams behind Factory (Fireworks: GLM, Kimi): OpenAI's rule, and Kimi also rejects a name that
 * starts with a digit or a dash (`^[a-zA-Z_][a-zA-Z0-9-_]{0,127}$`).
 */
export const CHAT_COMPLETIONS_TOOL_NAMES: ToolNameRule = { ...OPENAI_TOOL_NAMES, allowedFirst: /[A-Za-z_]/ };

/** Anthropic Messages: `^[a-zA-Z0-9_-]{1,128}$`. */
export const ANTHROPIC_TOOL_NAMES: ToolNameRule = { maxLength: 128, allowed: /[A-Za-z0-9_-]/ };

/**
 * Gemini function declarations: "must start with a letter or an underscore; a-z, A-Z, 0-9, underscores, dots and
 * dashes, at most 64" (https://ai.google.dev/api/caching#FunctionDeclaration). The FunctionCall docs allow only
 * underscores and dashes, so dots are replaced too: a name Gemini calls back must match the one it was offered.
 */
export const GOOGLE_TOOL_NAMES: ToolNameRule = { maxLength: 64, allowed: /[A-Za-z0-9_-]/, allowedFirst: /[A-Za-z_]/ };

const HASH_LENGTH = 8;

/**
 * The name an upstream sees for a client's tool name: unchanged when the rule accepts it, else the readable part
 * (disallowed characters as `_`, cut to fit) plus `_` and a short hash of the whole original name. Pure, so the same
 * name gives the same short name on every turn of a conversation, and two names that differ only where the readable
 * part was cut or replaced still get different hashes.
 */
export function shortenToolName(name: string, rule: ToolNameRule, hashLength = HASH_LENGTH): string {
  if (isAllowed(name, rule)) return name;
  let readable = [...name].map((char) => (rule.allowed.test(char) ? char : '_')).join('');
  if (readable === '' || !(rule.allowedFirst ?? rule.allowed).test(readable[0])) readable = `t_${readable}`;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, hashLength);
  return `${readable.slice(0, rule.maxLength - hash.length - 1)}_${hash}`;
}

/**
 * The map for one request: every declared tool gets its upstream name, and a collision (a shortened name equal to
 * another tool's name, which takes a contrived client) is resolved by a longer hash, deterministically for the same
 * tool list. Names not declared (a call in the history to a tool since removed) are shortened by the same rule.
 */
export function createToolNameMap(clientNames: readonly string[], rule: ToolNameRule): ToolNameMap {
  const toUpstream = new Map<string, string>();
  const toClient = new Map<string, string>();
  // Names the rule accepts keep themselves; they are claimed first so a shortened name never takes one.
  const ordered = [...new Set(clientNames)].sort((a, b) => Number(isAllowed(b, rule)) - Number(isAllowed(a, rule)));
  for (const name of ordered) {
    let hashLength = HASH_LENGTH;
    let upstream = shortenToolName(name, rule, hashLength);
    while (toClient.has(upstream) && hashLength < 32) upstream = shortenToolName(name, rule, (hashLength += 4));
    toUpstream.set(name, upstream);
    toClient.set(upstream, name);
  }
  return {
    toUpstream: (name) => toUpstream.get(name) ?? shortenToolName(name, rule),
    toClient: (name) => toClient.get(name) ?? name,
  };
}

function isAllowed(name: string, rule: ToolNameRule): boolean {
  if (name.length === 0 || name.length > rule.maxLength) return false;
  if (!(rule.allowedFirst ?? rule.allowed).test(name[0])) return false;
  for (const char of name) if (!rule.allowed.test(char)) return false;
  return true;
}
