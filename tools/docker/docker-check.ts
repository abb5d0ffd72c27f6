/**
 * `npm run docker:check`: the images and compose settings on a real Docker engine. Builds every
 * target, runs every app container with docker-compose.yml's settings against a private native
 * PostgreSQL and Kafka (host networking), places an order and waits for APPROVED, checks health,
 * hardening and logs, measures memory, stops each container as `docker stop` does, and stops one
 * more during its start-up. Prints a report and exits 1 when a check fails; without a reachable
 * engine it says so in one line and exits 0. Not part of `npm test`: an engine is optional.
 *
 *   npm run docker:check       DOCKER_HOST as for the docker CLI; DOCKER_CHECK_PORT_BASE, TAG
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { pollUntil } from '@ftgo/platform';
import { type PortPlan, PROCESSES } from '../dev/services';
import { type ComposeFile, loadCompose } from '../compose/compose-model';
import type { Infra } from '../infra/infra';
import { freePort, type IsolatedInfra, startIsolatedInfra } from '../infra/isolated';
import { withTimeout } from '../infra/process';
import { type AppContainer, CHECK_LABEL, startAppContainer, stateOf, waitHealthy } from './app-containers';
import { cpuSecondsOf, hardeningOf, memoryOf, nonJsonLogLines, stop } from './container-probes';
import { docker, dockerOk, engineVersion } from './docker-cli';
import { baseImage, buildImages, imageSize, nodeVersionOf } from './images';
import { freePortPlan } from './port-plan';
import { startSilentBroker } from './silent-broker';
import { type ContainerResult, failuresOf, formatReport, type Report } from './report';

const IDLE_MS = 10_000;
const log = (line: string) => console.error(`docker:check: ${line}`);
const orderApi = PROCESSES.find((spec) => spec.role === 'api' && spec.service === 'order')!;

interface Run {
  id: string;
  infra: Infra;
  ports: PortPlan;
}

async function composeConfigValid(): Promise<string[] | undefined> {
  if ((await docker(['compose', 'version'])).code !== 0) return undefined;
  const valid = [];
  for (const profile of ['', 'ui', 'cdc']) {
    await dockerOk(['compose', ...(profile ? ['--profile', profile] : []), 'config', '--quiet']);
    valid.push(profile ? `--profile ${profile}` : 'the default services');
  }
  return valid;
}

async function placeOrderAndWaitForApproval(orderUrl: string): Promise<{ id: string; seconds: number }> {
  const started = Date.now();
  const created = await fetch(`${orderUrl}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': `docker-check-${randomUUID()}` },
    body: JSON.stringify({
      consumerId: randomUUID(),
      restaurantId: '11111111-1111-4111-8111-111111111111',
      lineItems: [{ menuItemId: 'chicken-vindaloo', quantity: 2 }],
    }),
  });
  if (created.status !== 201) throw new Error(`POST /orders answered ${created.status}: ${await created.text()}`);
  const { id } = (await created.json()) as { id: string };
  await pollUntil(`order ${id} to be APPROVED`, async () => {
    const order = (await (await fetch(`${orderUrl}/orders/${id}`)).json()) as { state: string };
    return order.state === 'APPROVED';
  }, { timeoutMs: 60_000, intervalMs: 250 });
  return { id, seconds: (Date.now() - started) / 1000 };
}

/** APIs first, each healthy before the relays start (compose's depends_on), then all measured. */
async function runSystem(compose: ComposeFile, run: Run, report: Report): Promise<AppContainer[]> {
  const containers: AppContainer[] = [];
  for (const role of ['api', 'relay'] as const) {
    const specs = PROCESSES.filter((spec) => spec.role === role);
    const started = await Promise.all(specs.map((spec) => startAppContainer(compose, spec, run)));
    containers.push(...started);
    log(`started ${started.map((c) => c.service).join(', ')}; waiting until Docker calls them healthy`);
    const waits = await Promise.all(started.map((container) => waitHealthy(container)));
    started.forEach((c, index) => report.containers.push({ service: c.service, healthySeconds: waits[index] / 1000 }));
  }
  return containers;
}

/** Idles, then reads each container's CPU use over the idle time, its memory and its hardening. */
async function measure(containers: AppContainer[], results: ContainerResult[]): Promise<void> {
  const cpuBefore = await Promise.all(containers.map(cpuSecondsOf));
  const started = Date.now();
  await sleep(IDLE_MS);
  const cpuAfter = await Promise.all(containers.map(cpuSecondsOf));
  const idleSeconds = (Date.now() - started) / 1000;
  const memory = await memoryOf(containers);
  for (const [index, container] of containers.entries()) {
    const result = results.find((r) => r.service === container.service)!;
    result.idleCpuPercent = ((cpuAfter[index] - cpuBefore[index]) / idleSeconds) * 100;
    result.memory = memory.get(container.name);
    result.hardening = await hardeningOf(container);
  }
}

/** Relays first, then the APIs (the reverse of the start order), each with its grace period. */
async function stopAll(containers: AppContainer[], results: ContainerResult[]): Promise<void> {
  for (const container of [...containers].reverse()) {
    const result = results.find((r) => r.service === container.service)!;
    result.stop = { ...(await stop(container)), graceSeconds: container.stopGraceSeconds };
    result.logs = await nonJsonLogLines(container);
  }
}

/**
 * An API whose broker accepts but never answers stays in its start-up check; `docker stop` must
 * end it at once, with nothing to drain yet. The stop goes out as soon as the API connects to it.
 */
async function stopDuringStartUp(compose: ComposeFile, run: Run): Promise<Report['startUpStop']> {
  const broker = await startSilentBroker(await freePort());
  try {
    const env = { HTTP_PORT: String(await freePort()), KAFKA_BROKERS: broker.address };
    const container = await startAppContainer(compose, orderApi, { ...run, env, suffix: '-starting' });
    await withTimeout(broker.connected, 60_000, 'the API connecting to its broker');
    const stillStarting = (await stateOf(container.name)) === 'running starting';
    return { ...(await stop(container)), graceSeconds: container.stopGraceSeconds, stillStarting };
  } finally {
    await broker.close();
  }
}

async function check(engine: string): Promise<Report> {
  const compose = loadCompose();
  const report: Report = { engine, images: [], containers: [], errors: [] };
  const runId = randomUUID().slice(0, 8);
  let infra: IsolatedInfra | undefined;
  try {
    report.composeProfiles = await composeConfigValid();
    report.images = await buildImages(compose, log);
    report.baseImage = { image: baseImage(), sizeBytes: await imageSize(baseImage()) };
    report.nodeVersion = await nodeVersionOf(report.images[0].image);
    log('starting a private PostgreSQL and Kafka');
    infra = await startIsolatedInfra('docker-check', { postgres: true, kafka: true });
    const run: Run = { id: runId, infra: { postgres: infra.postgres!, kafka: infra.kafka! }, ports: await freePortPlan() };
    const containers = await runSystem(compose, run, report);
    const order = containers.find((c) => c.service === 'order-service')!;
    report.order = await placeOrderAndWaitForApproval(order.url);
    log(`order ${report.order.id} APPROVED; measuring ${IDLE_MS / 1000} s of idle, then stopping`);
    await measure(containers, report.containers);
    await stopAll(containers, report.containers);
    report.startUpStop = await stopDuringStartUp(compose, run);
  } catch (error) {
    report.errors.push(error instanceof Error ? error.message : String(error));
  } finally {
    const ours = await docker(['ps', '--all', '--quiet', '--filter', `label=${CHECK_LABEL}=${runId}`]);
    const ids = ours.stdout.split('\n').filter(Boolean);
    if (ids.length) await docker(['rm', '--force', ...ids]);
    await infra?.dispose();
  }
  return report;
}

async function main(): Promise<void> {
  const engine = await engineVersion();
  if (!engine) {
    console.log(`docker:check: no Docker engine reachable (DOCKER_HOST=${process.env.DOCKER_HOST ?? 'unset'}), nothing checked`);
    return;
  }
  const report = await check(engine);
  console.log(formatReport(report).join('\n'));
  if (failuresOf(report).length) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
