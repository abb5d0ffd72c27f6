import { performance } from 'node:perf_hooks';
import { status } from '@grpc/grpc-js';
import type { KitchenServiceClient, Ticket } from '@ftgo/contracts';
import { metricsRegistry } from '@ftgo/platform';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DependencyUnavailableError } from '../guard/dependency-unavailable.error';
import type { DependencyGuard } from '../guard/dependency-guard';
import { type FakeKitchen, startFakeKitchen } from '../testing/fake-kitchen-server';
import { guardedGetTicket, kitchenClient, testGuard } from '../testing/guard-fixture';
import { unaryCall } from './unary-call';

/** "Fails fast" in a test on a shared 2-core machine; the sub-millisecond claim is the benchmark's. */
const FAIL_FAST_MS = 50;

let kitchen: FakeKitchen;
let client: KitchenServiceClient;
const guards: DependencyGuard[] = [];

function guard(overrides: Parameters<typeof testGuard>[0] = {}) {
  const created = testGuard(overrides);
  guards.push(created);
  return created;
}

async function failure(call: Promise<unknown>): Promise<unknown> {
  return call.then(() => expect.fail('expected the call to fail'), (error: unknown) => error);
}

async function timed(call: Promise<unknown>) {
  const started = performance.now();
  const error = await failure(call);
  return { error, ms: performance.now() - started };
}

beforeEach(async () => {
  kitchen = await startFakeKitchen();
  client = kitchenClient(kitchen.address);
  // Connect before the test starts its clock: a 100 ms deadline must not have to cover connecting.
  await new Promise<void>((ready, fail) => client.waitForReady(Date.now() + 5_000, (error) => (error ? fail(error) : ready())));
});

afterEach(() => {
  guards.splice(0).forEach((g) => g.shutdown());
  client.close();
  kitchen.stop();
});

describe('a guarded gRPC call', () => {
  it('times out at the deadline and cancels the call on the server for real', async () => {
    kitchen.behaviour = 'slow';
    kitchen.slowMs = 5_000;
    const { error, ms } = await timed(guardedGetTicket(guard({ timeoutMs: 100 }), client));
    expect(error).toBeInstanceOf(DependencyUnavailableError);
    expect(error).toMatchObject({ reason: 'timeout' });
    expect(ms).toBeLessThan(2_000);
    await vi.waitFor(() => expect(kitchen.cancelled).toBe(1));
  });

  it('opens after the threshold, fails fast without reaching the server, tries once after the reset timeout, then closes', async () => {
    const kitchenGuard = guard({ timeoutMs: 500, volumeThreshold: 3, resetTimeoutMs: 400 });
    kitchen.behaviour = 'slow';
    for (let i = 0; i < 3; i++) await failure(guardedGetTicket(kitchenGuard, client));
    expect(kitchenGuard.state).toBe('open');

    const reachedServer = kitchen.calls;
    for (let i = 0; i < 20; i++) {
      const { error, ms } = await timed(guardedGetTicket(kitchenGuard, client));
      expect(error).toMatchObject({ reason: 'circuit-open', retryAfterSeconds: 1 });
      expect(ms).toBeLessThan(FAIL_FAST_MS);
    }
    expect(kitchen.calls).toBe(reachedServer);

    await vi.waitFor(() => expect(kitchenGuard.state).toBe('half-open'), { timeout: 3_000 });
    kitchen.behaviour = 'ok';
    const [trial, second] = await Promise.allSettled([
      guardedGetTicket(kitchenGuard, client),
      guardedGetTicket(kitchenGuard, client),
    ]);
    expect(trial).toMatchObject({ status: 'fulfilled', value: { ticketId: 't-1' } });
    expect(second).toMatchObject({ status: 'rejected', reason: { reason: 'circuit-open' } });
    expect(kitchen.calls).toBe(reachedServer + 1);
    expect(kitchenGuard.state).toBe('closed');
    await expect(guardedGetTicket(kitchenGuard, client)).resolves.toMatchObject({ state: 'ACCEPTED' });
  });

  it('opens again when the half-open trial call fails', async () => {
    const kitchenGuard = guard({ volumeThreshold: 2, resetTimeoutMs: 300 });
    kitchen.behaviour = 'unavailable';
    for (let i = 0; i < 2; i++) await failure(guardedGetTicket(kitchenGuard, client));
    await vi.waitFor(() => expect(kitchenGuard.state).toBe('half-open'), { timeout: 3_000 });
    expect(await failure(guardedGetTicket(kitchenGuard, client))).toMatchObject({ reason: 'failure' });
    expect(kitchenGuard.state).toBe('open');
  });

  it('rejects call N+1 at once while N calls fill the bulkhead, without reaching the server', async () => {
    const kitchenGuard = guard({ capacity: 2, timeoutMs: 5_000 });
    kitchen.behaviour = 'hold';
    const inFlight = [guardedGetTicket(kitchenGuard, client), guardedGetTicket(kitchenGuard, client)];
    await vi.waitFor(() => expect(kitchen.calls).toBe(2));

    const { error, ms } = await timed(guardedGetTicket(kitchenGuard, client));
    expect(error).toMatchObject({ reason: 'bulkhead-full', dependency: kitchenGuard.dependency });
    expect(ms).toBeLessThan(FAIL_FAST_MS);
    expect(kitchen.calls).toBe(2);
    expect(kitchenGuard.snapshot()).toMatchObject({ inFlight: 2, capacity: 2 });

    kitchen.releaseHeld();
    await expect(Promise.all(inFlight)).resolves.toHaveLength(2);
  });

  it('never opens on INVALID_ARGUMENT or NOT_FOUND, passing them through unchanged, yet opens on UNAVAILABLE', async () => {
    const kitchenGuard = guard({ volumeThreshold: 3, timeoutMs: 5_000 });
    for (let i = 0; i < 20; i++) {
      kitchen.behaviour = i % 2 ? 'invalid-argument' : 'not-found';
      const error = await failure(guardedGetTicket(kitchenGuard, client));
      expect(error).not.toBeInstanceOf(DependencyUnavailableError);
      expect(error).toMatchObject({ code: i % 2 ? status.INVALID_ARGUMENT : status.NOT_FOUND });
    }
    expect(kitchenGuard.state).toBe('closed');
    expect(kitchen.calls).toBe(20);

    kitchen.behaviour = 'unavailable';
    // 20 caller errors count as answered calls: failures must now exceed 50 % of the window.
    for (let i = 0; i < 21 && kitchenGuard.state === 'closed'; i++) await failure(guardedGetTicket(kitchenGuard, client));
    expect(kitchenGuard.state).toBe('open');
  });
});

/** Fires `count` guarded calls at once and waits until each has settled. */
function concurrently(count: number, call: () => Promise<unknown>) {
  return Promise.allSettled(Array.from({ length: count }, call));
}

const outcomes = (results: PromiseSettledResult<unknown>[]) => {
  const reasons = results.map((r) => (r.status === 'fulfilled' ? 'answered' : ((r.reason as { reason?: string }).reason ?? 'other')));
  return Object.fromEntries([...new Set(reasons)].map((reason) => [reason, reasons.filter((r) => r === reason).length]));
};

describe('a full bulkhead is back-pressure, not a failure of the dependency', () => {
  it('without a wait, sheds exactly the calls beyond capacity against a healthy server, and the breaker stays closed', async () => {
    const kitchenGuard = guard({ capacity: 4, bulkheadWaitMs: 0, timeoutMs: 5_000, volumeThreshold: 3 });
    kitchen.behaviour = 'hold';
    const settled = concurrently(32, () => guardedGetTicket(kitchenGuard, client));
    await vi.waitFor(() => expect(kitchen.calls).toBe(4));
    kitchen.releaseHeld();

    expect(outcomes(await settled)).toEqual({ answered: 4, 'bulkhead-full': 28 });
    expect(kitchenGuard.state).toBe('closed');
    expect(kitchenGuard.snapshot().window).toMatchObject({ fires: 4, successes: 4, failures: 0 });
    const metrics = await metricsRegistry.metrics();
    expect(metrics).toContain(`circuit_breaker_calls_total{dependency="${kitchenGuard.dependency}",outcome="rejected_bulkhead"} 28`);
    expect(metrics).toContain(`circuit_breaker_state{dependency="${kitchenGuard.dependency}",state="closed"} 1`);
    kitchen.behaviour = 'ok';
    await expect(guardedGetTicket(kitchenGuard, client)).resolves.toMatchObject({ ticketId: 't-1' });
  });

  it('with a wait, queues the excess: 32 concurrent calls on 4 slots are all answered, never more than 4 at the server', async () => {
    const kitchenGuard = guard({ capacity: 4, bulkheadWaitMs: 5_000, timeoutMs: 5_000, volumeThreshold: 3 });
    kitchen.okLatencyMs = 10;

    expect(outcomes(await concurrently(32, () => guardedGetTicket(kitchenGuard, client)))).toEqual({ answered: 32 });
    expect(kitchen.peakConcurrency).toBe(4);
    expect(kitchenGuard.state).toBe('closed');
    expect(kitchenGuard.snapshot()).toMatchObject({ inFlight: 0, waiting: 0 });
  });

  it('hands a freed slot to the waiting call, whose deadline starts only then', async () => {
    const kitchenGuard = guard({ capacity: 1, bulkheadWaitMs: 10_000, timeoutMs: 1_000 });
    kitchen.behaviour = 'hold';
    const first = failure(guardedGetTicket(kitchenGuard, client));
    await vi.waitFor(() => expect(kitchen.calls).toBe(1));
    const waiting = guardedGetTicket(kitchenGuard, client);
    expect(kitchenGuard.snapshot()).toMatchObject({ inFlight: 1, waiting: 1 });

    // The first call holds the only slot until its own deadline; the second has by then waited as long as a deadline.
    expect(await first).toMatchObject({ reason: 'timeout' });
    kitchen.behaviour = 'ok';
    await expect(waiting).resolves.toMatchObject({ ticketId: 't-1' });
    expect(kitchen.calls).toBe(2);
  });

  it('rejects a call that waited the whole bounded wait, without reaching the server or counting it in the window', async () => {
    const kitchenGuard = guard({ capacity: 2, bulkheadWaitMs: 100, timeoutMs: 10_000 });
    kitchen.behaviour = 'hold';
    const inFlight = [guardedGetTicket(kitchenGuard, client), guardedGetTicket(kitchenGuard, client)];
    await vi.waitFor(() => expect(kitchen.calls).toBe(2));

    expect(await failure(guardedGetTicket(kitchenGuard, client))).toMatchObject({ reason: 'bulkhead-full', retryAfterSeconds: 1 });
    expect(kitchen.calls).toBe(2);
    expect(kitchenGuard.snapshot()).toMatchObject({ inFlight: 2, waiting: 0, window: { fires: 2 } });
    kitchen.releaseHeld();
    await expect(Promise.all(inFlight)).resolves.toHaveLength(2);
  });

  it('still sheds load from a slow dependency and opens the breaker on the timeouts of the calls it let through', async () => {
    const kitchenGuard = guard({ capacity: 4, bulkheadWaitMs: 50, timeoutMs: 200, volumeThreshold: 3 });
    kitchen.behaviour = 'slow';
    kitchen.slowMs = 5_000;

    expect(outcomes(await concurrently(32, () => guardedGetTicket(kitchenGuard, client)))).toEqual({ timeout: 4, 'bulkhead-full': 28 });
    expect(kitchen.calls).toBe(4);
    expect(kitchenGuard.state).toBe('open');
    // Each ends at opossum's timer or at the gRPC deadline, whichever fires first: both are failures.
    expect(kitchenGuard.snapshot().window).toMatchObject({ fires: 4, failures: 4 });
  });

  it('answers circuit-open without taking or waiting for a bulkhead slot while open', async () => {
    const kitchenGuard = guard({ capacity: 1, bulkheadWaitMs: 10_000, volumeThreshold: 2, resetTimeoutMs: 30_000 });
    kitchen.behaviour = 'unavailable';
    for (let i = 0; i < 2; i++) await failure(guardedGetTicket(kitchenGuard, client));
    expect(kitchenGuard.state).toBe('open');

    const rejected = failure(guardedGetTicket(kitchenGuard, client));
    expect(kitchenGuard.snapshot()).toMatchObject({ inFlight: 0, waiting: 0 });
    expect(await rejected).toMatchObject({ reason: 'circuit-open' });
  });
});

describe('an idempotent read', () => {
  const read = (g: DependencyGuard, fallback?: () => Ticket | 'degraded') =>
    g.read<Ticket | 'degraded'>(
      (context) => unaryCall<Ticket>(context, (options, done) => client.getTicket({ ticketId: 't-1' }, options, done)),
      fallback,
    );

  it('retries a transient failure a bounded number of times, then fails with the typed error', async () => {
    kitchen.behaviour = 'unavailable';
    expect(await failure(read(guard({ readRetries: 2, volumeThreshold: 100 })))).toMatchObject({ reason: 'failure' });
    expect(kitchen.calls).toBe(3);
  });

  it('does not retry a caller error', async () => {
    kitchen.behaviour = 'not-found';
    expect(await failure(read(guard({ readRetries: 3 })))).toMatchObject({ code: status.NOT_FOUND });
    expect(kitchen.calls).toBe(1);
  });

  it('stops retrying the moment its attempts open the breaker', async () => {
    kitchen.behaviour = 'unavailable';
    const kitchenGuard = guard({ readRetries: 5, volumeThreshold: 2 });
    expect(await failure(read(kitchenGuard))).toMatchObject({ reason: 'circuit-open' });
    expect(kitchen.calls).toBe(2);
  });

  it('answers the fallback when the dependency stays unavailable', async () => {
    kitchen.behaviour = 'unavailable';
    await expect(read(guard({ readRetries: 1, volumeThreshold: 100 }), () => 'degraded')).resolves.toBe('degraded');
    expect(kitchen.calls).toBe(2);
  });
});
