/**
 * Google's documented stand-in for a thought signature the client could not keep. Gemini 3 rejects a replayed model
 * turn whose function call carries none (400 "Function call is missing a thought_signature"), and a Chat Completions
 * client has nowhere to keep the real one.
 * https://ai.google.dev/gemini-api/docs/thought-signatures
 */
export const SKIP_THOUGHT_SIGNATURE = 'skip_thought_signature_validator';

/** Gemini 3 and later validate thought signatures on replayed function calls; earlier models do not. */
export function requiresThoughtSignatures(modelId: string): boolean {
  const major = /^gemini-(\d+)/.exec(modelId)?.[1];
  return major !== undefined && Number(major) >= 3;
}

/**
 * Gives the first function call of every replayed model turn a signature where it has none, as Gemini itself signs
 * only the first call of a turn (parallel calls share it). Returns new contents; the input is not changed.
 */
export function signReplayedFunctionCalls<Content extends { role: string; parts: readonly object[] }>(contents: Content[]): Content[] {
  return contents.map((content) => {
    if (content.role !== 'model') return content;
    const first = content.parts.findIndex((part) => 'functionCall' in part);
    if (first < 0) return content;
    const part = content.parts[first] as { thoughtSignature?: string };
    if (part.thoughtSignature) return content;
    const parts = [...content.parts];
    parts[first] = { ...part, thoughtSignature: SKIP_THOUGHT_SIGNATURE };
    return { ...content, parts };
  });
}
