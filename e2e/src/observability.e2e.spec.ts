import { randomBytes, randomUUID } from 'node:crypto';
import { pollUntil } from '@ftgo/platform';
import { type OtlpReceiver, PROCESSES, type ReceivedSpan, request, startOtlpReceiver } from '@ftgo/tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { dashboardQueries, exposedMetricNames, loadAlertRules, metricNamesOf } from '../../tools/observability/observability-model';
import { newConsumer, orderRequest } from './support/fixtures';
import { System } from './support/system';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const SERVER = 2;
const CLIENT = 3;
const PRODUCER = 4;
const CONSUMER = 5;

/** The hops of one order's creation, in causal order: [process, span kind, name, event type]. */
const HOPS: [string, number, RegExp, string?][] = [
  ['order-service', SERVER, /^POST/],
  ['order-service', CLIENT, /ValidateOrder$/],
  ['kitchen-service', SERVER, /ValidateOrder$/],
  ['order-relay', PRODUCER, /^order\.events publish$/, 'OrderCreated'],
  ['kitchen-service', CONSUMER, /^order\.events process$/, 'OrderCreated'],
  ['accounting-service', CONSUMER, /^order\.events process$/, 'OrderCreated'],
  ['kitchen-relay', PRODUCER, /^kitchen\.ticket\.events publish$/, 'TicketCreated'],
  ['accounting-relay', PRODUCER, /^accounting\.payment\.events publish$/, 'PaymentAuthorized'],
  ['order-service', CONSUMER, /^kitchen\.ticket\.events process$/, 'TicketCreated'],
  ['order-service', CONSUMER, /^accounting\.payment\.events process$/, 'PaymentAuthorized'],
  ['order-relay', PRODUCER, /^order\.events publish$/, 'OrderApproved'],
  ['kitchen-service', CONSUMER, /^order\.events process$/, 'OrderApproved'],
];

const statementOf = (span: ReceivedSpan) => String(span.attributes['db.query.text'] ?? '');
/** A statement cut to its verb and table (`INSERT INTO outbox_message`), or as it is. */
const shortStatement = (sql: string) => sql.replace(/\s+/g, ' ').match(/^(START TRANSACTION|COMMIT|ROLLBACK|(?:INSERT INTO|UPDATE|DELETE FROM) [\w".]+)/)?.[1] ?? sql;

/**
 * The transactions the process ran inside `parent` (among its descendants in the same process),
 * each as its statements in the order they started, between START TRANSACTION and COMMIT.
 */
function transactionsUnder(parent: ReceivedSpan, spans: ReceivedSpan[]): string[][] {
  const inside = new Set([parent.spanId]);
  const descendants: ReceivedSpan[] = [];
  for (let grew = true; grew; ) {
    grew = false;
    for (const span of spans) {
      if (span.service === parent.service && !inside.has(span.spanId) && inside.has(span.parentSpanId ?? '')) {
        inside.add(span.spanId);
        descendants.push(span);
        grew = true;
      }
    }
  }
  const statements = descendants
    // OpenTelemetry's stable database conventions (db.system.name, db.query.text), which the pg instrumentation emits.
    .filter((span) => span.attributes['db.system.name'] === 'postgresql' && statementOf(span))
    .sort((a, b) => (BigInt(a.startTimeUnixNano) < BigInt(b.startTimeUnixNano) ? -1 : 1))
    .map((span) => shortStatement(statementOf(span)));
  const transactions: string[][] = [];
  let open: string[] | undefined;
  for (const statement of statements) {
    if (statement === 'START TRANSACTION') open = [];
    else if (statement === 'COMMIT' && open) {
      transactions.push(open);
      open = undefined;
    } else open?.push(statement);
  }
  return transactions;
}

/**
 * The use cases whose transaction is not (yet) inside their span, each with what it must write:
 * the request's (the order and its OrderCreated row, together); each handler's (the id of the
 * message it claims); and, for every event published, the writer's (its outbox row, in the
 * span the publish continues).
 */
function missingTransactions(spans: ReceivedSpan[]): string[] {
  const useCases: [string, ReceivedSpan | undefined, string[]][] = [
    ['POST /orders', spans.find((span) => matches(span, HOPS[0])), ['INSERT INTO orders', 'INSERT INTO outbox_message']],
    ...HOPS.filter(([, kind]) => kind === CONSUMER).map((hop): [string, ReceivedSpan | undefined, string[]] => [
      `${hop[0]} handling ${hop[3]}`,
      spans.find((span) => matches(span, hop)),
      ['INSERT INTO processed_message'],
    ]),
    ...spans
      .filter((span) => span.kind === PRODUCER)
      .map((publish): [string, ReceivedSpan | undefined, string[]] => [
        `the writer of ${publish.attributes['ftgo.event_type']}`,
        spans.find((span) => span.spanId === publish.parentSpanId),
        ['INSERT INTO outbox_message'],
      ]),
  ];
  return useCases
    .filter(([, span, writes]) => !span || !transactionsUnder(span, spans).some((statements) => writes.every((write) => statements.includes(write))))
    .map(([name, span, writes]) => `${name} (${span?.service ?? 'no span'}): ${writes.join(' + ')} in one transaction`);
}

const matches = (span: ReceivedSpan, [service, kind, name, eventType]: (typeof HOPS)[number]) =>
  span.service === service && span.kind === kind && name.test(span.name) && (!eventType || span.attributes['ftgo.event_type'] === eventType);

// Tracing on (OTLP/JSON to a receiver in this test): one order's trace, across all six processes;
// and the dashboards' and alerts' metrics, against what the six processes really export.
describe('observability of the running system', () => {
  let receiver: OtlpReceiver;
  let system: System;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    system = await System.start({
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '100',
    });
  });

  afterAll(async () => {
    await system?.stop();
    await receiver?.stop();
  });

  // A client's retry on 503 + Retry-After (a cold gRPC channel on a busy machine), with an
  // Idempotency-Key: one order, and every attempt in the caller's trace.
  const placeApprovedOrder = async (headers: Record<string, string>) => {
    const body = orderRequest(newConsumer());
    const withKey = { ...headers, 'Idempotency-Key': randomUUID() };
    const post = () => request('POST', `${system.url('order-service')}/orders`, body, withKey);
    const created = await pollUntil('POST /orders to answer 201', post, { until: (response) => response.status !== 503, intervalMs: 1000 });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const ticketConfirmed = () => request('GET', `${system.url('kitchen-service')}/tickets?orderId=${created.body.id}`);
    await pollUntil('the ticket to await acceptance', ticketConfirmed, { until: (r) => r.body[0]?.state === 'AWAITING_ACCEPTANCE' });
    return created.body.id as string;
  };

  it("continues the caller's trace through HTTP, gRPC, the outbox, Kafka and every handler, to the order's reaction", async () => {
    const [traceId, callerSpanId] = [hex(16), hex(8)];
    await placeApprovedOrder({ traceparent: `00-${traceId}-${callerSpanId}-01` });

    // Six processes export in batches of their own, so a span can arrive before its parent: the
    // wait ends when every hop is in and the trace is one tree (every parent is in it, except the
    // entry span's, which is the caller's). On a timeout the error names what was still missing.
    const trace = () => {
      const spans = receiver.spans.filter((span) => span.traceId === traceId);
      const ids = new Set(spans.map((span) => span.spanId));
      const missingHops = HOPS.filter((hop) => !spans.some((span) => matches(span, hop))).map(([service, , name, eventType]) => `${service} ${name} ${eventType ?? ''}`);
      const orphans = spans.filter((span) => !ids.has(span.parentSpanId ?? '') && span.parentSpanId !== callerSpanId).map((span) => `${span.service} ${span.name}`);
      const transactions = missingHops.length === 0 ? missingTransactions(spans) : ['(every hop first)'];
      // A timeout's message names what was missing, not every span received.
      return { spans, missingHops, orphans, transactions, toJSON: () => ({ missingHops, orphans, transactions }) };
    };
    const { spans } = await pollUntil('every hop of the order, and its transactions, in one tree', trace, {
      until: (found) => found.missingHops.length + found.orphans.length + found.transactions.length === 0,
    });

    expect(new Set(spans.map((span) => span.service))).toEqual(
      new Set(['order-service', 'kitchen-service', 'accounting-service', 'order-relay', 'kitchen-relay', 'accounting-relay']),
    );
    // Each relay publish is linked to the span that wrote its outbox row: an asynchronous hop.
    for (const publish of spans.filter((span) => span.kind === PRODUCER)) {
      expect(publish.links).toEqual([{ traceId, spanId: publish.parentSpanId }]);
    }

    // The database statements of every use case are inside its span (the wait above included them).
    expect(missingTransactions(spans)).toEqual([]);
  });

  it('exports every metric the Grafana dashboards and the Prometheus alerts query', async () => {
    const processes = PROCESSES.map((spec) => (spec.role === 'api' ? (`${spec.service}-service` as const) : (`${spec.service}-relay` as const)));
    const expositions = await Promise.all(processes.map(async (name) => (await fetch(`${system.url(name)}/metrics`)).text()));
    const exported = new Set(expositions.flatMap((text) => [...exposedMetricNames(text)]));
    // `up` is Prometheus's own series for each scraped target.
    exported.add('up');
    const queries = [...dashboardQueries().map((query) => ({ where: query.where, expr: query.expr })), ...loadAlertRules().map((rule) => ({ where: rule.alert, expr: rule.expr }))];
    const missing = queries.flatMap((query) => metricNamesOf(query.expr).filter((name) => !exported.has(name)).map((name) => `${query.where}: ${name}`));
    expect(queries.length).toBeGreaterThan(10);
    expect(missing).toEqual([]);
  });

  it.each([
    ['8 kB long', `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01-${'x'.repeat(8192)}`],
    ['malformed', `00-${'a'.repeat(31)}z-${'b'.repeat(16)}-01`],
  ])('does not accept an invalid %s traceparent: the order gets a fresh trace of its own', async (_, traceparent) => {
    const orderId = await placeApprovedOrder({ traceparent });

    const published = () => receiver.spans.find((span) => span.kind === PRODUCER && span.attributes['messaging.kafka.message.key'] === orderId);
    const { traceId } = await pollUntil(`the publish span of order ${orderId}`, published);
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(traceId).not.toBe('a'.repeat(32));
    const entry = receiver.spans.find((span) => span.traceId === traceId && span.kind === SERVER && span.service === 'order-service');
    expect(entry?.parentSpanId).toBeUndefined();
  });
});
