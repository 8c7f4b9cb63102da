type Schema = Record<string, unknown>;

/**
 * A tool schema that meets OpenAI's strict-mode rules (Structured Outputs): every object closed with
 * `additionalProperties: false` and listing all its properties in `required`, the ones the client left optional made
 * nullable instead, so their meaning survives. Only applied when the client asked for `strict`.
 * https://platform.openai.com/docs/guides/structured-outputs#supported-schemas
 */
export function toStrictJsonSchema(schema: Schema): Schema {
  const { $schema: _dialect, ...rest } = schema;
  return strict(rest);
}

function strict(schema: Schema): Schema {
  const out: Schema = { ...schema };
  for (const key of ['$defs', 'definitions'] as const) {
    if (isSchemaMap(out[key])) out[key] = mapValues(out[key], strict);
  }
  for (const key of ['anyOf', 'allOf', 'oneOf'] as const) {
    const list = out[key];
    if (Array.isArray(list)) out[key] = list.map((item) => (isSchema(item) ? strict(item) : item));
  }
  if (isSchema(out.items)) out.items = strict(out.items);
  if (out.type === 'object' || isSchemaMap(out.properties)) {
    const properties = isSchemaMap(out.properties) ? out.properties : {};
    const required = new Set(Array.isArray(out.required) ? out.required : []);
    out.properties = mapValues(properties, (property, name) => (required.has(name) ? strict(property) : nullable(strict(property))));
    out.required = Object.keys(properties);
    out.additionalProperties = false;
  }
  return out;
}

function nullable(schema: Schema): Schema {
  const { type } = schema;
  if (typeof type === 'string') return type === 'null' ? schema : { ...schema, type: [type, 'null'] };
  if (Array.isArray(type)) return type.includes('null') ? schema : { ...schema, type: [...type, 'null'] };
  if (Array.isArray(schema.anyOf)) {
    const allowsNull = schema.anyOf.some((variant) => isSchema(variant) && variant.type === 'null');
    return allowsNull ? schema : { ...schema, anyOf: [...schema.anyOf, { type: 'null' }] };
  }
  return { anyOf: [schema, { type: 'null' }] };
}

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isSchemaMap(value: unknown): value is Record<string, Schema> {
  return isSchema(value) && Object.values(value).every(isSchema);
}

function mapValues(map: Record<string, Schema>, fn: (value: Schema, key: string) => Schema): Record<string, Schema> {
  return Object.fromEntries(Object.entries(map).map(([key, value]) => [key, fn(value, key)]));
}
