import { Server, ServerCredentials, type ServerWritableStream, status } from '@grpc/grpc-js';
import { type GetTicketRequest, type KitchenServiceClient, loadKitchenProto, type Ticket } from '@ftgo/contracts';
import { pollUntil } from '@ftgo/platform';
import { firstValueFrom, toArray } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DependencyGuard } from '../guard/dependency-guard';
import { DependencyUnavailableError } from '../guard/dependency-unavailable.error';
import { kitchenClient, testGuard } from '../testing/guard-fixture';
import { openServerStream } from './server-stream';

type Behaviour = 'answer-then-hold' | 'silent' | 'not-found';

/** A real grpc-js server with a WatchTicket that answers as told and lets the test push more. */
async function startStreamingKitchen() {
  const server = new Server();
  const open: Array<ServerWritableStream<GetTicketRequest, Ticket>> = [];
  const kitchen = { behaviour: 'answer-then-hold' as Behaviour, cancelled: 0, address: '', open, stop: () => server.forceShutdown() };
  const ticket = (version: number): Ticket => ({ ticketId: 't-1', orderId: 'o-1', restaurantId: 'r-1', state: 'ACCEPTED', lineItems: [], readyBy: '', version });
  server.addService(loadKitchenProto().kitchen.v1.KitchenService.service, {
    WatchTicket: (call: ServerWritableStream<GetTicketRequest, Ticket>) => {
      call.on('cancelled', () => kitchen.cancelled++);
      if (kitchen.behaviour === 'not-found') return call.emit('error', { code: status.NOT_FOUND, details: 'no such ticket' });
      open.push(call);
      if (kitchen.behaviour === 'answer-then-hold') call.write(ticket(1));
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  kitchen.address = `127.0.0.1:${port}`;
  return { ticket, state: kitchen, stop: kitchen.stop, address: kitchen.address };
}

const ATTEMPT_MS = 1_000;

let kitchen: Awaited<ReturnType<typeof startStreamingKitchen>>;
let client: KitchenServiceClient;
let guard: DependencyGuard;

const watch = (streamMs = 30_000) =>
  guard.call((context) => openServerStream<Ticket>(context, new Date(Date.now() + streamMs), (options) => client.watchTicket({ ticketId: 't-1' }, options)));

beforeEach(async () => {
  kitchen = await startStreamingKitchen();
  client = kitchenClient(kitchen.address);
  await new Promise<void>((ready, fail) => client.waitForReady(Date.now() + 5_000, (error) => (error ? fail(error) : ready())));
  // One slot: a stream that held its slot would block the next. A deadline a busy machine meets.
  guard = testGuard({ capacity: 1, bulkheadWaitMs: 0, timeoutMs: ATTEMPT_MS });
});

afterEach(() => {
  guard.shutdown();
  client.close();
  kitchen.stop();
});

describe('a server stream opened through the guard', () => {
  it('ends the guarded attempt with the first message: the slot is free and the stream outlives the attempt deadline', async () => {
    const first = await watch();
    expect(first.first?.version).toBe(1);
    expect(guard.snapshot().inFlight, 'no bulkhead slot held by a running stream').toBe(0);
    const second = await watch();
    expect(second.first?.version, 'a second stream opens on the single slot').toBe(1);

    const rest = firstValueFrom(first.rest.pipe(toArray()));
    // What is proved here is time passing: the attempt's deadline lies behind, the stream is still open.
    await new Promise((resolve) => setTimeout(resolve, ATTEMPT_MS + 200));
    const [stream] = kitchen.state.open;
    stream.write(kitchen.ticket(2));
    stream.write(kitchen.ticket(3));
    stream.end();
    expect((await rest).map((ticket) => ticket.version)).toEqual([2, 3]);
    expect(guard.snapshot().window).toMatchObject({ successes: 2, failures: 0, timeouts: 0 });
  });

  it('times out when the first message does not come within the deadline, and cancels the call on the server', async () => {
    kitchen.state.behaviour = 'silent';
    const error = await watch().catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(DependencyUnavailableError);
    expect(error).toMatchObject({ reason: 'timeout' });
    await pollUntil('the server saw the call cancelled', async () => kitchen.state.cancelled === 1);
    expect(guard.snapshot().window.timeouts).toBe(1);
  });

  it('passes NOT_FOUND through without counting it as a failure', async () => {
    kitchen.state.behaviour = 'not-found';
    expect(await watch().catch((failure: unknown) => failure)).toMatchObject({ code: status.NOT_FOUND });
    expect(guard.snapshot().window.failures).toBe(0);
  });

  it('cancels the server call when the reader unsubscribes from the rest', async () => {
    const { rest } = await watch();
    rest.subscribe().unsubscribe();
    await pollUntil('the server saw the call cancelled', async () => kitchen.state.cancelled === 1);
  });

  it('ends the rest with DEADLINE_EXCEEDED at the stream deadline', async () => {
    const { rest } = await watch(ATTEMPT_MS + 500);
    expect(await firstValueFrom(rest).catch((failure: unknown) => failure)).toMatchObject({ code: status.DEADLINE_EXCEEDED });
  });
});
