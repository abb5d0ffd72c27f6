import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '..', '..');

// Generated, installed or machine-local trees: nothing in them is the project's documentation.
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.infra', '.nx', 'dist', 'coverage', 'generated', 'tmp']);

function walk(dir: string, keep: (path: string) => boolean, found: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.')) walk(join(dir, entry.name), keep, found);
    } else if (keep(entry.name)) {
      found.push(relative(repoRoot, join(dir, entry.name)));
    }
  }
  return found;
}

/** Every page a reader meets: docs/ and each README, as repository-relative paths. */
export function markdownPages(): string[] {
  return walk(repoRoot, (name) => name.endsWith('.md')).sort();
}

/** Source files whose comments may point readers at a page. */
export function sourceFiles(): string[] {
  return ['apps', 'libs', 'tools', 'e2e', 'bench']
    .flatMap((dir) => walk(join(repoRoot, dir), (name) => /\.(ts|mts|proto)$/.test(name)))
    .sort();
}
