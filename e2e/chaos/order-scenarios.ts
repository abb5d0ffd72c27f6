import { randomUUID } from 'node:crypto';
import { pollUntil } from '@ftgo/platform';
import { request } from '@ftgo/tools';
import { Consumers, orderRequest } from '../src/support/fixtures';
import { type ClientErrors, send, untilAnswered } from './client';

/** Where an order, its ticket and its payment must end up once the system has settled. */
export interface Expectation {
  orderId: string;
  kind: ScenarioKind;
  orderState: string;
  totalMinor: number;
  ticketStates: string[];
  paymentState: string;
  paymentMinor: number;
}

export type ScenarioKind = 'picked-up' | 'declined' | 'cancelled' | 'revised';
export const SCENARIO_KINDS: ScenarioKind[] = ['picked-up', 'declined', 'cancelled', 'revised'];

export interface Endpoints {
  order: string;
  kitchen: string;
}

const PRICE_MINOR = 1295;
/** A fault may hold an order in its pending state for a while: wait for the state, not for a time. */
const STATE_TIMEOUT_MS = 180_000;

export class OrderScenarios {
  constructor(
    private readonly endpoints: () => Endpoints,
    private readonly errors: ClientErrors,
    /** Told each step as it begins: what a scenario is waiting for when a run stalls. */
    private readonly onStep: (step: string) => void = () => undefined,
    /** Ends every wait of the scenarios at once: the run has failed. */
    private readonly signal?: AbortSignal,
  ) {}

  run(kind: ScenarioKind): Promise<Expectation> {
    switch (kind) {
      case 'picked-up':
        return this.pickedUp();
      case 'declined':
        return this.declined();
      case 'cancelled':
        return this.cancelled();
      case 'revised':
        return this.revised();
    }
  }

  private async pickedUp(): Promise<Expectation> {
    const orderId = await this.approvedOrder();
    const ticketId = await this.ticketOf(orderId);
    await this.kitchenVerb(ticketId, 'accept', 'ACCEPTED', { readyBy: new Date(Date.now() + 3_600_000).toISOString() });
    await this.kitchenVerb(ticketId, 'preparing', 'PREPARING');
    await this.kitchenVerb(ticketId, 'ready-for-pickup', 'READY_FOR_PICKUP');
    await this.kitchenVerb(ticketId, 'picked-up', 'PICKED_UP');
    return { orderId, kind: 'picked-up', ...approved(2), ticketStates: ['PICKED_UP'] };
  }

  private async declined(): Promise<Expectation> {
    const orderId = await this.placeOrder(Consumers.alwaysDeclined, 2);
    const expected = { orderState: 'REJECTED', totalMinor: 2 * PRICE_MINOR, paymentState: 'DECLINED', paymentMinor: 2 * PRICE_MINOR };
    return { orderId, kind: 'declined', ...expected, ticketStates: ['CANCELLED', 'REJECTED'] };
  }

  private async cancelled(): Promise<Expectation> {
    const orderId = await this.approvedOrder();
    await this.orderCommand(orderId, 'cancel', {}, ['CANCEL_PENDING', 'CANCELLED']);
    const expected = { orderState: 'CANCELLED', totalMinor: 2 * PRICE_MINOR, paymentState: 'REVERSED', paymentMinor: 2 * PRICE_MINOR };
    return { orderId, kind: 'cancelled', ...expected, ticketStates: ['CANCELLED'] };
  }

  private async revised(): Promise<Expectation> {
    const orderId = await this.approvedOrder();
    const lineItems = [{ menuItemId: 'chicken-vindaloo', quantity: 3 }];
    await this.orderCommand(orderId, 'revise', { lineItems }, ['REVISION_PENDING'], (order) => order.total.amountMinor === 3 * PRICE_MINOR);
    return { orderId, kind: 'revised', ...approved(3), ticketStates: ['AWAITING_ACCEPTANCE'] };
  }

  private async approvedOrder(): Promise<string> {
    const orderId = await this.placeOrder(randomUUID(), 2);
    await this.orderIn(orderId, (order) => order.state === 'APPROVED');
    return orderId;
  }

  /** POST /orders with an Idempotency-Key, so that a retry after a lost answer creates nothing new. */
  private async placeOrder(consumerId: string, quantity: number): Promise<string> {
    const headers = { 'Idempotency-Key': randomUUID() };
    this.onStep('POST /orders');
    const created = await untilAnswered(this.errors, () => send('POST', `${this.endpoints().order}/orders`, orderRequest(consumerId, quantity), headers)(), this.signal);
    if (created.status !== 201) throw new Error(`POST /orders answered ${created.status}: ${JSON.stringify(created.body)}`);
    return created.body.id;
  }

  /**
   * A command that is safe to repeat because a refusal is checked against the state: a 409 after
   * a lost answer means the first attempt was taken.
   */
  private async orderCommand(orderId: string, verb: string, body: unknown, acceptedStates: string[], done: (order: OrderView) => boolean = () => false) {
    for (;;) {
      this.onStep(`POST /orders/${orderId}/${verb}`);
      const answer = await untilAnswered(this.errors, send('POST', `${this.endpoints().order}/orders/${orderId}/${verb}`, body), this.signal);
      if (answer.status === 202) return;
      const order = await this.orderIn(orderId, () => true);
      if (answer.status === 409 && (acceptedStates.includes(order.state) || done(order))) return;
      if (answer.status !== 409 || order.state !== 'APPROVED') throw new Error(`${verb} of order ${orderId} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      this.errors.record(`${verb} refused while busy`);
    }
  }

  private async kitchenVerb(ticketId: string, verb: string, target: string, body: unknown = {}): Promise<void> {
    this.onStep(`POST /tickets/${ticketId}/${verb}`);
    const answer = await untilAnswered(this.errors, send('POST', `${this.endpoints().kitchen}/tickets/${ticketId}/${verb}`, body), this.signal);
    if (answer.status === 200) return;
    const ticket = await untilAnswered(this.errors, send('GET', `${this.endpoints().kitchen}/tickets/${ticketId}`), this.signal);
    if (answer.status === 409 && ticket.body.state === target) return; // the first attempt was taken
    throw new Error(`${verb} of ticket ${ticketId} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  }

  /** The order's ticket once the kitchen may act on it: confirmed by the order's approval. */
  private async ticketOf(orderId: string): Promise<string> {
    this.onStep(`waiting for the confirmed ticket of order ${orderId}`);
    const found = await pollUntil(`the confirmed ticket of order ${orderId}`, () => request('GET', `${this.endpoints().kitchen}/tickets?orderId=${orderId}`), {
      until: (answer) => answer.status === 200 && answer.body.length === 1 && answer.body[0].state === 'AWAITING_ACCEPTANCE',
      timeoutMs: STATE_TIMEOUT_MS,
      intervalMs: 200,
      signal: this.signal,
    });
    return found.body[0].id;
  }

  private async orderIn(orderId: string, until: (order: OrderView) => boolean): Promise<OrderView> {
    this.onStep(`waiting for order ${orderId}`);
    const found = await pollUntil(`order ${orderId}`, () => request<OrderView>('GET', `${this.endpoints().order}/orders/${orderId}`), {
      until: (answer) => answer.status === 200 && until(answer.body),
      timeoutMs: STATE_TIMEOUT_MS,
      intervalMs: 200,
      signal: this.signal,
    });
    return found.body;
  }
}

interface OrderView {
  state: string;
  total: { amountMinor: number };
}

const approved = (quantity: number) => ({
  orderState: 'APPROVED',
  totalMinor: quantity * PRICE_MINOR,
  paymentState: 'AUTHORIZED',
  paymentMinor: quantity * PRICE_MINOR,
});
