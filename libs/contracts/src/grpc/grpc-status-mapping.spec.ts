import { credentials, Server, ServerCredentials, type ServiceError, status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GetTicketRequest, KitchenServiceClient, KitchenServiceHandlers } from './kitchen-types';
import { FailedPreconditionError, InvalidArgumentError, NotFoundError } from './domain-error';
import { fromGrpcStatusError, unaryHandler } from './grpc-status-mapping';
import { loadKitchenProto } from './proto-packages';

const kitchen = loadKitchenProto().kitchen.v1;
const failures: Record<string, Error> = {
  invalid: new InvalidArgumentError('quantity must be at least 1'),
  missing: new NotFoundError('no ticket t-1'),
  late: new FailedPreconditionError('ticket is PREPARING'),
  bug: new TypeError('cannot read properties of undefined (secret internals)'),
};

let server: Server;
let client: KitchenServiceClient;
const unexpected: unknown[] = [];

beforeAll(async () => {
  server = new Server();
  // Typed against the generated handlers interface: a wrong request or response shape fails tsc.
  const handlers: Pick<KitchenServiceHandlers, 'GetTicket'> = {
    GetTicket: unaryHandler(async (request: Required<GetTicketRequest>) => {
      const failure = failures[request.ticketId];
      if (failure) throw failure;
      return { ticketId: request.ticketId, state: 'ACCEPTED' as const };
    }, (error) => unexpected.push(error)),
  };
  server.addService(kitchen.KitchenService.service, handlers);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  client = new kitchen.KitchenService(`127.0.0.1:${port}`, credentials.createInsecure());
});

afterAll(() => {
  client.close();
  server.forceShutdown();
});

function getTicket(ticketId: string) {
  return new Promise<unknown>((resolve, reject) =>
    client.getTicket({ ticketId }, (error, ticket) => (error ? reject(error) : resolve(ticket))),
  );
}

async function statusOf(ticketId: string): Promise<ServiceError> {
  return getTicket(ticketId).then(() => expect.fail('expected an error status'), (error: ServiceError) => error);
}

describe('gRPC status mapping through a real server', () => {
  it('answers expected failures with INVALID_ARGUMENT, NOT_FOUND and FAILED_PRECONDITION and their messages', async () => {
    expect(await statusOf('invalid')).toMatchObject({ code: status.INVALID_ARGUMENT, details: 'quantity must be at least 1' });
    expect(await statusOf('missing')).toMatchObject({ code: status.NOT_FOUND, details: 'no ticket t-1' });
    expect(await statusOf('late')).toMatchObject({ code: status.FAILED_PRECONDITION, details: 'ticket is PREPARING' });
  });

  it('answers a bug with INTERNAL (never UNKNOWN) without leaking its message, and reports it', async () => {
    const error = await statusOf('bug');
    expect(error.code).toBe(status.INTERNAL);
    expect(error.details).toBe('internal error');
    expect(unexpected).toContain(failures.bug);
  });

  it('turns the expected statuses back into domain errors on the client', async () => {
    expect(fromGrpcStatusError(await statusOf('missing'))).toBeInstanceOf(NotFoundError);
    expect(fromGrpcStatusError(await statusOf('late'))).toBeInstanceOf(FailedPreconditionError);
    const internal = await statusOf('bug');
    expect(fromGrpcStatusError(internal)).toBe(internal);
  });

  it('decodes a successful answer with enums as strings and defaults filled in', async () => {
    expect(await getTicket('t-42')).toMatchObject({ ticketId: 't-42', state: 'ACCEPTED', lineItems: [], version: 0 });
  });
});
