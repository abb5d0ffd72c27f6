import { counter, gauge } from '@ftgo/platform';

const labelNames = ['aggregate_type', 'state'] as const;

/**
 * Pending and overdue counts are read from the database, so every instance reports the same
 * numbers: aggregate them with max(), not sum().
 */
export const deadlineMetrics = {
  expired: counter({
    name: 'saga_deadline_expirations_total',
    help: 'Saga deadlines that passed and were decided, by the pending state and the state the aggregate left it for',
    labelNames: [...labelNames, 'outcome'],
  }),
  failed: counter({
    name: 'saga_deadline_failures_total',
    help: 'Deadline decisions that failed and were rolled back; retried on the next poll',
    labelNames: ['aggregate_type'],
  }),
  pending: gauge({ name: 'saga_pending', help: 'Aggregates in a pending state (with a deadline)', labelNames }),
  overdue: gauge({
    name: 'saga_pending_overdue',
    help: 'Aggregates still pending after their deadline passed: not decided yet (normally 0 within one poll interval)',
    labelNames,
  }),
};

/** The states each aggregate type was seen pending in, so that a state nobody is in any more reads 0, not its last count. */
const seenStates = new Map<string, Set<string>>();

export function reportPending(aggregateType: string, counts: ReadonlyArray<{ state: string; pending: number; overdue: number }>): void {
  const states = seenStates.get(aggregateType) ?? new Set<string>();
  seenStates.set(aggregateType, states);
  for (const { state } of counts) states.add(state);
  for (const state of states) {
    const count = counts.find((candidate) => candidate.state === state);
    deadlineMetrics.pending.set({ aggregate_type: aggregateType, state }, count?.pending ?? 0);
    deadlineMetrics.overdue.set({ aggregate_type: aggregateType, state }, count?.overdue ?? 0);
  }
}
