/**
 * Hub field paths → the client's own field paths, recorded by a client decoder as it reads a request. Hub messages do
 * not line up with the client's (system messages leave, tool results merge), so an upstream encoder's error about
 * `messages[1].content[0]` is rewritten to the field the client sent, e.g. `messages[3].tool_calls[0]`.
 */
export class ParamPaths {
  private readonly paths = new Map<string, string>();

  set(hubPath: string, clientPath: string): void {
    this.paths.set(hubPath, clientPath);
  }

  /** The longest recorded prefix of `hubParam` (ending at a `.` or `[`) rewritten; the rest of the path kept. */
  toClient(hubParam: string): string {
    for (let end = hubParam.length; end > 0; end = lastBoundary(hubParam, end)) {
      const client = this.paths.get(hubParam.slice(0, end));
      if (client !== undefined) return client + hubParam.slice(end);
    }
    return hubParam;
  }
}

function lastBoundary(path: string, before: number): number {
  return Math.max(path.lastIndexOf('.', before - 1), path.lastIndexOf('[', before - 1));
}
