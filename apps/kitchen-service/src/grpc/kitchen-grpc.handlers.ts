import { InvalidArgumentError, type KitchenServiceHandlers, type Ticket, unaryHandler } from '@ftgo/contracts';
import type { handleUnaryCall } from '@grpc/grpc-js';
import { Injectable, Logger } from '@nestjs/common';
import { correlatedGrpcHandler } from '@ftgo/platform';
import { RestaurantCatalog } from '../application/restaurant-catalog.service';
import { TicketQueries } from '../application/ticket-queries.service';
import { TicketVerbs } from '../application/ticket-verbs.service';
import type { TicketSnapshot } from '../domain/ticket';

type RequestOf<K extends keyof KitchenServiceHandlers> = KitchenServiceHandlers[K] extends handleUnaryCall<infer Req, infer _Res> ? Req : never;

/** proto3 has no "absent" for scalars: 0 is the contract's "don't check the version". */
const versionCheck = (expectedVersion: number) => (expectedVersion === 0 ? undefined : expectedVersion);

function toGrpcTicket(ticket: TicketSnapshot): Ticket {
  return {
    ticketId: ticket.id,
    orderId: ticket.orderId,
    restaurantId: ticket.restaurantId,
    state: ticket.state,
    lineItems: ticket.lineItems,
    readyBy: ticket.readyBy ?? '',
    version: ticket.version,
  };
}

function parseReadyBy(readyBy: string): Date {
  const parsed = new Date(readyBy);
  if (!readyBy || Number.isNaN(parsed.getTime())) throw new InvalidArgumentError(`ready_by must be an RFC 3339 timestamp, got ${JSON.stringify(readyBy)}`);
  return parsed;
}

/**
 * kitchen.v1.KitchenService over the same use cases as the REST API. `unaryHandler` (contracts)
 * turns domain errors into INVALID_ARGUMENT / NOT_FOUND / FAILED_PRECONDITION and anything else
 * into INTERNAL without leaking its message; the real error goes to the log.
 */
@Injectable()
export class KitchenGrpcHandlers {
  private readonly logger = new Logger('KitchenGrpc');

  constructor(
    private readonly catalog: RestaurantCatalog,
    private readonly verbs: TicketVerbs,
    private readonly queries: TicketQueries,
  ) {}

  handlers(): KitchenServiceHandlers {
    const handle = <Req, Res>(work: (request: Req) => Promise<Res>) =>
      correlatedGrpcHandler(unaryHandler(work, (error) => this.logger.error(`unexpected gRPC failure: ${(error as Error).stack ?? String(error)}`)));
    return {
      ValidateOrder: handle(async ({ restaurantId, lineItems }: RequestOf<'ValidateOrder'>) => this.catalog.validateOrder(restaurantId, lineItems)),
      GetTicket: handle(async ({ ticketId }: RequestOf<'GetTicket'>) => toGrpcTicket(await this.queries.byId(ticketId))),
      GetTicketByOrder: handle(async ({ orderId }: RequestOf<'GetTicketByOrder'>) => toGrpcTicket(await this.queries.byOrderId(orderId))),
      AcceptTicket: handle(async ({ ticketId, readyBy, expectedVersion }: RequestOf<'AcceptTicket'>) =>
        toGrpcTicket(await this.verbs.accept(ticketId, parseReadyBy(readyBy), versionCheck(expectedVersion))),
      ),
      StartPreparing: handle(async ({ ticketId, expectedVersion }: RequestOf<'StartPreparing'>) =>
        toGrpcTicket(await this.verbs.startPreparing(ticketId, versionCheck(expectedVersion))),
      ),
      MarkReadyForPickup: handle(async ({ ticketId, expectedVersion }: RequestOf<'MarkReadyForPickup'>) =>
        toGrpcTicket(await this.verbs.markReadyForPickup(ticketId, versionCheck(expectedVersion))),
      ),
      MarkPickedUp: handle(async ({ ticketId, expectedVersion }: RequestOf<'MarkPickedUp'>) =>
        toGrpcTicket(await this.verbs.markPickedUp(ticketId, versionCheck(expectedVersion))),
      ),
    };
  }
}
