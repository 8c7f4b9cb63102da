/*
 * One rule for every upstream type: the configured prompt comes first, the client's own instructions follow and
 * nothing of the client's is lost. An empty configured prompt changes nothing. Each type's inject function returns a new body and
 * never mutates its input. A client field of a shape the vendor API itself rejects is left as it is, so the
 * upstream answers with its own validation error instead of the gateway guessing.
 */

/**
 * Joins the prompt and a client's plain-text instructions. The seed prompt ends with "\n\n", so it is concatenated
 * as is; a prompt that does not end in whitespace gets a blank line so the two texts never run together.
 */
export function joinPromptText(prompt: string, clientText: string): string {
  if (clientText === '') return prompt;
  return /\s$/.test(prompt) ? prompt + clientText : `${prompt}\n\n${clientText}`;
}
