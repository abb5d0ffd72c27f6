import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from './api';
import { OrderPanel } from './components/OrderPanel';
import { PlaceOrderForm, type PlacedOrder } from './components/PlaceOrderForm';
import { SystemPanel } from './components/SystemPanel';
import { eventsByOrder } from './timeline';
import { useFlowEvents } from './use-flow-events';

/** Left: place an order and follow it. Right: the system, live, with the outage buttons. */
export function App() {
  const events = useFlowEvents();
  const settings = useQuery({ queryKey: ['settings'], queryFn: api.settings, staleTime: Infinity });
  const system = useQuery({ queryKey: ['system'], queryFn: api.system, refetchInterval: 1_000 });
  const [placed, setPlaced] = useState<PlacedOrder[]>([]);
  const [selected, setSelected] = useState<string>();

  const byOrder = eventsByOrder(events);
  const orderIds = [...new Set([...placed.map((order) => order.id), ...[...byOrder.keys()].reverse()])];
  const current = selected ?? orderIds[0];

  const onPlaced = (order: PlacedOrder) => {
    setPlaced((known) => [order, ...known]);
    setSelected(order.id);
  };

  return (
    <div className="page">
      <header>
        <h1>FTGO flow page</h1>
        <p>
          Place an order, then watch its events cross order, kitchen and accounting through the outbox and Kafka.
          Stop a service or a relay on the right and watch the breakers, the backlog and the lag.
        </p>
      </header>
      <main>
        <section className="orders">
          <PlaceOrderForm onPlaced={onPlaced} />
          {orderIds.length > 0 && (
            <nav aria-label="orders">
              {orderIds.map((id) => (
                <button key={id} className={id === current ? 'selected' : ''} onClick={() => setSelected(id)}>
                  {id.slice(0, 8)}
                </button>
              ))}
            </nav>
          )}
          {current && (
            <OrderPanel
              key={current}
              orderId={current}
              events={byOrder.get(current) ?? []}
              placedAt={placed.find((order) => order.id === current)?.placedAt}
              offsets={system.data?.offsets ?? []}
              traceViewerUrl={settings.data?.traceViewerUrl}
            />
          )}
        </section>
        <SystemPanel snapshot={system.data} error={system.error} />
      </main>
    </div>
  );
}
