import type { PageSettings, SystemSnapshot } from '../../src/shared/flow-api';

/** Every answer the page shows, errors included: the status code is part of the lesson. */
export interface Answer<T = unknown> {
  ok: boolean;
  status: number;
  body: T;
  retryAfter?: string;
}

export async function call<T = unknown>(method: string, path: string, body?: unknown): Promise<Answer<T>> {
  const response = await fetch(path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    ok: response.ok,
    status: response.status,
    body: text ? JSON.parse(text) : undefined,
    retryAfter: response.headers.get('retry-after') ?? undefined,
  };
}

async function read<T>(path: string): Promise<T> {
  const answer = await call<T>('GET', path);
  if (!answer.ok) throw new Error(`GET ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

export interface Money {
  amountMinor: number;
  currency: string;
}

export interface Restaurant {
  id: string;
  name: string;
  acceptingOrders: boolean;
  currency: string;
  menu: { id: string; name: string; priceMinor: number }[];
}

export interface LineItem {
  menuItemId: string;
  quantity: number;
}

/** A composed part of GET /orders/{id}?include=...: the provider's view, or why it is missing. */
export type Part = ({ status: 'available' } & Record<string, unknown>) | { status: 'not-found' | 'unavailable'; reason: string };

export interface ComposedOrder {
  id: string;
  consumerId: string;
  state: string;
  lineItems: (LineItem & { name?: string })[];
  total: Money;
  ticketId?: string;
  paymentId?: string;
  reason?: string;
  ticket?: Part;
  payment?: Part;
}

export interface Account {
  consumerId: string;
  enabled: boolean;
  authorizationLimit: Money;
}

/** The page's own API, and the services' public REST APIs through the page's pass-through. */
export const api = {
  settings: () => read<PageSettings>('/api/settings'),
  system: () => read<SystemSnapshot>('/api/system'),
  control: (name: string, verb: 'stop' | 'start') => call('POST', `/api/processes/${name}/${verb}`, {}),
  restaurants: () => read<Restaurant[]>('/api/kitchen/restaurants'),
  account: (consumerId: string) => call<Account>('GET', `/api/accounting/accounts/${consumerId}`),
  order: (id: string) => read<ComposedOrder>(`/api/order/orders/${id}?include=ticket,payment`),
  placeOrder: (order: { consumerId: string; restaurantId: string; lineItems: LineItem[] }) =>
    call<ComposedOrder>('POST', '/api/order/orders', order),
  cancel: (orderId: string) => call<ComposedOrder>('POST', `/api/order/orders/${orderId}/cancel`, {}),
  revise: (orderId: string, lineItems: LineItem[]) => call<ComposedOrder>('POST', `/api/order/orders/${orderId}/revise`, { lineItems }),
  ticketVerb: (ticketId: string, verb: string, body: unknown = {}) => call('POST', `/api/kitchen/tickets/${ticketId}/${verb}`, body),
};

export const formatMoney = (money?: Money | null) =>
  money ? `${(money.amountMinor / 100).toFixed(2)} ${money.currency}` : '—';
