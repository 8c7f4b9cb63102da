import { toStrictJsonSchema } from './strict-json-schema';

describe(toStrictJsonSchema.name, () => {
  it('closes every object, requires every property and makes the optional ones nullable', () => {
    expect(
      toStrictJsonSchema({
        $schema: 'http://json-schema.org/draft-07/schema#',
        type: 'object',
        properties: {
          command: { type: 'string' },
          timeout: { type: 'number' },
          env: { type: 'object', properties: { name: { type: 'string' } } },
          mode: { enum: ['a', 'b'] },
        },
        required: ['command'],
      }),
    ).toEqual({
      type: 'object',
      properties: {
        command: { type: 'string' },
        timeout: { type: ['number', 'null'] },
        env: { type: ['object', 'null'], properties: { name: { type: ['string', 'null'] } }, required: ['name'], additionalProperties: false },
        mode: { anyOf: [{ enum: ['a', 'b'] }, { type: 'null' }] },
      },
      required: ['command', 'timeout', 'env', 'mode'],
      additionalProperties: false,
    });
  });

  it('reaches objects inside arrays, unions and definitions', () => {
    const result = toStrictJsonSchema({
      type: 'object',
      properties: { todos: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } } },
      required: ['todos'],
      $defs: { node: { type: 'object', properties: { next: { anyOf: [{ $ref: '#/$defs/node' }, { type: 'null' }] } } } },
    });
    expect(result.properties).toEqual({
      todos: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'], additionalProperties: false } },
    });
    expect(result.$defs).toEqual({
      node: { type: 'object', properties: { next: { anyOf: [{ $ref: '#/$defs/node' }, { type: 'null' }] } }, required: ['next'], additionalProperties: false },
    });
  });
});
