import type { Env } from './load-app-config';

/** What the accounts CLI needs to know about where it runs; read here because nothing outside src/config reads env. */
export interface CliEnvironment {
  /** A CI runner: no spinner, no browser, plain progress lines. */
  ci: boolean;
  /** Whether a browser can be opened at all: a desktop OS or an X/Wayland display, and BROWSER is not `none`. */
  graphical: boolean;
}

export function readCliEnvironment(env: Env = process.env, platform: NodeJS.Platform = process.platform): CliEnvironment {
  const ci = Boolean(env.CI) && env.CI !== 'false' && env.CI !== '0';
  const display = Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
  const graphical = env.BROWSER !== 'none' && (platform === 'darwin' || platform === 'win32' || display);
  return { ci, graphical };
}
