import type { Request, Response } from 'express';
import { securityHeaders } from './security-headers';

describe(securityHeaders.name, () => {
  it('sets the fixed API security headers on every response, and nothing else', () => {
    const middleware = securityHeaders();
    for (let i = 0; i < 2; i += 1) {
      const headers: Record<string, string> = {};
      let next = 0;
      const res = { setHeader: (name: string, value: string) => (headers[name] = value) } as unknown as Response;
      middleware({} as Request, res, () => (next += 1));
      expect(next).toBe(1);
      expect(headers).toEqual({
        'content-security-policy': "default-src 'none';frame-ancestors 'none'",
        'referrer-policy': 'no-referrer',
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
      });
    }
  });
});
