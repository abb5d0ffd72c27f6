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
 * An order's events in causal order: each event right after its cause, indented one deeper, its
 * siblings by the time they were written. A dead-lettered copy hangs under the event it copies.
 */
export function timelineOf(events: FlowEvent[]): TimelineEntry[] {
  const originals = events.filter((event) => !event.deadLetter);
  const byMessageId = new Map(originals.filter((e) => e.messageId).map((e) => [e.messageId as string, e]));
  const causeOf = (event: FlowEvent) =>
    event.deadLetter ? byMessageId.get(event.messageId ?? '') : byMessageId.get(event.causationId ?? '');
  const effects = new Map<FlowEvent, FlowEvent[]>();
  const roots: FlowEvent[] = [];
  for (const event of events) {
    const cause = causeOf(event);
    if (cause && cause !== event) effects.set(cause, [...(effects.get(cause) ?? []), event]);
    else roots.push(event);
  }
  const entries: TimelineEntry[] = [];
  const visit = (event: FlowEvent, depth: number) => {
    const caused = (effects.get(event) ?? []).sort(byTime);
    const firstHandled = Math.min(...caused.filter((e) => !e.deadLetter).map(whenWritten));
    const published = time(event.publishedAt);
    const outboxMs = published - time(event.occurredAt);
    entries.push({
      event,
      depth,
      cause: causeOf(event),
      outboxMs: Number.isNaN(outboxMs) ? undefined : outboxMs,
      kafkaMs: (Number.isFinite(firstHandled) ? firstHandled : time(event.seenAt)) - published,
      kafkaUntil: Number.isFinite(firstHandled) ? 'handled' : 'seen',
    });
    for (const effect of caused) visit(effect, depth + 1);
  };
  for (const root of roots.sort(byTime)) visit(root, 0);
  return entries;
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
