import { ApiError } from '../../core/errors/api-error';
import { isJsonObject } from '../../core/json/json-object';

/** The JSON types a request field the gateway reads may have. */
export type FieldType = 'integer' | 'number' | 'string' | 'boolean' | 'array' | 'object' | 'string-array';

/** Expected types per field name; `null` is always accepted (the APIs treat it as absent). */
export type FieldTable = Readonly<Record<string, readonly FieldType[]>>;

const EXPECTED: Record<FieldType, string> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'a boolean',
  array: 'an array',
  object: 'an object',
  'string-array': 'an array of strings',
};

/**
 * A field of the wrong JSON type, worded as OpenAI words it ("Invalid type for 'max_tokens': expected an integer, but
 * got a string instead.", code `invalid_type`), so the 400 names the field whatever the route's error format.
 */
export class InvalidFieldTypeError extends ApiError {
  constructor(param: string, types: readonly FieldType[], value: unknown) {
    super(400, `Invalid type for '${param}': expected ${describeExpected(types)}, but got ${describeValue(value)} instead.`, {
      code: 'invalid_type',
      param,
    });
  }
}

/** Throws InvalidFieldTypeError for the first field of `body` listed in `table` whose value has none of its types. */
export function checkFieldTypes(body: Readonly<Record<string, unknown>>, table: FieldTable, prefix = ''): void {
  for (const [field, types] of Object.entries(table)) {
    const value = body[field];
    if (value === undefined || value === null) continue;
    if (!types.some((type) => hasType(value, type))) throw new InvalidFieldTypeError(prefix + field, types, value);
  }
}

export function hasType(value: unknown, type: FieldType): boolean {
  switch (type) {
    case 'integer':
      return Number.isSafeInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isJsonObject(value);
    case 'string-array':
      return Array.isArray(value) && value.every((item) => typeof item === 'string');
    default: {
      const unknownType: never = type;
      throw new Error(`unknown field type ${String(unknownType)}`);
    }
  }
}

function describeExpected(types: readonly FieldType[]): string {
  // "a string or an array of strings" rather than listing the array twice.
  const names = types.map((type) => (type === 'string-array' && types.includes('string') ? 'an array of strings' : EXPECTED[type]));
  return names.length <= 2 ? names.join(' or ') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}
