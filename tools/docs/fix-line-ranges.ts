/**
 * Re-points every `[`symbol`](file#Lstart-Lend)` link of the pages at the lines the symbol spans
 * now, after code moved: `npm run docs:fix-lines`. The docs check (`npm test`) says which
 * links need it; this rewrites them, and prints what it changed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { markdownPages, repoRoot } from './markdown-sources';
import { symbolRange } from './symbol-range';

const SYMBOL_LINK = /\[`([A-Za-z_$][\w$.]*)(?:\(\))?`\]\(([^)#\s]+)#L(\d+)-L(\d+)\)/g;

for (const page of markdownPages()) {
  const path = resolve(repoRoot, page);
  const before = readFileSync(path, 'utf8');
  const after = before.replace(SYMBOL_LINK, (link, symbol: string, target: string, start: string, end: string) => {
    const range = symbolRange(resolve(dirname(path), target), symbol);
    if (!range || (range.start === Number(start) && range.end === Number(end))) return link;
    console.log(`${page}: ${symbol} ${start}-${end} → ${range.start}-${range.end}`);
    return link.replace(`#L${start}-L${end}`, `#L${range.start}-L${range.end}`);
  });
  if (after !== before) writeFileSync(path, after);
}
