import helmet from 'helmet';

/**
 * Response headers that matter for a JSON/SSE API: nothing may be sniffed into HTML, framed, or leak a referrer, and
 * a response opened in a browser runs nothing (`default-src 'none'`). The document-only protections (COEP, COOP,
 * CORP, origin-agent-cluster, DNS prefetch, IE download options, Flash policies, the legacy XSS auditor) have nothing
 * to protect here and are off. HSTS is off too: TLS ends at the ingress, which owns that header.
 */
export function securityHeaders() {
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
