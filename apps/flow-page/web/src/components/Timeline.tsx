import type { CommittedOffset, FlowEvent } from '../../../src/shared/flow-api';
import { consumersOf, type TimelineEntry, timelineOf, traceLink } from '../timeline';

interface Props {
  events: FlowEvent[];
  placedAt?: number;
  offsets: CommittedOffset[];
  traceViewerUrl?: string;
}

const ms = (value?: number) => (value === undefined ? '—' : value < 1000 ? `${Math.round(value)} ms` : `${(value / 1000).toFixed(1)} s`);
const short = (id?: string) => (id ? id.slice(0, 8) : '—');

function EventRow({ entry, offsets, traceViewerUrl }: { entry: TimelineEntry; offsets: CommittedOffset[]; traceViewerUrl?: string }) {
  const { event, depth, cause } = entry;
  const trace = traceLink(traceViewerUrl, event.traceparent);
  return (
    <li
      className={event.deadLetter ? 'event dead-letter' : 'event'}
      style={{ marginLeft: `${depth * 1.5}rem` }}
      data-testid="timeline-event"
      data-event-type={event.eventType}
      data-message-id={event.messageId}
      data-causation-id={event.causationId ?? ''}
      data-outbox-ms={entry.outboxMs}
    >
      <div className="event-title">
        <strong>{event.eventType ?? '(no event-type)'}</strong> <span className="topic">{event.topic}</span>
        <span className="hint"> p{event.partition}@{event.offset}</span>
        {trace && (
          <a href={trace} target="_blank" rel="noreferrer">
            trace
          </a>
        )}
      </div>
      <div className="event-flow">
        <span title="the service whose relay published it">{event.producer}</span> →{' '}
        {consumersOf(event, offsets).map(({ group, handled }) => (
          <span key={group} className={handled ? 'consumer handled' : 'consumer pending'} title={handled ? 'offset committed' : 'not handled yet'}>
            {group} {handled ? '✓' : '…'}
          </span>
        ))}
      </div>
      <dl>
        <dt>message</dt>
        <dd>
          <code>{short(event.messageId)}</code>
        </dd>
        <dt>caused by</dt>
        <dd>{cause ? `${cause.eventType} (${short(cause.messageId)})` : event.causationId ? <code>{short(event.causationId)}</code> : 'a request'}</dd>
        <dt>correlation</dt>
        <dd>
          <code>{short(event.correlationId)}</code>
        </dd>
        <dt>in the outbox</dt>
        <dd>{ms(entry.outboxMs)}</dd>
        <dt>on Kafka</dt>
        <dd>
          {ms(entry.kafkaMs)} <span className="hint">{entry.kafkaUntil === 'handled' ? 'until handled' : 'until the page read it'}</span>
        </dd>
      </dl>
      {event.deadLetter && (
        <p className="answer failed">
          dead-lettered by {event.deadLetter.consumerGroup}: {event.deadLetter.error}
        </p>
      )}
      {event.malformed && <p className="answer failed">breaks the contract: {event.malformed}</p>}
    </li>
  );
}

/** An order's events, each under the event that caused it, with who produced and who consumed it. */
export function Timeline({ events, placedAt, offsets, traceViewerUrl }: Props) {
  const entries = timelineOf(events);
  return (
    <section aria-label="timeline">
      <h3>Timeline</h3>
      {entries.length === 0 && placedAt !== undefined && (
        <p className="hint" data-testid="waiting-in-outbox">
          Created: its OrderCreated row is in order-service's outbox and not on Kafka yet (since {new Date(placedAt).toLocaleTimeString()}).
          A stopped relay keeps it there.
        </p>
      )}
      <ol className="timeline" data-testid="timeline">
        {entries.map((entry) => (
          <EventRow key={entry.event.id} entry={entry} offsets={offsets} traceViewerUrl={traceViewerUrl} />
        ))}
      </ol>
    </section>
  );
}
