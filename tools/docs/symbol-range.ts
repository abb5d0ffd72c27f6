import { readFileSync } from 'node:fs';
import { symbolLine } from './reference-check';

/**
 * The lines a declaration spans: from its doc comment and decorators to its closing brace.
 * Found by brace depth, which is enough for the formatted TypeScript and .proto files the guide
 * links to (it is a helper for keeping links current, not a parser).
 */
export function symbolRange(path: string, symbol: string): { start: number; end: number } | undefined {
  const declared = symbolLine(path, symbol);
  if (declared === undefined) return undefined;
  const lines = readFileSync(path, 'utf8').split('\n');
  let start = declared - 1;
  while (start > 0 && /^\s*(?:@|\*|\/\*\*|\/\/)/.test(lines[start - 1])) start--;
  // The body starts on the first line that leaves a brace open, and ends where it closes again.
  let depth = 0;
  let opened = false;
  for (let index = declared - 1; index < lines.length; index++) {
    for (const character of lines[index].replace(/(['"`]).*?\1/g, '')) {
      if (character === '{') depth++;
      else if (character === '}') depth--;
    }
    if (depth > 0) opened = true;
    else if (opened || /[;}]\s*$/.test(lines[index])) return { start: start + 1, end: index + 1 };
  }
  return { start: start + 1, end: declared };
}
