type Schema = Record<string, unknown>;

/**
 * Gemini function parameters take an OpenAPI 3.0 subset, not JSON Schema: `$schema`, `additionalProperties`, `$ref` /
 * `$defs`, `const`, `oneOf`, `allOf`, type arrays, non-string enums and most `format` values are rejected with a 400.
 * https://ai.google.dev/api/caching#Schema
 *
 * This reduces a client's JSON Schema (draft-07 or 2020-12, as Claude Code, Codex and MCP servers send) to that subset,
 * keeping its meaning where the subset can say it: `$ref`s inlined (a recursive one stops at a plain object),
 * `allOf` merged, `oneOf` read as `anyOf`, `null` variants and type arrays turned into `nullable`, `const` into a
 * one-value enum, and constraints the subset lacks moved into the description rather than lost.
 *
 * Returns `undefined` for a schema with no parameters: Gemini rejects an object whose `properties` is empty.
 */
export function reduceSchemaForGoogle(schema: Schema): Schema | undefined {
  const reduced = new Reducer(schema).reduce(schema, [], 0);
  const root = rootObject(reduced);
  return isEmptyObject(root) ? undefined : root;
}

/** Keywords the subset has and this reducer passes through as they are. */
const KEPT = ['title', 'minItems', 'maxItems', 'minLength', 'maxLength', 'minProperties', 'maxProperties', 'minimum', 'maximum'] as const;

/** `format` values Gemini accepts, per type. */
const FORMATS: Readonly<Record<string, readonly string[]>> = {
  string: ['enum', 'date-time'],
  number: ['float', 'double'],
  integer: ['int32', 'int64'],
};

const MAX_DEPTH = 32;

class Reducer {
  constructor(private readonly root: Schema) {}

  reduce(input: unknown, refs: string[], depth: number): Schema {
    // `true` / `{}`: any value; the subset has no way to say it but leaving the type out.
    if (!isSchema(input) || depth > MAX_DEPTH) return {};
    let schema = input;
    if (typeof schema.$ref === 'string') {
      const ref = schema.$ref;
      const { $ref: _ref, ...siblings } = schema;
      // A recursive structure stops at a plain object one level down; Gemini cannot express the cycle.
      if (refs.includes(ref)) return withDescription({ type: 'object' }, siblings.description);
      const target = this.resolve(ref);
      return this.reduce({ ...target, ...siblings }, [...refs, ref], depth + 1);
    }
    if (Array.isArray(schema.allOf)) schema = mergeAll(schema, schema.allOf.map((part) => this.deref(part, refs)));

    const out: Schema = {};
    const notes: string[] = [];
    let nullable = schema.nullable === true;

    const variants = [...asArray(schema.anyOf), ...asArray(schema.oneOf)];
    if (variants.length) {
      const reduced = variants.map((variant) => this.reduce(variant, refs, depth + 1));
      const nonNull = reduced.filter((variant) => variant.type !== 'null' && !(variant.nullable === true && Object.keys(variant).length === 1));
      nullable ||= nonNull.length < reduced.length;
      if (nonNull.length === 1) Object.assign(out, nonNull[0]);
      else if (nonNull.length > 1) out.anyOf = nonNull;
    }

    let type = schema.type;
    if (Array.isArray(type)) {
      nullable ||= type.includes('null');
      const types = type.filter((t): t is string => typeof t === 'string' && t !== 'null');
      if (types.length > 1) out.anyOf = types.map((t) => this.reduce({ ...schema, type: t, description: undefined }, refs, depth + 1));
      type = types.length === 1 ? types[0] : undefined;
    }
    if (type === 'null') {
      nullable = true;
      type = undefined;
    }
    type ??= inferType(schema);
    if (typeof type === 'string' && out.anyOf === undefined) out.type = type;

    for (const key of KEPT) if (typeof schema[key] === 'number' || (key === 'title' && typeof schema[key] === 'string')) out[key] = schema[key];
    if (typeof schema.exclusiveMinimum === 'number') out.minimum = schema.exclusiveMinimum;
    if (typeof schema.exclusiveMaximum === 'number') out.maximum = schema.exclusiveMaximum;
    if (typeof schema.format === 'string') {
      if (FORMATS[String(out.type)]?.includes(schema.format)) out.format = schema.format;
      else notes.push(`format: ${schema.format}`);
    }
    if (typeof schema.pattern === 'string') notes.push(`pattern: ${schema.pattern}`);

    const values = schema.const !== undefined ? [schema.const] : Array.isArray(schema.enum) ? schema.enum : undefined;
    if (values) {
      nullable ||= values.includes(null);
      const kept = values.filter((value) => value !== null);
      if (kept.length && kept.every((value) => typeof value === 'string')) {
        out.type = 'string';
        out.enum = kept;
      } else if (kept.length) {
        notes.push(`one of ${kept.map((value) => JSON.stringify(value)).join(', ')}`);
      }
    }

    if (out.type === 'object' || isSchema(schema.properties)) {
      const properties = isSchema(schema.properties) ? schema.properties : {};
      const reduced = Object.fromEntries(Object.entries(properties).map(([name, value]) => [name, this.reduce(value, refs, depth + 1)]));
      // A nested object without declared properties goes as a bare object: `properties: {}` is rejected.
      if (Object.keys(reduced).length) {
        out.properties = reduced;
        const required = asArray(schema.required).filter((name): name is string => typeof name === 'string' && name in reduced);
        if (required.length) out.required = [...new Set(required)];
      }
    }
    if (out.type === 'array') {
      // Gemini wants `items` on every array; tuple forms keep their first item schema.
      const tuple = Array.isArray(schema.items) ? schema.items : Array.isArray(schema.prefixItems) ? schema.prefixItems : undefined;
      const items: unknown = tuple ? tuple[0] : schema.items;
      const reduced = this.reduce(items, refs, depth + 1);
      out.items = Object.keys(reduced).length ? reduced : { type: 'string' };
    }

    if (nullable) out.nullable = true;
    const description = typeof schema.description === 'string' ? schema.description : undefined;
    return withDescription(out, description, notes);
  }

  private deref(part: unknown, refs: string[]): Schema {
    if (!isSchema(part)) return {};
    if (typeof part.$ref !== 'string' || refs.includes(part.$ref)) return part;
    const { $ref, ...siblings } = part;
    return this.deref({ ...this.resolve($ref), ...siblings }, [...refs, $ref]);
  }

  /** `#/$defs/Name`, `#/definitions/Name` or any other local JSON pointer; an unresolvable ref reads as any value. */
  private resolve(ref: string): Schema {
    if (!ref.startsWith('#')) return {};
    let node: unknown = this.root;
    for (const raw of ref.slice(1).split('/').filter(Boolean)) {
      const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      node = isSchema(node) ? node[key] : undefined;
    }
    return isSchema(node) ? node : {};
  }
}

/** `allOf` parts folded into one schema: properties and required lists united, the first value of anything else kept. */
function mergeAll(schema: Schema, parts: Schema[]): Schema {
  const { allOf: _allOf, ...base } = schema;
  const merged: Schema = { ...base };
  for (const part of parts) {
    for (const [key, value] of Object.entries(part)) {
      if (key === 'properties' && isSchema(value)) merged.properties = { ...(isSchema(merged.properties) ? merged.properties : {}), ...value };
      else if (key === 'required' && Array.isArray(value)) merged.required = [...asArray(merged.required), ...value];
      else if (!(key in merged)) merged[key] = value;
    }
  }
  return merged;
}

/** A schema whose type is left out but whose shape says it. */
function inferType(schema: Schema): string | undefined {
  if (isSchema(schema.properties)) return 'object';
  if (schema.items !== undefined || schema.prefixItems !== undefined) return 'array';
  return undefined;
}

/**
 * Gemini requires the parameters root to be an object: a root `anyOf` of objects (a union of argument shapes) becomes
 * one object with all their properties, none required.
 */
function rootObject(schema: Schema): Schema {
  if (schema.type === 'object' || !Array.isArray(schema.anyOf)) return schema.type === undefined ? { ...schema, type: 'object' } : schema;
  const variants = schema.anyOf.filter(isSchema);
  const properties = Object.assign({}, ...variants.map((variant) => (isSchema(variant.properties) ? variant.properties : {}))) as Schema;
  const { anyOf: _anyOf, ...rest } = schema;
  return { ...rest, type: 'object', ...(Object.keys(properties).length && { properties }) };
}

function isEmptyObject(schema: Schema): boolean {
  return schema.type === 'object' && (!isSchema(schema.properties) || Object.keys(schema.properties).length === 0);
}

function withDescription(schema: Schema, description: unknown, notes: string[] = []): Schema {
  const text = [typeof description === 'string' ? description : '', notes.length ? `(${notes.join('; ')})` : ''].filter(Boolean).join(' ');
  return text ? { ...schema, description: text } : schema;
}

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
