/**
 * Where an aggregate keeps its saga deadline: a nullable timestamp column on the aggregate's own
 * table, set in the transaction that enters a pending state and cleared in the one that leaves
 * it — so the deadline commits, or not, with the state it guards.
 */
export interface DeadlineTarget {
  /** For logs and metric labels, e.g. `Order`. */
  aggregateType: string;
  table: string;
  /** Default `id`. */
  idColumn?: string;
  /** Default `deadline_at`. */
  deadlineColumn?: string;
  /** Default `state`: labels the metrics with the pending state. */
  stateColumn?: string;
}

export type ResolvedTarget = Required<DeadlineTarget>;

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** The target with its defaults; refuses anything but plain lower-case identifiers, since they go into SQL. */
export function resolveTarget(target: DeadlineTarget): ResolvedTarget {
  const resolved = { idColumn: 'id', deadlineColumn: 'deadline_at', stateColumn: 'state', ...target };
  for (const name of [resolved.table, resolved.idColumn, resolved.deadlineColumn, resolved.stateColumn]) {
    if (!IDENTIFIER.test(name)) throw new Error(`deadline target of ${target.aggregateType}: "${name}" is not a plain SQL identifier`);
  }
  return resolved;
}
