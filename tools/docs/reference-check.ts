import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { type DocReference, headingSlug, pageAnchors } from './doc-references';
import { repoRoot } from './markdown-sources';

const LINE_RANGE = /^L(\d+)(?:-L(\d+))?$/;

function read(path: string): string {
  return readFileSync(path, 'utf8');
}

function lineCount(path: string): number {
  return read(path).replace(/\n$/, '').split('\n').length;
}

/** Where `symbol` is declared or first named in the file (1-based), if anywhere. */
export function symbolLine(path: string, qualified: string): number | undefined {
  // `AggregateChanges.react` is found by its member: the class is named once, its methods each once.
  const symbol = qualified.split('.').pop() ?? qualified;
  const lines = read(path).split('\n');
  const named = new RegExp(`(?<![\\w$])${symbol.replace(/[.$]/g, '\\$&')}(?![\\w$])`);
  const escaped = symbol.replace(/[.$]/g, '\\$&');
  // A type or function declaration first, then a method, then a variable: `attempt()` is the
  // method, not the loop counter named `attempt` in another method.
  const declarations = [
    new RegExp(`(?:class|function|interface|type|enum|service|message|rpc|def)\\s+${escaped}(?![\\w$])`),
    new RegExp(`^\\s*(?:(?:public|private|protected|static|async|readonly|get|set)\\s+)*${escaped}\\s*[<(]`),
    new RegExp(`(?:const|let|var)\\s+${escaped}(?![\\w$])`),
  ];
  for (const declaration of declarations) {
    const index = lines.findIndex((text) => declaration.test(text));
    if (index >= 0) return index + 1;
  }
  const anywhere = lines.findIndex((text) => named.test(text));
  return anywhere >= 0 ? anywhere + 1 : undefined;
}

function checkLineRange(path: string, start: number, end: number, symbol?: string): string | undefined {
  const lines = lineCount(path);
  if (start < 1 || end < start) return `line range ${start}-${end} is empty`;
  if (end > lines) return `line ${end} is past the end of ${relative(repoRoot, path)} (${lines} lines)`;
  if (symbol) {
    const text = read(path).split('\n').slice(start - 1, end).join('\n');
    const member = symbol.split('.').pop() ?? symbol;
    if (!new RegExp(`(?<![\\w$])${member.replace(/\$/g, '\\$&')}(?![\\w$])`).test(text)) {
      const now = symbolLine(path, symbol);
      return `\`${symbol}\` is not in lines ${start}-${end}${now ? ` (it is at line ${now} now)` : ' (nor anywhere in the file)'}`;
    }
  }
  return undefined;
}

function insideRepository(path: string): boolean {
  const fromRoot = relative(repoRoot, path);
  return !fromRoot.startsWith('..') && !isAbsolute(fromRoot);
}

/** What is wrong with one reference of `page` (repository-relative), or undefined when it resolves. */
export function referenceProblem(page: string, reference: DocReference): string | undefined {
  const pageDir = dirname(resolve(repoRoot, page));
  if (reference.kind === 'location') {
    const [, path, start, end] = /^(.*):(\d+)(?:-(\d+))?$/.exec(reference.target) ?? [];
    const file = resolve(path.startsWith('.') ? pageDir : repoRoot, path);
    if (!insideRepository(file)) return 'points outside the repository';
    if (!existsSync(file)) return `${path} does not exist`;
    return checkLineRange(file, Number(start), Number(end ?? start));
  }

  const [path, fragment] = reference.target.split('#', 2) as [string, string | undefined];
  if (path.startsWith('/') || path.startsWith('file:')) return 'is an absolute path';
  const file = path === '' ? resolve(repoRoot, page) : resolve(pageDir, decodeURI(path));
  if (!insideRepository(file)) return 'points outside the repository';
  if (!existsSync(file)) return `${path} does not exist`;
  if (statSync(file).isDirectory()) return fragment ? 'an anchor on a folder' : undefined;

  if (fragment !== undefined) {
    const range = LINE_RANGE.exec(fragment);
    if (range) return checkLineRange(file, Number(range[1]), Number(range[2] ?? range[1]), reference.symbol);
    if (!file.endsWith('.md')) return `#${fragment} is neither a line range (#L3-L9) nor a Markdown heading`;
    if (!pageAnchors(read(file)).has(decodeURIComponent(fragment))) return `no heading #${fragment} in ${path || page}`;
    return undefined;
  }
  if (reference.symbol && !file.endsWith('.md') && !symbolLine(file, reference.symbol)) {
    return `\`${reference.symbol}\` does not occur in ${path}`;
  }
  return undefined;
}

/** Text a reader must never meet: machine paths, places outside the repository, how it was built. */
export const FORBIDDEN_TEXT: ReadonlyArray<{ pattern: RegExp; reason: string }> = [
  { pattern: /(?<![\w.~-])\/(?:work|home|Users|root|tmp|var\/folders|private|mnt)\/[\w.-]/, reason: 'a machine path' },
  { pattern: /[A-Z]:\\[\w.-]+\\/, reason: 'a machine path' },
  { pattern: /(?:^|[^\w.-])(?:\.\.\/)+shared\/|(?:^|[^\w.-])shared\/seed|\.library\//, reason: 'a place outside the repository' },
  { pattern: /\bthe issue\b|\bissues? #?\d+\b|\bthe brief\b|\bintegrator\b|\b(?:coding |AI )?agents?\b/i, reason: 'words about how the project was built' },
];

export function forbiddenText(markdown: string): Array<{ line: number; reason: string; text: string }> {
  return markdown.split('\n').flatMap((text, index) =>
    FORBIDDEN_TEXT.filter(({ pattern }) => pattern.test(text)).map(({ reason }) => ({ line: index + 1, reason, text: text.trim() })),
  );
}

/**
 * A source comment's pointer at a page — a docs/ page, optionally with its heading's anchor or
 * followed by the heading's title in quotes — as a link from the repository root.
 */
export function sourcePageReferences(source: string): DocReference[] {
  return source.split('\n').flatMap((text, index) =>
    [...text.matchAll(/(?<![\w./-])((?:docs|apps|libs|tools)\/[\w./-]+\.md(?:#[\w-]+)?)(?:,\s*"([^"]+)")?/g)].map(
      ([, target, heading]) => ({ line: index + 1, target: heading ? `${target}#${headingSlug(heading)}` : target, kind: 'link' }) as const,
    ),
  );
}
