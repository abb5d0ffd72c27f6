import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const FLOWS = resolve(__dirname, '../../docs/flows.md');

/** One row of the saga state table in docs/flows.md. */
export interface SagaTableRow {
  from: string;
  on: string;
  to: string;
  causes: string[];
  provenBy: string[];
}

type Events = ReadonlyArray<{ type: string }>;

/** How a spec turns the table's words into the aggregate's own methods. */
export interface SagaModel<A extends { state: string }> {
  /** Every state of the aggregate: each must appear in the table. */
  states: readonly string[];
  /** A fresh aggregate for each `from` cell; `—` is "none yet" (a creation). */
  given: Record<string, () => A | undefined>;
  /** What each `on` cell does: returns the events, or the created aggregate with its events. */
  on: Record<string, (aggregate: A) => Events | { created: A; events: Events }>;
}

/** The rows of `aggregate` in the saga state table: `| Order | from | on | to | causes | compensation | proven by |`. */
export function sagaTable(aggregate: string): SagaTableRow[] {
  return readFileSync(FLOWS, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith(`| ${aggregate} |`))
    .map((line) => {
      const [, from, on, to, causes, , provenBy] = line.split('|').slice(1, -1).map((cell) => cell.trim());
      return {
        from: plain(from),
        on: plain(on),
        to: plain(to),
        causes: causes === '—' ? [] : causes.split(',').map((event) => plain(event.trim())),
        provenBy: [...provenBy.matchAll(/\]\(([^)]+)\)/g)].map(([, link]) => link),
      };
    });
}

/** Runs every row of the table through the aggregate's methods; returns what disagrees (empty: none). */
export function sagaTableMismatches<A extends { state: string }>(aggregate: string, model: SagaModel<A>): string[] {
  const rows = sagaTable(aggregate);
  const problems: string[] = [];
  if (rows.length === 0) problems.push(`docs/flows.md has no rows for ${aggregate}`);
  for (const row of rows) {
    const label = `${row.from} --${row.on}--> ${row.to}`;
    const given: (() => A | undefined) | undefined = model.given[row.from];
    const on: SagaModel<A>['on'][string] | undefined = model.on[row.on];
    if (!given) problems.push(`${label}: the spec cannot build "${row.from}"`);
    if (!on) problems.push(`${label}: the spec cannot play "${row.on}"`);
    if (!given || !on) continue;
    if (row.provenBy.length === 0) problems.push(`${label}: no test named`);
    for (const link of row.provenBy) {
      if (!existsSync(join(dirname(FLOWS), link.split('#')[0]))) problems.push(`${label}: ${link} does not exist`);
    }
    const subject = given() as A;
    let outcome: { state: string; causes: string[] };
    try {
      const result = on(subject);
      const [after, events] = Array.isArray(result) ? [subject, result as Events] : [(result as { created: A }).created, (result as { events: Events }).events];
      outcome = { state: after.state, causes: events.map((event) => event.type) };
    } catch {
      outcome = { state: 'refused', causes: [] };
    }
    const expected = { state: row.to.replace(/ .*/, ''), causes: row.causes };
    if (JSON.stringify(outcome) !== JSON.stringify(expected)) problems.push(`${label}: the aggregate went ${JSON.stringify(outcome)}`);
  }
  const named = new Set(rows.flatMap((row) => [row.from.replace(/ .*/, ''), row.to.replace(/ .*/, '')]));
  for (const state of model.states) if (!named.has(state)) problems.push(`${aggregate} state ${state} is not in the table`);
  for (const from of Object.keys(model.given)) if (!rows.some((row) => row.from === from)) problems.push(`the table has no row from "${from}"`);
  for (const on of Object.keys(model.on)) if (!rows.some((row) => row.on === on)) problems.push(`the table has no row on "${on}"`);
  return problems;
}

/** A cell without its markdown: `` `APPROVED` `` → `APPROVED`. */
function plain(cell: string): string {
  return cell.replaceAll('`', '').trim();
}
