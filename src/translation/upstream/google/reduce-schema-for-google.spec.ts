import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { reduceSchemaForGoogle } from './reduce-schema-for-google';

type Schema = Record<string, unknown>;
const load = (name: string) => JSON.parse(readFileSync(join(__dirname, '__fixtures__', name), 'utf8')) as Schema[];
const claudeCode = load('claude-code-tools.json').map((tool) => [tool.name, tool.input_schema] as [string, Schema]);
const codex = load('codex-tools.json').map((tool) => [tool.name, tool.parameters] as [string, Schema]);
const mcp = load('mcp-tools.json')[0].input_schema as Schema;

const ALLOWED_KEYS = new Set([
  'type', 'format', 'title', 'description', 'nullable', 'enum', 'maxItems', 'minItems', 'properties', 'required',
  'minProperties', 'maxProperties', 'minLength', 'maxLength', 'anyOf', 'items', 'minimum', 'maximum',
]);
const TYPES = new Set(['string', 'number', 'integer', 'boolean', 'array', 'object']);
const FORMATS: Record<string, string[]> = { string: ['enum', 'date-time'], number: ['float', 'double'], integer: ['int32', 'int64'] };

/** What Gemini's Schema (https://ai.google.dev/api/caching#Schema) accepts, as the checks its 400s name. */
function violations(schema: Schema, path = 'parameters'): string[] {
  const found: string[] = [];
  for (const key of Object.keys(schema)) if (!ALLOWED_KEYS.has(key)) found.push(`${path}: unknown field ${key}`);
  if (schema.type !== undefined && !TYPES.has(schema.type as string)) found.push(`${path}.type: ${JSON.stringify(schema.type)}`);
  if (schema.enum !== undefined && (schema.type !== 'string' || !(schema.enum as unknown[]).every((v) => typeof v === 'string'))) {
    found.push(`${path}.enum: only for strings`);
  }
  if (schema.format !== undefined && !FORMATS[schema.type as string]?.includes(schema.format as string)) found.push(`${path}.format`);
  if (schema.type === 'array' && schema.items === undefined) found.push(`${path}.items: missing field`);
  if (schema.properties !== undefined) {
    const properties = schema.properties as Record<string, Schema>;
    if (!Object.keys(properties).length) found.push(`${path}.properties: should be non-empty for OBJECT type`);
    for (const [name, value] of Object.entries(properties)) found.push(...violations(value, `${path}.properties[${name}]`));
    for (const name of (schema.required as string[] | undefined) ?? []) {
      if (!(name in properties)) found.push(`${path}.required[${name}]: property is not defined`);
    }
  }
  if (schema.items !== undefined) found.push(...violations(schema.items as Schema, `${path}.items`));
  for (const [i, variant] of ((schema.anyOf as Schema[] | undefined) ?? []).entries()) found.push(...violations(variant, `${path}.anyOf[${i}]`));
  return found;
}

describe(reduceSchemaForGoogle.name, () => {
  it.each([...claudeCode, ...codex, ['mcp search_issues', mcp] as [string, Schema]])('reduces %s to what Gemini accepts', (_name, schema) => {
    const reduced = reduceSchemaForGoogle(schema);
    if (reduced) expect(violations(reduced)).toEqual([]);
  });

  it('finds what Gemini rejects in the schemas as clients send them, so the check above can fail', () => {
    expect(violations(claudeCode[0][1])).toEqual(['parameters: unknown field $schema', 'parameters: unknown field additionalProperties']);
    expect(violations(mcp)).toEqual(
      expect.arrayContaining(['parameters: unknown field $defs', 'parameters.properties[filter]: unknown field default', 'parameters.required[ghost]: property is not defined']),
    );
  });

  it('keeps the meaning of a Claude Code schema: types, required, enums and descriptions', () => {
    const todo = reduceSchemaForGoogle(claudeCode.find(([name]) => name === 'TodoWrite')![1]);
    expect(todo).toEqual({
      type: 'object',
      properties: {
        todos: {
          type: 'array',
          description: 'The updated todo list',
          items: {
            type: 'object',
            properties: {
              content: { type: 'string', minLength: 1 },
              status: { type: 'string', enum: ['pending', 'in_progress', 'completed'] },
              activeForm: { type: 'string', minLength: 1 },
            },
            required: ['content', 'status', 'activeForm'],
          },
        },
      },
      required: ['todos'],
    });
  });

  it('turns a free-form map into a bare object and a parameterless tool into no parameters', () => {
    const ask = reduceSchemaForGoogle(claudeCode.find(([name]) => name === 'AskUserQuestion')![1])!;
    expect((ask.properties as Record<string, Schema>).answers).toEqual({ type: 'object', description: 'User answers collected by the permission component' });
    expect(reduceSchemaForGoogle(claudeCode.find(([name]) => name === 'ExitPlanMode')![1])).toBeUndefined();
    expect(reduceSchemaForGoogle({ type: 'object' })).toBeUndefined();
  });

  it('moves an unsupported format into the description', () => {
    const fetch = reduceSchemaForGoogle(claudeCode.find(([name]) => name === 'WebFetch')![1])!;
    expect((fetch.properties as Record<string, Schema>).url).toEqual({ type: 'string', description: 'The URL to fetch content from (format: uri)' });
  });

  it('inlines $refs, makes null variants nullable and reads const, oneOf, allOf and type arrays', () => {
    const reduced = reduceSchemaForGoogle(mcp)!;
    const properties = reduced.properties as Record<string, Schema>;
    expect(reduced.required).toEqual(['query']);
    expect(properties.query).toEqual({ type: 'string', title: 'Query', description: '(pattern: ^[a-z ]+$)' });
    expect(properties.filter).toEqual({
      type: 'object',
      title: 'Filter',
      nullable: true,
      description: 'Optional filter',
      properties: {
        state: { type: 'string', enum: ['open', 'closed'], title: 'State', nullable: true },
        labels: { type: 'array', title: 'Labels', items: { type: 'string' } },
        since: { type: 'string', format: 'date-time', title: 'Since' },
        limit: { type: 'integer', title: 'Limit', minimum: 0, maximum: 100 },
        mode: { type: 'string', enum: ['fast'], title: 'Mode' },
        priority: { type: 'integer', title: 'Priority', description: '(one of 1, 2, 3)' },
      },
      required: ['labels'],
    });
    expect(properties.tree).toEqual({
      type: 'object',
      properties: { name: { type: 'string' }, children: { type: 'array', items: { type: 'object' } } },
      required: ['name'],
    });
    expect(properties.target).toEqual({ anyOf: [{ type: 'string' }, { type: 'integer' }] });
    expect(properties.extra).toEqual({ type: 'string', nullable: true });
    expect(properties.both).toEqual({ type: 'object', properties: { a: { type: 'string' }, b: { type: 'number' } }, required: ['a'] });
  });

  it('makes a root union of argument shapes one object', () => {
    expect(
      reduceSchemaForGoogle({
        anyOf: [
          { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
          { type: 'object', properties: { url: { type: 'string' } }, required: ['url'] },
        ],
      }),
    ).toEqual({ type: 'object', properties: { path: { type: 'string' }, url: { type: 'string' } } });
  });
});
