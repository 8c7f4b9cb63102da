// Express routes case-insensitively and ignores a trailing slash, so path checks here must too: a check on the raw
// path alone would let `/V1/messages` through. Everything not listed as open needs a key (deny by default).

/** Paths that never need an inbound key: the service root and the probes. */
export function isOpenPath(path: string): boolean {
  const lower = path.toLowerCase();
  return lower === '/' || lower === '/health' || lower.startsWith('/health/');
}

/** `/metrics`, which has its own key (METRICS_API_KEY). */
export function isMetricsPath(path: string): boolean {
  return path.toLowerCase().replace(/\/+$/, '') === '/metrics';
}

/** `/admin/…`, which has its own key (ADMIN_API_KEY) checked by the admin guard, and answers 404 when that is unset. */
export function isAdminPath(path: string): boolean {
  const lower = path.toLowerCase();
  return lower === '/admin' || lower.startsWith('/admin/');
}
