import type { INestApplication } from '@nestjs/common';

/** Stops one way requests come in and resolves once the requests it had in flight are answered. */
export type IntakeDrain = () => Promise<void>;

const drains = new WeakMap<INestApplication, IntakeDrain[]>();

/** Registers what must stop accepting and finish its work before the app closes its clients, consumer and database. */
export function onIntakeDrain(app: INestApplication, drain: IntakeDrain): void {
  drains.set(app, [...(drains.get(app) ?? []), drain]);
}

/**
 * Every registered drain at once (HTTP and gRPC stop accepting together); Nest's own close comes
 * after, and it closes the gRPC clients and the consumer before the HTTP server, so that a
 * request still in flight would meet a closed client.
 */
export async function drainIntake(app: INestApplication): Promise<void> {
  await Promise.all((drains.get(app) ?? []).map((drain) => drain()));
}
