/** What a page points at, found in its Markdown text. */
export interface DocReference {
  readonly line: number;
  /** As written: a link target (`../x.ts#L3-L9`) or a code-span location (`libs/x.ts:12`). */
  readonly target: string;
  /** The link's text when it is a single code span, e.g. `createGrpcClient`. */
  readonly symbol?: string;
  readonly kind: 'link' | 'location';
}

const LINK = /!?\[((?:[^\]\\]|\\.)*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
// `path/to/file.ext:12` or `path/to/file.ext:12-30` inside a code span.
const LOCATION = /`((?:\.{1,2}\/)?[\w@.-]+(?:\/[\w@.-]+)+\.\w+):(\d+)(?:-(\d+))?`/g;
const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

/** Lines outside fenced code blocks, with their 1-based numbers: links in code are not links. */
export function proseLines(markdown: string): Array<{ line: number; text: string }> {
  const lines: Array<{ line: number; text: string }> = [];
  let fence: string | undefined;
  markdown.split('\n').forEach((text, index) => {
    const marker = /^\s*(`{3,}|~{3,})/.exec(text)?.[1];
    if (marker && (!fence || marker.startsWith(fence))) {
      fence = fence ? undefined : marker;
      return;
    }
    if (!fence) lines.push({ line: index + 1, text });
  });
  return lines;
}

export function docReferences(markdown: string): DocReference[] {
  const references: DocReference[] = [];
  for (const { line, text } of proseLines(markdown)) {
    for (const [, label, target] of text.matchAll(LINK)) {
      if (EXTERNAL.test(target) && !target.startsWith('file:')) continue;
      const symbol = /^`([A-Za-z_$][\w$.]*)(?:\(\))?`$/.exec(label.trim())?.[1];
      const isFileName = symbol !== undefined && /\.(?:[cm]?[jt]s|md|proto|json|ya?ml|sql)$/.test(symbol);
      references.push({ line, target, kind: 'link', ...(symbol && !isFileName ? { symbol } : {}) });
    }
    for (const [, path, start, end] of text.matchAll(LOCATION)) {
      references.push({ line, target: `${path}:${start}${end ? `-${end}` : ''}`, kind: 'location' });
    }
  }
  return references;
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
export function headingSlug(heading: string): string {
  return heading
    .replace(/`/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Every anchor a page offers: its headings (numbered as GitHub does for repeats) and explicit ids. */
export function pageAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const { text } of proseLines(markdown)) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(text)?.[1];
    if (heading !== undefined) {
      const slug = headingSlug(heading);
      const count = seen.get(slug) ?? 0;
      seen.set(slug, count + 1);
      anchors.add(count === 0 ? slug : `${slug}-${count}`);
    }
    for (const [, id] of text.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(id);
  }
  return anchors;
}

/** The headings' levels in order, e.g. ['#', '##', '##', '###']: the shape two editions share. */
export function headingOutline(markdown: string): string[] {
  return proseLines(markdown)
    .map(({ text }) => /^(#{1,6})\s/.exec(text)?.[1])
    .filter((level): level is string => level !== undefined);
}
