import { type ChannelOptions, credentials, type ServiceError } from '@grpc/grpc-js';
import { type KitchenServiceClient, loadKitchenProto, type Ticket } from '@ftgo/contracts';
import { pollUntil } from '@ftgo/platform';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeKitchen, startFakeKitchen } from '../testing/fake-kitchen-server';
import { ROUND_ROBIN_CHANNEL_OPTIONS } from './grpc-client-factory';

// What platform-provided discovery hands the client: one name, several addresses (a headless
// Kubernetes Service answers one A record per ready pod). `ipv4:` lists the two addresses that
// DNS would return, so the test needs no DNS server; the channel options are the ones
// createGrpcClient uses for every `dns:///` target.
let kitchens: FakeKitchen[];
let client: KitchenServiceClient;

function clientOf(options: ChannelOptions): KitchenServiceClient {
  const target = `ipv4:${kitchens.map((kitchen) => kitchen.address).join(',')}`;
  return new (loadKitchenProto().kitchen.v1.KitchenService)(target, credentials.createInsecure(), options);
}

function getTicket(): Promise<Ticket> {
  return new Promise((resolve, reject) =>
    client.getTicket({ ticketId: 't-1' }, { deadline: Date.now() + 2_000 }, (error: ServiceError | null, ticket?: Ticket) =>
      error ? reject(error) : resolve(ticket!),
    ),
  );
}

async function calls(count: number): Promise<number[]> {
  const before = kitchens.map((kitchen) => kitchen.calls);
  for (let i = 0; i < count; i++) await getTicket();
  return kitchens.map((kitchen, index) => kitchen.calls - before[index]);
}

beforeEach(async () => {
  kitchens = [await startFakeKitchen(), await startFakeKitchen()];
});

afterEach(() => {
  client.close();
  kitchens.forEach((kitchen) => kitchen.stop());
});

describe('a gRPC client given every address of a service', () => {
  it('with round_robin, spreads calls over all instances, and moves them to the survivor when one goes away', async () => {
    client = clientOf(ROUND_ROBIN_CHANNEL_OPTIONS);
    await pollUntil('both instances connected and called', async () => {
      await getTicket();
      return kitchens.every((kitchen) => kitchen.calls > 0);
    });

    expect(await calls(10)).toEqual([5, 5]);

    kitchens[0].stop();
    await pollUntil('calls succeed again after the instance went away', () => getTicket().then(() => true, () => false));
    expect(await calls(6)).toEqual([0, 6]);
  });

  it('with the default pick_first, sends every call to one instance however many there are', async () => {
    client = clientOf({});
    expect((await calls(10)).sort()).toEqual([0, 10]);
  });
});
