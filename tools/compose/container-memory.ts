/**
 * Grounds the memory limits of docker-compose.yml: starts the built order API and its relay
 * natively on a scratch database of the shared infrastructure (`npm run infra:up`), waits until
 * both are ready, idles, and prints their resident memory, each with the NODE_OPTIONS (heap
 * flags) that compose gives its container. Run `npx tsx tools/build/build.ts
 * apps/order-service` first, then `npx tsx tools/compose/container-memory.ts`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureInfra, infraEnv } from '../infra/infra';
import { pollUntil } from '@ftgo/platform';
import { stopPid } from '../infra/process';
import { createScratchDatabase } from '../testing/scratch-database';
import { envOf, loadCompose, repoRoot } from './compose-model';

const IDLE_MS = 10_000;

/** Starts a built entry with the heap flags (NODE_OPTIONS) that compose gives its container. */
function start(entry: string, container: string, env: Record<string, string>): ChildProcess {
  const main = join(repoRoot, 'dist/apps/order-service/src', entry);
  const nodeOptions = envOf(loadCompose().services[container]).NODE_OPTIONS ?? '';
  return spawn(process.execPath, [main], {
    env: { ...process.env, ...env, NODE_OPTIONS: nodeOptions },
    stdio: 'ignore',
  });
}

/** Resident set size of a pid in MB, from /proc (Linux). */
function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Math.round(Number(kb) / 1024);
}

async function main(): Promise<void> {
  Object.assign(process.env, infraEnv(await ensureInfra()));
  const database = await createScratchDatabase('compose_memory');
  const suffix = randomUUID().slice(0, 8);
  const shared = { DATABASE_URL: database.url, KAFKA_BROKERS: process.env.KAFKA_BROKERS!, LOG_FORMAT: 'json' };
  const api = start('main.js', 'order-service', { ...shared, HTTP_PORT: '39181', KAFKA_CONSUMER_GROUP: `memory-${suffix}` });
  const relay = start('relay.js', 'order-relay', { ...shared, OUTBOX_RELAY_HTTP_PORT: '39182', OUTBOX_SLOT_NAME: `memory_${suffix}` });
  try {
    for (const port of [39181, 39182]) {
      await pollUntil(`:${port}/health/ready`, async () => (await fetch(`http://127.0.0.1:${port}/health/ready`)).ok, { timeoutMs: 60_000, intervalMs: 250 });
    }
    await sleep(IDLE_MS);
    console.log(`idle RSS after ${IDLE_MS / 1000} s: order API ${rssMb(api.pid!)} MB, order relay ${rssMb(relay.pid!)} MB`);
  } finally {
    await Promise.all([api, relay].map((child) => stopPid(child.pid!, 15_000)));
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
