import type { Request } from 'express';

export interface RouteInfo {
  path: string;
  methods: string[];
}

interface CompiledRoute extends RouteInfo {
  regex: RegExp;
}

/** Label for requests no route matched (404s, probes): one value however many paths scanners try. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * The route pattern (`/v1/models/:id`) a request belongs to, for metric and usage labels. Express knows it once it
 * routed the request; requests refused earlier by middleware (401, 429, 413) are matched against the same route
 * table, so their label is still the pattern and never the raw path.
 */
export class RouteLabels {
  private compiled: CompiledRoute[] | undefined;

  /** `routes` is read on first use, after the application registered its routes. */
  constructor(private readonly routes: () => RouteInfo[]) {}

  label(req: Pick<Request, 'route' | 'path' | 'method'>): string {
    const matched = (req.route as { path?: unknown } | undefined)?.path;
    if (typeof matched === 'string') return matched;
    this.compiled ??= this.routes().flatMap(compileRoute);
    const method = req.method.toLowerCase();
    const candidates = this.compiled.filter((route) => route.regex.test(req.path));
    return (candidates.find((route) => route.methods.includes(method)) ?? candidates[0])?.path ?? UNMATCHED_ROUTE;
  }
}

// Express 5 patterns (path-to-regexp 8): `:param` is one segment, `*name` the rest; optional `{…}` groups are not
// used by this app's routes and are skipped rather than guessed at. Matching is case-insensitive, as Express routes.
function compileRoute(route: RouteInfo): CompiledRoute[] {
  if (/[{}()]/.test(route.path)) return [];
  const body = route.path
    .split('/')
    .map((segment) => {
      if (segment.startsWith(':')) return '[^/]+';
      if (segment.startsWith('*')) return '.+';
      return segment.replace(/[.+?^$|[\]\\]/g, '\\$&');
    })
    .join('/');
  return [{ ...route, regex: new RegExp(`^${body}/?$`, 'i') }];
}

/** The routes registered on an Express application (its router's stack). */
export function expressRoutes(app: unknown): RouteInfo[] {
  const stack = (app as { router?: { stack?: unknown[] } }).router?.stack ?? [];
  const routes: RouteInfo[] = [];
  for (const layer of stack) {
    const route = (layer as { route?: { path?: unknown; methods?: Record<string, boolean> } }).route;
    if (typeof route?.path !== 'string') continue;
    routes.push({ path: route.path, methods: Object.keys(route.methods ?? {}) });
  }
  return routes;
}
