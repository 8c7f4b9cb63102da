import { spawn } from 'node:child_process';

/**
 * Opens `url` in the person's browser, best effort: never throws, never waits. The caller decides whether a browser
 * can exist at all (a terminal, not CI, a desktop or display); the URL is printed either way.
 */
export function openBrowser(url: string, platform: NodeJS.Platform = process.platform): void {
  const [command, args] =
    platform === 'darwin' ? ['open', [url]] : platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No opener installed: the printed URL is enough.
  }
}
