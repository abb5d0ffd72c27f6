import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { docReferences } from './doc-references';
import { markdownPages, repoRoot } from './markdown-sources';

/** The guide: the study path, the architecture table and the pattern pages, in English. */
export function guidePages(): string[] {
  return markdownPages().filter((page) => page === 'docs/README.md' || page === 'docs/architecture.md' || /^docs\/patterns\/[^/]+\.md$/.test(page));
}

/** Where a page's Korean edition lives: the same path under docs/ko/. */
export function koreanEditionOf(page: string): string {
  return page.replace(/^docs\//, 'docs/ko/');
}

/**
 * The code a page points at, as repository paths with their line ranges: links to anything but
 * another page. Both editions of a page must point at exactly the same code.
 */
export function codeLinks(page: string): string[] {
  const markdown = readFileSync(resolve(repoRoot, page), 'utf8');
  return [
    ...new Set(
      docReferences(markdown)
        .filter((reference) => reference.kind === 'link' && !/\.md(?:#|$)/.test(reference.target) && !reference.target.startsWith('#'))
        .map((reference) => {
          const [path, fragment] = reference.target.split('#', 2);
          const fromRoot = relative(repoRoot, resolve(dirname(resolve(repoRoot, page)), path)) || '.';
          return fragment ? `${fromRoot}#${fragment}` : fromRoot;
        }),
    ),
  ].sort();
}
