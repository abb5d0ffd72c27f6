import { Server, ServerCredentials, type ServerUnaryCall, type sendUnaryData, status } from '@grpc/grpc-js';
import { type GetTicketRequest, loadKitchenProto, type Ticket } from '@ftgo/contracts';

/** How the fake answers GetTicket right now; tests switch it between calls. */
export type FakeBehaviour = 'ok' | 'slow' | 'hold' | 'invalid-argument' | 'not-found' | 'unavailable';

export interface FakeKitchen {
  /** `127.0.0.1:<port>` — the address a client is configured with. */
  readonly address: string;
  behaviour: FakeBehaviour;
  /** How long `slow` waits before answering. */
  slowMs: number;
  /** How long `ok` takes to answer: a healthy server is not instantaneous. */
  okLatencyMs: number;
  /** Calls that reached the server: a call rejected by an open breaker never adds to it. */
  readonly calls: number;
  /** Calls the client cancelled while the server was still working on them. */
  readonly cancelled: number;
  /** The most calls the server was working on at the same time. */
  readonly peakConcurrency: number;
  /** Answers every call `hold` is keeping. */
  releaseHeld(): void;
  stop(): void;
}

const ticket = (ticketId: string): Ticket => ({
  ticketId,
  orderId: '00000000-0000-4000-8000-000000000001',
  restaurantId: '00000000-0000-4000-8000-000000000002',
  state: 'ACCEPTED',
  lineItems: [{ menuItemId: 'pad-thai', quantity: 1 }],
  readyBy: '',
  version: 1,
});

/**
 * A real grpc-js server implementing kitchen.v1's GetTicket on a loopback port, with switchable
 * misbehaviour. Tests and the benchmark talk to it over real HTTP/2: grpc-js is never mocked.
 */
export async function startFakeKitchen(): Promise<FakeKitchen> {
  const server = new Server();
  const held: Array<() => void> = [];
  let calls = 0;
  let cancelled = 0;
  let working = 0;
  let peakConcurrency = 0;

  const fake = {
    address: '',
    behaviour: 'ok' as FakeBehaviour,
    slowMs: 1_000,
    okLatencyMs: 0,
    get calls() {
      return calls;
    },
    get cancelled() {
      return cancelled;
    },
    get peakConcurrency() {
      return peakConcurrency;
    },
    releaseHeld: () => held.splice(0).forEach((answer) => answer()),
    stop: () => server.forceShutdown(),
  };

  function getTicket(call: ServerUnaryCall<GetTicketRequest, Ticket>, callback: sendUnaryData<Ticket>): void {
    calls++;
    peakConcurrency = Math.max(peakConcurrency, ++working);
    let answered = false;
    const done = () => {
      if (!answered) working--;
      answered = true;
    };
    call.on('cancelled', done);
    const answer = () => {
      done();
      callback(null, ticket(call.request.ticketId ?? ''));
    };
    const refuse = (code: status, details: string) => {
      done();
      callback({ code, details });
    };
    switch (fake.behaviour) {
      case 'ok':
        if (fake.okLatencyMs === 0) return answer();
        setTimeout(answer, fake.okLatencyMs);
        return;
      case 'hold':
        held.push(answer);
        return;
      case 'slow': {
        const timer = setTimeout(answer, fake.slowMs);
        call.on('cancelled', () => {
          cancelled++;
          clearTimeout(timer);
        });
        return;
      }
      case 'invalid-argument':
        return refuse(status.INVALID_ARGUMENT, 'ticketId must be a UUID');
      case 'not-found':
        return refuse(status.NOT_FOUND, 'no such ticket');
      case 'unavailable':
        return refuse(status.UNAVAILABLE, 'kitchen database is down');
    }
  }

  server.addService(loadKitchenProto().kitchen.v1.KitchenService.service, { GetTicket: getTicket });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  fake.address = `127.0.0.1:${port}`;
  return fake;
}
