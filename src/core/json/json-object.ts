/** A parsed JSON object body; vendor fields the gateway does not read stay `unknown` and travel untouched. */
export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
