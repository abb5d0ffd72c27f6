import { randomUUID } from 'node:crypto';
import { type KitchenServiceClient, loadKitchenProto, type Ticket } from '@ftgo/contracts';
import type { DependencyConfig } from '../config/dependency-config';
import { DependencyGuard } from '../guard/dependency-guard';
import { createGrpcClient } from '../grpc/grpc-client-factory';
import { unaryCall } from '../grpc/unary-call';

/** Small numbers so that a test sees every state change within a second. */
export const FAST_GUARD: Omit<DependencyConfig, 'address'> = {
  timeoutMs: 100,
  capacity: 10,
  bulkheadWaitMs: 0,
  errorThresholdPercentage: 50,
  volumeThreshold: 3,
  rollingWindowMs: 10_000,
  resetTimeoutMs: 400,
  readRetries: 0,
  retryBaseDelayMs: 5,
  retryMaxDelayMs: 20,
};

/** A guard with a unique dependency name, so its metrics never mix with another test's. */
export function testGuard(overrides: Partial<DependencyConfig> = {}, name = `kitchen-${randomUUID().slice(0, 8)}`) {
  return new DependencyGuard(name, { ...FAST_GUARD, ...overrides });
}

export function kitchenClient(address: string): KitchenServiceClient {
  return createGrpcClient(loadKitchenProto().kitchen.v1.KitchenService, address);
}

/** GetTicket through the guard, as a service would write it. */
export function guardedGetTicket(guard: DependencyGuard, client: KitchenServiceClient, ticketId = 't-1') {
  return guard.call((context) =>
    unaryCall<Ticket>(context, (options, done) => client.getTicket({ ticketId }, options, done)),
  );
}
