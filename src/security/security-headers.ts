import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

/**
 * Response headers that matter for a JSON/SSE API: nothing may be sniffed into HTML, framed, or leak a referrer, and
 * a response opened in a browser runs nothing (`default-src 'none'`). The document-only protections (COEP, COOP,
 * CORP, origin-agent-cluster, DNS prefetch, IE download options, Flash policies, the legacy XSS auditor) have nothing
 * to protect here and are off. HSTS is off too: TLS ends at the ingress, which owns that header.
 */
export function securityHeaders() {
  const headers = fixedHeaders(helmetFor());
  // helmet's headers depend on its configuration only: taken once, set on every response without running helmet.
  return (_req: Request, res: Response, next: NextFunction): void => {
    for (let i = 0; i < headers.length; i += 1) res.setHeader(headers[i][0], headers[i][1]);
    next();
  };
}

function helmetFor() {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    crossOriginEmbedderPolicy: false,
    crossOriginOpenerPolicy: false,
    crossOriginResourcePolicy: false,
    originAgentCluster: false,
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: false,
    xContentTypeOptions: true,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xFrameOptions: { action: 'deny' },
    xPermittedCrossDomainPolicies: false,
    xPoweredBy: true,
    xXssProtection: false,
  });
}

/** The headers a helmet middleware sets, read by running it once against a stand-in response. */
function fixedHeaders(middleware: ReturnType<typeof helmet>): [string, string][] {
  const set = new Map<string, string>();
  const res = {
    setHeader: (name: string, value: string) => set.set(name.toLowerCase(), String(value)),
    removeHeader: (name: string) => set.delete(name.toLowerCase()),
    getHeader: (name: string) => set.get(name.toLowerCase()),
  };
  let called = false;
  middleware({ headers: {} } as never, res as never, () => (called = true));
  if (!called) throw new Error('helmet did not finish synchronously; its headers cannot be fixed in advance');
  return [...set];
}
