import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import {
  FailedPreconditionError,
  fromGrpcStatusError,
  InvalidArgumentError,
  type KitchenServiceClient,
  loadKitchenProto,
  type PricedLineItem,
  type Ticket,
  type ValidateOrderRequest,
  type ValidateOrderResponse,
} from '@ftgo/contracts';
import { correlationMetadata, SERVICE_CONFIG } from '@ftgo/platform';
import { createGrpcClient, DependencyGuards, type OpenedStream, openServerStream, unaryCall } from '@ftgo/resilience';
import { map } from 'rxjs';
import type { OrderConfig } from '../config/order.config';
import { type ComposedPart, composedPart } from './composed-part';
import { Dependencies } from './dependencies';

/** The kitchen cannot take this order (restaurant closed, unknown item): 422, nothing stored. */
export class OrderNotAcceptableError extends InvalidArgumentError {
}

/** A ticket as the order's composed view shows it. */
export type TicketView = Pick<Ticket, 'ticketId' | 'state' | 'readyBy' | 'lineItems'>;

/** A ticket's progress as a watcher sees it. */
export type TicketProgress = Pick<Ticket, 'ticketId' | 'state' | 'readyBy' | 'version'>;

/** How long one progress stream may run: a watcher that needs longer opens a new one. */
export const TICKET_PROGRESS_STREAM_MS = 10 * 60_000;

/** Order's client of kitchen.v1.KitchenService; every call goes through the kitchen breaker. */
@Injectable()
export class KitchenClient implements OnModuleDestroy {
  private readonly client: KitchenServiceClient;

  constructor(
    @Inject(SERVICE_CONFIG) config: OrderConfig,
    @Inject(DependencyGuards) private readonly guards: DependencyGuards,
  ) {
    this.client = createGrpcClient(loadKitchenProto().kitchen.v1.KitchenService, config.kitchen.address, config.GRPC_TLS_CA_FILE);
  }

  /**
   * The restaurant exists and is open and knows every item; returns the kitchen's prices.
   * A command, not retried: `call`, not `read`. NOT_FOUND stays a 404; the rest of the kitchen's
   * refusals become 422; an unavailable kitchen is DependencyUnavailableError (503 + Retry-After).
   */
  async validateOrder(request: ValidateOrderRequest): Promise<PricedLineItem[]> {
    let response: ValidateOrderResponse;
    try {
      response = await this.guards
        .get(Dependencies.kitchen)
        .call((context) =>
          unaryCall<ValidateOrderResponse>(context, (options, done) =>
            this.client.validateOrder(request, correlationMetadata(), options, done),
          ),
        );
    } catch (error) {
      throw asOrderError(fromGrpcStatusError(error));
    }
    return response.lineItems.map(toPricedLineItem);
  }

  ticketOf(orderId: string): Promise<ComposedPart<TicketView>> {
    return composedPart(this.guards.get(Dependencies.kitchen), async (context) => {
      const ticket = await unaryCall<Ticket>(context, (options, done) =>
        this.client.getTicketByOrder({ orderId }, correlationMetadata(), options, done),
      );
      return { ticketId: ticket.ticketId, state: ticket.state, readyBy: ticket.readyBy, lineItems: ticket.lineItems };
    });
  }

  /**
   * Kitchen's WatchTicket stream. Opening it is a guarded read: its first message must come within
   * the kitchen's deadline (retried, counted by the breaker, refused at once while it is open);
   * the stream then runs outside the guard for up to TICKET_PROGRESS_STREAM_MS.
   */
  async watchTicket(ticketId: string): Promise<OpenedStream<TicketProgress>> {
    const streamDeadline = new Date(Date.now() + TICKET_PROGRESS_STREAM_MS);
    try {
      const { first, rest } = await this.guards
        .get(Dependencies.kitchen)
        .read((context) =>
          openServerStream<Ticket>(context, streamDeadline, (options) => this.client.watchTicket({ ticketId }, correlationMetadata(), options)),
        );
      return { first: first && toProgress(first), rest: rest.pipe(map(toProgress)) };
    } catch (error) {
      throw fromGrpcStatusError(error);
    }
  }

  onModuleDestroy(): void {
    this.client.close();
  }
}

function toProgress({ ticketId, state, readyBy, version }: Ticket): TicketProgress {
  return { ticketId, state, readyBy, version };
}

function asOrderError(error: unknown): unknown {
  if (error instanceof FailedPreconditionError || error instanceof InvalidArgumentError) {
    return new OrderNotAcceptableError(error.message);
  }
  return error;
}

function toPricedLineItem(item: ValidateOrderResponse['lineItems'][number]): PricedLineItem {
  if (!item.unitPrice) throw new Error(`kitchen returned no price for ${item.menuItemId}`);
  const { menuItemId, name, quantity, unitPrice } = item;
  return { menuItemId, name, quantity, unitPrice: { amountMinor: Number(unitPrice.amountMinor), currency: unitPrice.currency } };
}
