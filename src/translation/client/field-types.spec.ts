import { checkFieldTypes, InvalidFieldTypeError } from './field-types';

describe(checkFieldTypes.name, () => {
  const table = { max_tokens: ['integer'], stop: ['string', 'string-array'], tools: ['array'], mode: ['string', 'object'] } as const;

  it('accepts the listed types, null and absent fields', () => {
    expect(() => checkFieldTypes({ max_tokens: 5, stop: ['a', 'b'], tools: [], mode: {} }, table)).not.toThrow();
    expect(() => checkFieldTypes({ max_tokens: null, stop: 'x', mode: 'auto' }, table)).not.toThrow();
  });

  it.each([
    [{ max_tokens: 'x' }, "Invalid type for 'max_tokens': expected an integer, but got a string instead."],
    [{ max_tokens: 2.5 }, "Invalid type for 'max_tokens': expected an integer, but got a number instead."],
    [{ stop: [1] }, "Invalid type for 'stop': expected a string or an array of strings, but got an array instead."],
    [{ tools: {} }, "Invalid type for 'tools': expected an array, but got an object instead."],
    [{ mode: false }, "Invalid type for 'mode': expected a string or an object, but got a boolean instead."],
  ])('refuses %j', (body, message) => {
    const error = catchError(() => checkFieldTypes(body, table));
    expect(error).toBeInstanceOf(InvalidFieldTypeError);
    expect(error.message).toBe(message);
    expect(error.status).toBe(400);
    expect(error.options).toMatchObject({ code: 'invalid_type', param: Object.keys(body)[0] });
  });

  it('prefixes the param of a nested field', () => {
    expect(catchError(() => checkFieldTypes({ include_usage: 1 }, { include_usage: ['boolean'] }, 'stream_options.')).options.param).toBe(
      'stream_options.include_usage',
    );
  });
});

function catchError(run: () => void): InvalidFieldTypeError {
  try {
    run();
  } catch (error) {
    return error as InvalidFieldTypeError;
  }
  throw new Error('expected a throw');
}
