import type { Response } from 'express';

const HOOKS = Symbol('responseCloseHooks');

/**
 * Calls `hook` once, when the response closes (sent in full or cut off). The drain, the request log, the metrics, the
 * call's abort signal and the SSE writer each need that moment; they share one 'close' listener per response rather
 * than registering one each. Hooks run in the order they were added.
 */
export function onResponseClose(res: Response, hook: () => void): void {
  const holder = res as Response & { [HOOKS]?: (() => void)[] };
  const hooks = holder[HOOKS];
  if (hooks) {
    hooks.push(hook);
    return;
  }
  const list = [hook];
  holder[HOOKS] = list;
  res.once('close', () => {
    for (let i = 0; i < list.length; i += 1) list[i]();
  });
}
