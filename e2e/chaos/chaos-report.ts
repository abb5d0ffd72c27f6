import type { ChaosResult } from './run-chaos';

/** One row per relay mode: what a learner reads after a run. */
export function chaosTable(results: ChaosResult[]): string {
  const header = ['relay mode', 'orders', 'faults', 'client errors (retried)', 'abandoned', 'lost', 'duplicated', 'reordered', 'stuck', 'dead letters', 'malformed', 'settled after the last fault and request'];
  const rows = results.map((result) => [
    result.mode,
    String(result.orders),
    String(result.faults.length),
    `${result.clientErrors.total} (${result.clientErrors.summary()})`,
    String(result.abandoned.length),
    String(result.lost),
    String(result.duplicated),
    String(result.reordered),
    String(result.stuck.length),
    String(result.deadLettered),
    String(result.malformed),
    `${result.settleSeconds.toFixed(1)} s`,
  ]);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const faults = results[0]?.faults.join(', ') ?? '';
  return [line(header), line(header.map(() => '---')), ...rows.map(line), '', `faults, in order: ${faults}`].join('\n');
}

/** The first few of each kind of finding, for a reader who has to look into one. */
export function chaosDetails(result: ChaosResult, limit = 5): string[] {
  return [...result.abandoned.slice(0, limit), ...result.stuck.slice(0, limit)].map((line) => `${result.mode}: ${line}`);
}
