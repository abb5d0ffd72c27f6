import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { Agent, request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollUntil } from '@ftgo/platform';
import { freePort, infraEnv, request } from '@ftgo/tools';
import { infraFromEnv } from './infra-from-env';
import { blackHole } from './support/black-hole';
import { spawnBuilt } from './support/built-process';
import { newConsumer, orderRequest } from './support/fixtures';
import { System } from './support/system';

/**
 * Longer than the default 30 s, so that a restarted API's consumer is certainly still waiting for
 * the killed member's session to expire when its HTTP server answers, even on a busy machine.
 */
const SESSION_TIMEOUT_MS = 45_000;
/** Below the order database's pool (10 connections): every request holds one while it waits. */
const IN_FLIGHT = 6;
/**
 * What these tests are about is the restart and the drain, not deadlines: a process just started
 * on a busy machine may take longer than the default 1 s for its first call to kitchen, and a
 * call held in kitchen across its SIGTERM must outlast the wait for kitchen to stop accepting.
 */
const PATIENT_KITCHEN = { KITCHEN_GRPC_TIMEOUT_MS: '10000', KITCHEN_GRPC_BULKHEAD_WAIT_MS: '10000' };

interface Answer {
  status: number;
  body: { id?: string; message?: string };
}

/** A POST over `agent` (keep-alive): the answer with its parsed JSON body. */
function postJson(agent: Agent, url: string, body: unknown, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const call = httpRequest(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', ...headers } }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text ? JSON.parse(text) : {} }));
    });
    call.on('error', reject);
    call.end(JSON.stringify(body));
  });
}

/** A raw keep-alive connection that has had one answer and now sits idle, as a client pool leaves it. */
async function idleKeepAliveSocket(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await once(socket, 'connect');
  socket.write(`GET /health/live HTTP/1.1\r\nHost: ${hostname}\r\nConnection: keep-alive\r\n\r\n`);
  await once(socket, 'data');
  return socket;
}

/** True once nothing accepts connections on the URL's port any more. */
async function refusesConnections(url: string): Promise<boolean> {
  try {
    await fetch(`${url}/health/live`);
    return false;
  } catch {
    return true;
  }
}

/** An exclusive lock on one table, which holds every query on it until released: requests in flight on demand. */
class TableLock {
  private constructor(
    private readonly table: string,
    private readonly holder: Client,
    private readonly observer: Client,
  ) {}

  static async on(databaseUrl: string, table: string): Promise<TableLock> {
    const lock = new TableLock(table, new Client({ connectionString: databaseUrl }), new Client({ connectionString: databaseUrl }));
    await Promise.all([lock.holder.connect(), lock.observer.connect()]);
    return lock;
  }

  async take(): Promise<void> {
    await this.holder.query('BEGIN');
    await this.holder.query(`LOCK TABLE ${this.table} IN ACCESS EXCLUSIVE MODE`);
  }

  /** Until `count` sessions of the database wait on a lock (another session: the holder's statistics stay frozen in its transaction). */
  async waitForWaiters(count: number): Promise<void> {
    await pollUntil(`${count} queries waiting on the lock of ${this.table}`, async () => {
      const waiting = await this.observer.query<{ count: string }>(
        `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      return Number(waiting.rows[0].count) >= count;
    });
  }

  async release(): Promise<void> {
    await this.holder.query('COMMIT');
  }

  async end(): Promise<void> {
    await this.holder.query('ROLLBACK').catch(() => undefined);
    await Promise.all([this.holder.end(), this.observer.end()]);
  }
}

describe('an API restarting and stopping under load', () => {
  let system: System;
  const orderUrl = () => system.url('order-service');
  /** One order, placed as a client would: "try again" answers retried with the same Idempotency-Key. */
  const placeOrder = (key = randomUUID()) =>
    pollUntil('an order placed', async () => {
      const placed = await request('POST', `${orderUrl()}/orders`, orderRequest(newConsumer()), { 'Idempotency-Key': key });
      return placed.status === 201 ? placed : undefined;
    });

  beforeAll(async () => {
    system = await System.start({ KAFKA_SESSION_TIMEOUT_MS: String(SESSION_TIMEOUT_MS), ...PATIENT_KITCHEN });
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('drains on SIGTERM: requests in flight on keep-alive connections get their real answers, idle connections close, exit code 0', async () => {
    const agent = new Agent({ keepAlive: true });
    // Each POST /orders first looks its Idempotency-Key up; the lock holds every request there,
    // before its gRPC call to kitchen: in flight in the server for as long as the test wants.
    const lock = await TableLock.on(infraFromEnv().postgres.databases.order, 'idempotency_key');
    let exited: Promise<number | null> | undefined;
    try {
      // Warm: the requests under test must not be the first call of the process to kitchen.
      await placeOrder();
      const idle = await idleKeepAliveSocket(orderUrl());
      const idleClosed = once(idle, 'close');
      await lock.take();
      const answers = Array.from({ length: IN_FLIGHT }, () =>
        postJson(agent, `${orderUrl()}/orders`, orderRequest(newConsumer()), { 'Idempotency-Key': randomUUID() }),
      );
      await lock.waitForWaiters(IN_FLIGHT);

      exited = system.signal('order-service', 'SIGTERM');
      await pollUntil('order-service to stop accepting connections', () => refusesConnections(orderUrl()));
      await idleClosed;
      await lock.release();

      const settled = await Promise.all(answers);
      expect(settled.map((answer) => `${answer.status} ${answer.body.message ?? ''}`.trim())).toEqual(Array(IN_FLIGHT).fill('201'));
      expect(settled.every((answer) => typeof answer.body.id === 'string')).toBe(true);
      expect(await exited).toBe(0);
    } finally {
      agent.destroy();
      await lock.end();
      // Started again only if it was stopped: a failure before the signal must surface as itself.
      if (exited) await exited.then(() => system.startOne('order-service'));
    }
  });

  it('drains gRPC on SIGTERM: calls in flight to kitchen finish with their answers, and the orders that made them are created', async () => {
    // ValidateOrder reads the restaurant: the lock holds every call inside kitchen-service.
    const lock = await TableLock.on(infraFromEnv().postgres.databases.kitchen, 'restaurant');
    let exited: Promise<number | null> | undefined;
    try {
      await placeOrder();
      await lock.take();
      const answers = Array.from({ length: IN_FLIGHT }, () => request('POST', `${orderUrl()}/orders`, orderRequest(newConsumer())));
      await lock.waitForWaiters(IN_FLIGHT);

      exited = system.signal('kitchen-service', 'SIGTERM');
      await pollUntil('kitchen-service to stop accepting connections', () => refusesConnections(system.url('kitchen-service')));
      await lock.release();

      const settled = await Promise.all(answers);
      expect(settled.map((answer) => `${answer.status} ${answer.body.message ?? ''}`.trim())).toEqual(Array(IN_FLIGHT).fill('201'));
      expect(await exited).toBe(0);
    } finally {
      await lock.end();
      if (exited) await exited.then(() => system.startOne('kitchen-service'));
    }
  });

  it('answers HTTP after a crash while its consumer still waits to rejoin the group, then reports the consumer up once it has', async () => {
    const order = await placeOrder();
    expect(await system.signal('order-service', 'SIGKILL')).toBeNull();

    const started = performance.now();
    const restarted = system.startOne('order-service');
    // The first answer the new process gives, whatever it is: what a client meets first.
    const firstReady = await pollUntil(
      'the restarted order-service to answer /health/ready',
      async () => {
        const ready = await request('GET', `${orderUrl()}/health/ready`).catch(() => undefined);
        return ready?.status === 200 ? ready : undefined;
      },
      { timeoutMs: 150_000, intervalMs: 100 },
    );
    const answeredAfterMs = performance.now() - started;
    const read = await request('GET', `${orderUrl()}/orders/${order.body.id}`);
    await restarted;

    console.log(`[restart] order-service answered HTTP ${Math.round(answeredAfterMs)} ms after its process started`);
    expect(read.status).toBe(200);
    expect(firstReady.body.status).toBe('degraded');
    expect(firstReady.body.details['kafka-consumer']).toMatchObject({ status: 'degraded', group: 'joining' });
    expect(firstReady.body.details.database.status).toBe('up');

    await pollUntil(
      'the consumer to rejoin its group',
      async () => (await request('GET', `${orderUrl()}/health/ready`)).body.details?.['kafka-consumer']?.status === 'up',
      { timeoutMs: SESSION_TIMEOUT_MS + 60_000, intervalMs: 500 },
    );
  });
});

describe('SIGTERM while a process cannot finish starting', () => {
  const shared = infraEnv(infraFromEnv());

  /** Starts `entry` against a dependency that never answers, SIGTERMs it while it waits there, and returns its exit code. */
  async function stopWhileWaiting(entry: 'main.js' | 'relay.js', pointAtHole: (port: number) => Record<string, string>): Promise<number | null> {
    const hole = await blackHole();
    const child = spawnBuilt('kitchen', entry, {
      DATABASE_URL: shared.KITCHEN_DATABASE_URL,
      KAFKA_BROKERS: shared.KAFKA_BROKERS,
      HTTP_PORT: String(await freePort()),
      GRPC_PORT: String(await freePort()),
      OUTBOX_RELAY_HTTP_PORT: String(await freePort()),
      ...pointAtHole(hole.port),
    });
    const exited = once(child, 'exit').then(([code]) => code as number | null);
    try {
      await pollUntil('the process to connect to the black hole', async () => hole.accepted > 0, { timeoutMs: 60_000, intervalMs: 50 });
      child.kill('SIGTERM');
      return await exited;
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await hole.close();
    }
  }

  // Exit code 0 is the signal's doing: the start-up check would have given up with code 1.
  it('an API waiting for its broker exits at once with code 0', async () => {
    expect(await stopWhileWaiting('main.js', (port) => ({ KAFKA_BROKERS: `127.0.0.1:${port}` }))).toBe(0);
  });

  it('a relay waiting for its database exits at once with code 0', async () => {
    const url = new URL(shared.KITCHEN_DATABASE_URL);
    expect(await stopWhileWaiting('relay.js', (port) => ((url.port = String(port)), { DATABASE_URL: url.toString() }))).toBe(0);
  });
});
