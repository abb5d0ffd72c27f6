import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { docReferences, headingOutline, headingSlug, pageAnchors } from './doc-references';
import { repoRoot } from './markdown-sources';
import { forbiddenText, referenceProblem, symbolLine } from './reference-check';
import { symbolRange } from './symbol-range';

// The checker itself: each rule must catch what it is for, or the docs check proves nothing.
const check = (target: string, symbol?: string) =>
  referenceProblem('docs/patterns/grpc.md', { line: 1, target, kind: 'link', ...(symbol ? { symbol } : {}) });

describe('docReferences', () => {
  it('finds relative links and code-span locations, not external links or links inside code blocks', () => {
    const markdown = [
      'See [guide](../a.md#part), [site](https://example.org) and `libs/x/src/y.ts:3-9`.',
      '[`createGrpcClient`](../../libs/resilience/src/grpc/grpc-client-factory.ts#L1-L9)',
      '```ts',
      '[not a link](../nowhere.md)',
      '```',
    ].join('\n');
    expect(docReferences(markdown)).toEqual([
      { line: 1, target: '../a.md#part', kind: 'link' },
      { line: 1, target: 'libs/x/src/y.ts:3-9', kind: 'location' },
      { line: 2, target: '../../libs/resilience/src/grpc/grpc-client-factory.ts#L1-L9', kind: 'link', symbol: 'createGrpcClient' },
    ]);
  });
});

describe('headings', () => {
  it('slugs headings as GitHub does, Korean letters kept', () => {
    expect(headingSlug('API composition: `?include=ticket,payment`')).toBe('api-composition-includeticketpayment');
    expect(headingSlug('서비스 디스커버리 (DNS)')).toBe('서비스-디스커버리-dns');
    expect([...pageAnchors('# A\n## B\n## B\n```\n# not a heading\n```')]).toEqual(['a', 'b', 'b-1']);
    expect(headingOutline('# A\n## B\n```\n## code\n```\n### C')).toEqual(['#', '##', '###']);
  });
});

describe('referenceProblem', () => {
  it('accepts a file, a folder, a heading and a line range that exist', () => {
    expect(check('circuit-breaker.md')).toBeUndefined();
    expect(check('../adr/')).toBeUndefined();
    expect(check('circuit-breaker.md#the-breakers-states')).toBeUndefined();
    expect(check('../../libs/resilience/src/grpc/grpc-client-factory.ts#L1-L3')).toBeUndefined();
  });

  it('reports a missing file, a missing heading, a range past the end and a symbol outside its range', () => {
    expect(check('nowhere.md')).toMatch(/does not exist/);
    expect(check('circuit-breaker.md#no-such-heading')).toMatch(/no heading/);
    expect(check('../../libs/resilience/src/grpc/grpc-client-factory.ts#L1-L99999')).toMatch(/past the end/);
    expect(check('../../libs/resilience/src/grpc/grpc-client-factory.ts#L1-L1', 'createGrpcClient')).toMatch(
      /is not in lines 1-1 \(it is at line \d+ now\)/,
    );
    expect(check('../../libs/resilience/src/grpc/grpc-client-factory.ts', 'noSuchSymbol')).toMatch(/does not occur/);
  });

  it('reports absolute paths and paths that leave the repository', () => {
    expect(check('/etc/hosts')).toMatch(/absolute/);
    expect(check('../../../outside.md')).toMatch(/outside the repository/);
    expect(referenceProblem('README.md', { line: 1, target: '../x/y.ts:1', kind: 'location' })).toMatch(/outside/);
  });
});

describe('forbiddenText', () => {
  it('flags machine paths, places outside the repository and words about how the project was built', () => {
    const lines = ['see /home/dev/ftgo/x.ts', 'the notes in ../shared/seed/notes.md', 'as the issue asked', 'an `emptyDir` on `/tmp` is fine'];
    expect(forbiddenText(lines.join('\n')).map(({ line }) => line)).toEqual([1, 2, 3]);
  });
});

describe('symbolRange', () => {
  it('spans a declaration from its doc comment to its closing brace, and finds methods before variables of the same name', () => {
    const file = resolve(repoRoot, 'libs/resilience/src/grpc/grpc-client-factory.ts');
    const lines = readFileSync(file, 'utf8').split('\n');
    const { start, end } = symbolRange(file, 'createGrpcClient')!;
    expect(lines[start - 1]).toMatch(/^\/\*\*/);
    expect(lines.slice(start - 1, end).join('\n')).toMatch(/export function createGrpcClient[\s\S]*\n}$/);
    const guard = resolve(repoRoot, 'libs/resilience/src/guard/dependency-guard.ts');
    expect(readFileSync(guard, 'utf8').split('\n')[symbolLine(guard, 'attempt')! - 1]).toMatch(/private async attempt</);
  });
});
