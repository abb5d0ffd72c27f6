import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { type Answer, api, type ComposedOrder, formatMoney } from '../api';
import { SEEDED_CONSUMERS } from '../seeded-consumers';
import { AnswerLine } from './AnswerLine';

export interface PlacedOrder {
  id: string;
  placedAt: number;
}

const NEW_CONSUMER = 'new';

/** POST /orders with a restaurant and items from kitchen's GET /restaurants, for a new or a seeded consumer. */
export function PlaceOrderForm({ onPlaced }: { onPlaced: (order: PlacedOrder) => void }) {
  const restaurants = useQuery({ queryKey: ['restaurants'], queryFn: api.restaurants });
  const [restaurantId, setRestaurantId] = useState<string>();
  const [quantities, setQuantities] = useState<Record<string, number>>({});
  const [consumer, setConsumer] = useState<string>(NEW_CONSUMER);
  const account = useQuery({
    queryKey: ['account', consumer],
    queryFn: () => api.account(consumer),
    enabled: consumer !== NEW_CONSUMER,
  });
  const place = useMutation({
    mutationFn: api.placeOrder,
    onSuccess: (answer: Answer<ComposedOrder>) => {
      if (answer.ok) onPlaced({ id: answer.body.id, placedAt: Date.now() });
    },
  });

  const restaurant = restaurants.data?.find((r) => r.id === restaurantId) ?? restaurants.data?.[0];
  const lineItems = Object.entries(quantities)
    .filter(([id, quantity]) => quantity > 0 && restaurant?.menu.some((item) => item.id === id))
    .map(([menuItemId, quantity]) => ({ menuItemId, quantity }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!restaurant) return;
    const consumerId = consumer === NEW_CONSUMER ? crypto.randomUUID() : consumer;
    place.mutate({ consumerId, restaurantId: restaurant.id, lineItems });
  };

  if (restaurants.isError) return <p className="answer failed">kitchen's GET /restaurants failed: {String(restaurants.error)}</p>;
  if (!restaurant) return <p>Loading the restaurants from kitchen…</p>;
  return (
    <form className="card" onSubmit={submit} aria-label="place an order">
      <h2>Place an order</h2>
      <label>
        Restaurant{' '}
        <select value={restaurant.id} onChange={(e) => setRestaurantId(e.target.value)}>
          {restaurants.data?.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
              {r.acceptingOrders ? '' : ' (closed)'}
            </option>
          ))}
        </select>
      </label>
      <table>
        <tbody>
          {restaurant.menu.map((item) => (
            <tr key={item.id}>
              <td>{item.name}</td>
              <td>{formatMoney({ amountMinor: item.priceMinor, currency: restaurant.currency })}</td>
              <td>
                <input
                  type="number"
                  min={0}
                  max={100}
                  aria-label={`quantity of ${item.name}`}
                  value={quantities[item.id] ?? 0}
                  onChange={(e) => setQuantities({ ...quantities, [item.id]: Number(e.target.value) })}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <label>
        Consumer{' '}
        <select value={consumer} onChange={(e) => setConsumer(e.target.value)}>
          <option value={NEW_CONSUMER}>a new consumer (default limit 500.00)</option>
          {SEEDED_CONSUMERS.map((seeded) => (
            <option key={seeded.consumerId} value={seeded.consumerId}>
              {seeded.label}
            </option>
          ))}
        </select>
      </label>
      {account.data?.ok && (
        <p className="hint">
          accounting: {account.data.body.enabled ? 'enabled' : 'disabled'}, limit {formatMoney(account.data.body.authorizationLimit)}
        </p>
      )}
      <button type="submit" disabled={lineItems.length === 0 || place.isPending}>
        Place order
      </button>
      <AnswerLine label="POST /orders" answer={place.data} />
    </form>
  );
}
