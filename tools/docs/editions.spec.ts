import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { headingOutline } from './doc-references';
import { codeLinks, guidePages, koreanEditionOf } from './editions';
import { markdownPages, repoRoot } from './markdown-sources';

const read = (page: string) => readFileSync(resolve(repoRoot, page), 'utf8');
const linkFrom = (page: string, to: string) => relative(dirname(page), to);
const header = (page: string) => read(page).split('\n').slice(0, 4).join('\n');

// The English and the Korean edition of every guide page tell the same story: same pages, same
// headings in the same order, the same code at the same lines, each linking to the other at the top.
describe('the Korean edition of the guide', () => {
  const pages = guidePages();

  it('has an edition for every guide page, and no page of its own without an English original', () => {
    const missing = pages.filter((page) => !existsSync(resolve(repoRoot, koreanEditionOf(page))));
    expect(missing).toEqual([]);
    const orphans = markdownPages()
      .filter((page) => page.startsWith('docs/ko/'))
      .filter((page) => !pages.some((english) => koreanEditionOf(english) === page));
    expect(orphans).toEqual([]);
  });

  describe.each(pages)('%s', (page) => {
    const korean = koreanEditionOf(page);

    it('and its Korean edition link to each other in their first lines', () => {
      expect(header(page)).toContain(`[한국어](${linkFrom(page, korean)})`);
      expect(header(korean)).toContain(`[English](${linkFrom(korean, page)})`);
    });

    it('has the same heading structure in both editions', () => {
      expect(headingOutline(read(korean))).toEqual(headingOutline(read(page)));
    });

    it('points at the same code, at the same lines, in both editions', () => {
      expect(codeLinks(korean)).toEqual(codeLinks(page));
    });
  });
});
