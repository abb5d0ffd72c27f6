import type { CommittedOffset, FlowEvent } from '../../src/shared/flow-api';

/** One row of an order's timeline: the event, where it sits in the causal tree, and its timings. */
export interface TimelineEntry {
  event: FlowEvent;
  /** 0 for an event a request caused; 1 + its cause's depth for an event a handler caused. */
  depth: number;
  /** The event on the page whose handling caused this one (`causation-id` = its `message-id`). */
  cause?: FlowEvent;
  /** `occurred-at` → record timestamp: how long the row waited for its relay. */
  outboxMs?: number;
  /** Record timestamp → the first event it caused occurred (`until: 'handled'`), or the page read it. */
  kafkaMs: number;
  kafkaUntil: 'handled' | 'seen';
}

const time = (iso?: string) => (iso ? Date.parse(iso) : Number.NaN);
const whenWritten = (event: FlowEvent) => time(event.occurredAt ?? event.publishedAt);
const byTime = (a: FlowEvent, b: FlowEvent) => whenWritten(a) - whenWritten(b) || a.id.localeCompare(b.id);

/** The events of each order, keyed by order id, in arrival order. */
export function eventsByOrder(events: FlowEvent[]): Map<string, FlowEvent[]> {
  const orders = new Map<string, FlowEvent[]>();
  for (const event of events) {
    if (!event.orderId) continue;
    orders.set(event.orderId, [...(orders.get(event.orderId) ?? []), event]);
  }
  return orders;
}

/**
 * An order's events in causal order: an event never before the event whose handling caused it
 * (`causation-id` = that event's `message-id`), otherwise in the order they were written. A
 * dead-lettered copy comes after the event it copies. `depth` is the event's causal generation.
 */
export function timelineOf(events: FlowEvent[]): TimelineEntry[] {
  const byMessageId = new Map(events.filter((e) => e.messageId && !e.deadLetter).map((e) => [e.messageId as string, e]));
  const causeOf = (event: FlowEvent) => {
    const cause = byMessageId.get((event.deadLetter ? event.messageId : event.causationId) ?? '');
    return cause === event ? undefined : cause;
  };
  const effectsOf = (event: FlowEvent) => events.filter((other) => causeOf(other) === event);

  const placed = new Map<FlowEvent, number>();
  const waiting = [...events].sort(byTime);
  while (waiting.length) {
    // The earliest event whose cause is already placed: Kahn's topological sort, by time.
    const next = waiting.findIndex((event) => !causeOf(event) || placed.has(causeOf(event) as FlowEvent));
    const [event] = waiting.splice(next === -1 ? 0 : next, 1);
    const cause = causeOf(event);
    placed.set(event, cause ? (placed.get(cause) ?? -1) + 1 : 0);
  }

  return [...placed].map(([event, depth]) => {
    const handled = effectsOf(event).filter((effect) => !effect.deadLetter).map(whenWritten);
    const firstHandled = Math.min(...handled);
    const published = time(event.publishedAt);
    const outboxMs = published - time(event.occurredAt);
    return {
      event,
      depth,
      cause: causeOf(event),
      outboxMs: Number.isNaN(outboxMs) ? undefined : outboxMs,
      kafkaMs: (Number.isFinite(firstHandled) ? firstHandled : time(event.seenAt)) - published,
      kafkaUntil: Number.isFinite(firstHandled) ? 'handled' : 'seen',
    };
  });
}

/** Each of the services' groups that reads the event's topic, and whether it has handled the event. */
export function consumersOf(event: FlowEvent, offsets: CommittedOffset[]): { group: string; handled: boolean }[] {
  const onTopic = offsets.filter((offset) => offset.topic === event.topic);
  const groups = [...new Set(onTopic.map((offset) => offset.group))].sort();
  return groups.map((group) => {
    const committed = onTopic.find((offset) => offset.group === group && offset.partition === event.partition);
    return { group, handled: committed !== undefined && committed.offset > Number(event.offset) };
  });
}

const TRACEPARENT = /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/;

/** The trace viewer's page of the event's trace, when a viewer is configured and `traceparent` is valid. */
export function traceLink(template: string | undefined, traceparent: string | undefined): string | undefined {
  const traceId = traceparent && TRACEPARENT.exec(traceparent.trim())?.[1];
  if (!template || !traceId || /^0+$/.test(traceId)) return undefined;
  return template.replace('{traceId}', traceId);
}
