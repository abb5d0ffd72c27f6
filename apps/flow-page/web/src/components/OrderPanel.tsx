import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { CommittedOffset, FlowEvent } from '../../../src/shared/flow-api';
import { type Answer, api, type ComposedOrder, formatMoney, type Part } from '../api';
import { AnswerLine } from './AnswerLine';
import { Timeline } from './Timeline';

interface Props {
  orderId: string;
  events: FlowEvent[];
  /** When the page placed it, if it did: until its first event arrives, it waits in the outbox. */
  placedAt?: number;
  offsets: CommittedOffset[];
  traceViewerUrl?: string;
}

const KITCHEN_VERBS = ['accept', 'preparing', 'ready-for-pickup', 'picked-up'] as const;

function PartState({ title, part }: { title: string; part?: Part }) {
  if (!part) return null;
  const state = part.status === 'available' ? String(part.state) : part.status;
  return (
    <div className="state" data-testid={`${title}-state`}>
      <span className="label">{title}</span> <strong>{state}</strong>
      {part.status !== 'available' && <span className="hint"> {part.reason}</span>}
    </div>
  );
}

/** One order: each service's view of it (GET /orders/{id}?include=ticket,payment), its verbs, its timeline. */
export function OrderPanel({ orderId, events, placedAt, offsets, traceViewerUrl }: Props) {
  const queryClient = useQueryClient();
  // Refetched on each of the order's events (see use-flow-events.ts), and every few seconds in case a read failed.
  const order = useQuery({ queryKey: ['order', orderId], queryFn: () => api.order(orderId), refetchInterval: 3_000 });
  const [last, setLast] = useState<{ label: string; answer: Answer }>();
  const [revisedQuantity, setRevisedQuantity] = useState(1);
  const act = useMutation({
    mutationFn: async ({ label, run }: { label: string; run: () => Promise<Answer> }) => ({ label, answer: await run() }),
    onSuccess: (result) => {
      setLast(result);
      void queryClient.invalidateQueries({ queryKey: ['order', orderId] });
    },
  });
  const data: ComposedOrder | undefined = order.data;
  const ticketId = data?.ticketId ?? (data?.ticket?.status === 'available' ? String(data.ticket.id) : undefined);
  const firstItem = data?.lineItems[0];
  // A revision lists every item again (the order's new contents): the first one gets the new quantity.
  const revised = () =>
    (data?.lineItems ?? []).map((item, index) => ({ menuItemId: item.menuItemId, quantity: index === 0 ? revisedQuantity : item.quantity }));

  return (
    <article className="card" aria-label={`order ${orderId}`}>
      <h2>
        Order <code>{orderId}</code>
      </h2>
      {order.isError && <p className="answer failed">GET /orders/{orderId}: {String(order.error)}</p>}
      {data && (
        <div className="states">
          <div className="state" data-testid="order-state">
            <span className="label">order</span> <strong>{data.state}</strong> {formatMoney(data.total)}
            {data.reason && <span className="hint"> {data.reason}</span>}
          </div>
          <PartState title="ticket" part={data.ticket} />
          <PartState title="payment" part={data.payment} />
        </div>
      )}
      <div className="actions">
        <button onClick={() => act.mutate({ label: 'POST /orders/{id}/cancel', run: () => api.cancel(orderId) })}>Cancel</button>
        <span className="revise">
          <input
            type="number"
            min={1}
            max={100}
            aria-label="revised quantity"
            value={revisedQuantity}
            onChange={(e) => setRevisedQuantity(Number(e.target.value))}
          />
          <button
            disabled={!firstItem}
            onClick={() =>
              firstItem &&
              act.mutate({
                label: 'POST /orders/{id}/revise',
                run: () => api.revise(orderId, revised()),
              })
            }
          >
            Revise: first item's quantity
          </button>
        </span>
        {KITCHEN_VERBS.map((verb) => (
          <button
            key={verb}
            disabled={!ticketId}
            onClick={() =>
              ticketId &&
              act.mutate({
                label: `POST /tickets/{id}/${verb}`,
                run: () =>
                  api.ticketVerb(ticketId, verb, verb === 'accept' ? { readyBy: new Date(Date.now() + 30 * 60_000).toISOString() } : {}),
              })
            }
          >
            Kitchen: {verb}
          </button>
        ))}
      </div>
      <AnswerLine label={last?.label ?? ''} answer={last?.answer} />
      <Timeline events={events} placedAt={placedAt} offsets={offsets} traceViewerUrl={traceViewerUrl} />
    </article>
  );
}
