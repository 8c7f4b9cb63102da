import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { composeMiddleware } from './compose-middleware';

const req = {} as Request;
const res = {} as Response;

function run(steps: RequestHandler[]): Promise<unknown> {
  return new Promise((resolve) => composeMiddleware(steps)(req, res, ((error?: unknown) => resolve(error ?? 'done')) as NextFunction));
}

describe(composeMiddleware.name, () => {
  it('runs the steps in order, then the next layer', async () => {
    const seen: number[] = [];
    const step = (n: number): RequestHandler => (_q, _s, next) => {
      seen.push(n);
      next();
    };
    expect(await run([step(1), step(2), step(3)])).toBe('done');
    expect(seen).toEqual([1, 2, 3]);
  });

  it('skips the remaining steps on next(error), a throw or a rejected promise', async () => {
    const never: RequestHandler = () => {
      throw new Error('must not run');
    };
    const boom = new Error('boom');
    expect(await run([(_q, _s, next) => next(boom), never])).toBe(boom);
    expect(
      await run([
        () => {
          throw boom;
        },
        never,
      ]),
    ).toBe(boom);
    expect(await run([() => Promise.reject(boom), never])).toBe(boom);
  });

  it('continues after a step that calls next later (an asynchronous body parser)', async () => {
    const later: RequestHandler = (_q, _s, next) => void setImmediate(() => next());
    const seen: string[] = [];
    expect(await run([later, (_q, _s, next) => (seen.push('after'), next())])).toBe('done');
    expect(seen).toEqual(['after']);
  });
});
