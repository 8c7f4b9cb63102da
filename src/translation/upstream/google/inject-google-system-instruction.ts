import { isJsonObject, type JsonObject } from '../../../core/json/json-object';

/** Google generate: `systemInstruction.parts` starts with the prompt; the client's parts (and other fields) follow. */
export function injectGoogleSystemInstruction(body: Readonly<JsonObject>, prompt: string): JsonObject {
  if (prompt === '') return { ...body };
  const promptPart = { text: prompt };
  const current = body.systemInstruction;
  if (current === undefined || current === null) return { ...body, systemInstruction: { parts: [promptPart] } };
  if (typeof current === 'string') {
    const parts = current === '' ? [promptPart] : [promptPart, { text: current }];
    return { ...body, systemInstruction: { parts } };
  }
  if (isJsonObject(current) && (current.parts === undefined || Array.isArray(current.parts))) {
    const clientParts: unknown[] = Array.isArray(current.parts) ? current.parts : [];
    return { ...body, systemInstruction: { ...current, parts: [promptPart, ...clientParts] } };
  }
  return { ...body };
}
