/**
 * Gemini function calls usually carry no id, but chat clients must echo one in the tool message. Derived from the
 * response id so it is unique across a conversation and the same in stream and non-stream answers.
 */
export function googleToolCallId(responseId: string, index: number, upstreamId: string | undefined): string {
  if (upstreamId) return upstreamId;
  return `call_${responseId.replace(/^chatcmpl-/, '')}_${index}`;
}
