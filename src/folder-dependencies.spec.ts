import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import * as ts from 'typescript';

/*
 * The feature folders under src/ form a one-way graph: no two folders import each other, directly or around a loop.
 * A file-level cycle finder misses folder loops (they pass through different files), and @Global() modules hide
 * them from Nest, so this reads every import of every .ts file (type-only imports, re-exports and specs included)
 * with the TypeScript scanner and checks the graph of top-level folders. Files directly in src/ (main.ts, the root
 * module, create-app.ts) are the composition root and may import any folder; no folder may import them.
 */

const SRC = resolve(__dirname);

/** One import that crosses folders: `from` imports `to` at `file` (`specifier` as written). */
interface FolderEdge {
  from: string;
  to: string;
  file: string;
  specifier: string;
}

const ROOT = '(src root)';

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function folderOf(path: string): string | undefined {
  const parts = relative(SRC, path).split(sep);
  if (parts[0] === '..') return undefined;
  return parts.length === 1 ? ROOT : parts[0];
}

/** Every import, `export … from`, `import()` and `require()` of the file that resolves into another src folder. */
function folderEdgesOf(file: string, text: string): FolderEdge[] {
  const from = folderOf(file)!;
  const { importedFiles } = ts.preProcessFile(text, true, true);
  return importedFiles
    .filter(({ fileName }) => fileName.startsWith('.'))
    .map(({ fileName }) => ({ from, to: folderOf(resolve(dirname(file), fileName)), file: relative(SRC, file), specifier: fileName }))
    .filter((edge): edge is FolderEdge => edge.to !== undefined && edge.to !== from);
}

/** The strongly connected components with more than one folder (Tarjan): each one is a loop. */
function folderLoops(edges: readonly FolderEdge[]): string[][] {
  const next = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    if (!next.has(from)) next.set(from, new Set());
    if (!next.has(to)) next.set(to, new Set());
    next.get(from)!.add(to);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const loops: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const target of next.get(node)!) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node)!, index.get(target)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1) loops.push(component.sort());
  };
  for (const node of [...next.keys()].sort()) if (!index.has(node)) visit(node);
  return loops;
}

/** The imports that hold a loop together, one line each, for the failure message. */
function describeLoop(loop: string[], edges: readonly FolderEdge[]): string {
  const inside = edges.filter((edge) => loop.includes(edge.from) && loop.includes(edge.to));
  const lines = inside.map((edge) => `  ${edge.from} -> ${edge.to}: ${edge.file} imports '${edge.specifier}'`);
  return [`loop between ${loop.join(', ')}:`, ...[...new Set(lines)].sort()].join('\n');
}

describe('folder dependencies under src/', () => {
  describe('the checker', () => {
    const edge = (from: string, to: string): FolderEdge => ({ from, to, file: `${from}/x.ts`, specifier: `../${to}/y` });

    it('finds a direct loop and a loop through a third folder, and nothing in a one-way graph', () => {
      expect(folderLoops([edge('a', 'b'), edge('b', 'a')])).toEqual([['a', 'b']]);
      expect(folderLoops([edge('a', 'b'), edge('b', 'c'), edge('c', 'a'), edge('c', 'd')])).toEqual([['a', 'b', 'c']]);
      expect(folderLoops([edge('a', 'b'), edge('b', 'c'), edge('a', 'c')])).toEqual([]);
    });

    it('reads type-only imports, re-exports, dynamic imports and requires, and ignores packages', () => {
      const file = join(SRC, 'a', 'deep', 'file.ts');
      const text = [
        "import type { T } from '../../b/t';",
        "export { U } from '../../c/u';",
        "const lazy = () => import('../../d/lazy');",
        "const cjs = require('../../e/cjs');",
        "import { Injectable } from '@nestjs/common';",
        "import { same } from '../same-folder';",
      ].join('\n');
      expect(folderEdgesOf(file, text).map(({ to }) => to)).toEqual(['b', 'c', 'd', 'e']);
    });

    it('counts an import of a file directly in src/ as an edge to the composition root', () => {
      expect(folderEdgesOf(join(SRC, 'a', 'file.ts'), "import { createApp } from '../create-app';")).toMatchObject([{ to: ROOT }]);
    });
  });

  describe('the source tree', () => {
    const edges = tsFiles(SRC).flatMap((file) => folderEdgesOf(file, readFileSync(file, 'utf8')));

    it('reads the real imports (the tree has cross-folder imports to check)', () => {
      expect(edges.length).toBeGreaterThan(50);
    });

    it('has no two folders that import each other, directly or around a loop', () => {
      const loops = folderLoops(edges);
      expect(loops.map((loop) => describeLoop(loop, edges))).toEqual([]);
    });

    it('has no folder importing the composition root (main.ts, the root module, create-app.ts)', () => {
      const intoRoot = edges.filter((edge) => edge.to === ROOT).map((edge) => `${edge.file} imports '${edge.specifier}'`);
      expect(intoRoot).toEqual([]);
    });
  });
});
