import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { docReferences } from './doc-references';
import { markdownPages, repoRoot, sourceFiles } from './markdown-sources';
import { forbiddenText, referenceProblem, sourcePageReferences } from './reference-check';

// Every page a reader can open: each link, `file:line` and `file#Lstart-Lend` must land on
// something in this repository, and the text speaks of the project only.
const pages = markdownPages();
const read = (path: string) => readFileSync(resolve(repoRoot, path), 'utf8');

describe('the documentation', () => {
  it('finds the pages: the READMEs and docs/', () => {
    expect(pages).toContain('README.md');
    expect(pages).toContain('docs/README.md');
    expect(pages.filter((page) => page.startsWith('docs/patterns/')).length).toBeGreaterThan(5);
  });

  describe.each(pages)('%s', (page) => {
    const markdown = read(page);

    it('links and cites only files, headings and line ranges that exist in the repository', () => {
      const broken = docReferences(markdown)
        .map((reference) => ({ reference, problem: referenceProblem(page, reference) }))
        .filter(({ problem }) => problem !== undefined)
        .map(({ reference, problem }) => `${page}:${reference.line} ${reference.target}: ${problem}`);
      expect(broken).toEqual([]);
    });

    it('names no machine path, no place outside the repository, nothing about how it was built', () => {
      expect(forbiddenText(markdown).map(({ line, reason, text }) => `${page}:${line} ${reason}: ${text}`)).toEqual([]);
    });
  });

  it('is pointed at only by source comments naming pages and headings that exist', () => {
    const broken = sourceFiles().flatMap((file) =>
      sourcePageReferences(read(file))
        // resolved from the repository root, as a comment's path is written
        .map((reference) => ({ reference, problem: referenceProblem('README.md', reference) }))
        .filter(({ problem }) => problem !== undefined)
        .map(({ reference, problem }) => `${file}:${reference.line} ${reference.target}: ${problem}`),
    );
    expect(broken).toEqual([]);
  }, 60_000); // it reads every source file: seconds on a saturated machine, not a speed claim
});
