import type { NextFunction, Request, Response } from 'express';
import { isAdminPath } from '../access/access-paths';
import { ApiError } from '../core/errors/api-error';
import type { AllowedHosts } from './allowed-hosts';

/**
 * DNS-rebinding guard for a gateway without inbound keys: a request whose `Host` is not loopback, an IP literal or a
 * name from ALLOWED_HOSTS is refused before anything else runs. With keys on, a rebinding page has no key to send,
 * so the check stays out of the way.
 */
export function hostCheck(allowed: AllowedHosts, keysEnabled: () => boolean) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const host = req.headers.host;
    // /admin has its own key (ADMIN_API_KEY), which a rebinding page does not have either.
    if (keysEnabled() || isAdminPath(req.path) || allowed.allows(host)) return next();
    const shown = String(host).slice(0, 100);
    next(
      new ApiError(
        403,
        `Host "${shown}" is not served: without inbound keys (PROXY_API_KEYS) the gateway answers only localhost, IP ` +
          'addresses and the names in ALLOWED_HOSTS',
        // Nothing more is read from a connection a rebinding page opened.
        { code: 'host_not_allowed', headers: { connection: 'close' } },
      ),
    );
  };
}
