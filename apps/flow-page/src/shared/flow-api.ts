/**
 * What the flow page's server sends its browser: types only, imported by both sides, so the
 * front end's bundle gets none of the server's code.
 */

/** One Kafka record as the page shows it. Times are ISO strings. */
export interface FlowEvent {
  /** Kafka's own address of the record: unique, and what the browser deduplicates by. */
  id: string;
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  messageId?: string;
  eventType?: string;
  aggregateType?: string;
  aggregateId?: string;
  correlationId?: string;
  causationId?: string;
  traceparent?: string;
  /** The `occurred-at` header: when the business transaction wrote the outbox row. */
  occurredAt?: string;
  /** The record's timestamp: when the relay handed it to Kafka. */
  publishedAt: string;
  /** When the page's own consumer received it. */
  seenAt: string;
  /** The service whose relay published it (for a dead-letter topic: the consumer that gave up). */
  producer: string;
  /** The order the event belongs to: its payload's `orderId`, or the aggregate id of an Order event. */
  orderId?: string;
  payload: unknown;
  /** Set on a dead-letter topic: who gave up on the message, and why. */
  deadLetter?: { consumerGroup?: string; error?: string; originalTopic?: string; originalOffset?: string };
  /** Set when the record breaks the messaging contract (no message id, not JSON). */
  malformed?: string;
}

export interface BreakerSample {
  dependency: string;
  state: 'closed' | 'open' | 'half-open';
}

export interface LagSample {
  group: string;
  topic: string;
  partition: string;
  lag: number;
}

/** One process's /metrics and /health/ready at one moment. */
export interface ProcessSample {
  name: string;
  role: 'api' | 'relay';
  url: string;
  /** Answered at all: false when the process is down or unreachable. */
  reachable: boolean;
  /** /health/ready's status: `ok`, `error` (503), or the reason it could not be read. */
  readiness: string;
  breakers: BreakerSample[];
  /** The process's own view of its consumers' lag (as of their last fetch). */
  lag: LagSample[];
  /** Relays only: unsent outbox rows, the age of the oldest one, whether this relay holds the lock. */
  outbox?: { backlog: number; oldestUnsentAgeSeconds: number; leader: boolean };
}

/** A committed offset of one of the services' consumer groups, beside the partition's end. */
export interface CommittedOffset {
  group: string;
  topic: string;
  partition: number;
  /** The next offset the group will read: every record below it is handled. */
  offset: number;
  /** The partition's high watermark: `end - offset` is the group's lag, even while it is down. */
  end: number;
}

/** One point of the sparklines: backlog per relay (absent while it is down), lag per consumer group. */
export interface HistoryPoint {
  at: number;
  backlog: Record<string, number | undefined>;
  lag: Record<string, number>;
}

export type ProcessState = 'starting' | 'running' | 'stopping' | 'stopped' | 'exited';

/** One process as the launcher's control endpoint lists it (tools/dev/supervisor.ts, ProcessStatus). */
export interface ControlledProcess {
  name: string;
  role: string;
  url: string;
  state: ProcessState;
  pid?: number;
  error?: string;
}

export type ControlPanel =
  | { available: true; processes: ControlledProcess[] }
  | { available: false; reason: string };

export interface SystemSnapshot {
  sampledAt: string;
  processes: ProcessSample[];
  offsets: CommittedOffset[];
  history: HistoryPoint[];
  control: ControlPanel;
}

/** What the page needs to know about its own set-up. */
export interface PageSettings {
  /** `{traceId}` is replaced by the trace id of an event's `traceparent`. */
  traceViewerUrl?: string;
  consumerGroups: string[];
}
