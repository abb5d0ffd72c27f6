import { setMaxListeners } from 'node:events';
import { pollUntil } from '@ftgo/platform';
import type { ChaosOptions } from './chaos-options';
import { ChaosSystem, type RelayMode } from './chaos-system';
import { ClientErrors } from './client';
import { FAULTS } from './faults';
import { unpublishedOf, writtenEvents, wrongnessOf } from './final-states';
import { type KafkaFindings, readKafkaView } from './kafka-view';
import { type Expectation, OrderScenarios, SCENARIO_KINDS } from './order-scenarios';
import { WorkerSteps } from './worker-steps';

export interface ChaosResult extends KafkaFindings {
  mode: RelayMode;
  orders: number;
  faults: string[];
  clientErrors: ClientErrors;
  /** Orders whose client gave up: the system never answered anything but "try again". */
  abandoned: string[];
  /** Orders, tickets or payments not in their expected final state once settled. */
  stuck: string[];
  /** From the end of the last fault and the last request to every order settled and every outbox drained. */
  settleSeconds: number;
}

/** The faults are spread over the first 70 % of the orders; the rest show the recovery. */
const FAULTED_SHARE = 0.7;
const SETTLE_TIMEOUT_MS = 180_000;

export async function runChaos(mode: RelayMode, options: ChaosOptions, log: (line: string) => void): Promise<ChaosResult> {
  log(`[chaos] starting PostgreSQL, Kafka and the six processes (relay mode ${mode})`);
  const system = await ChaosSystem.start(mode, log);
  log('[chaos] load and faults');
  try {
    const errors = new ClientErrors();
    const endpoints = () => ({ order: system.url('order-service'), kitchen: system.url('kitchen-service'), accounting: system.url('accounting-service') });
    const expectations: Expectation[] = [];
    const abandoned: string[] = [];
    const steps = new WorkerSteps(options.concurrency);
    // A failed run stops its load at once: no request outlives the system it was meant for.
    const failedRun = new AbortController();
    setMaxListeners(options.concurrency * 2, failedRun.signal); // every worker waits on it, one wait at a time
    let next = 0;
    let finished = 0;
    const worker = async (index: number) => {
      const scenarios = new OrderScenarios(endpoints, errors, (step) => steps.began(index, step), failedRun.signal);
      while (next < options.orders && !failedRun.signal.aborted) {
        const kind = SCENARIO_KINDS[next++ % SCENARIO_KINDS.length];
        try {
          expectations.push(await scenarios.run(kind));
        } catch (error) {
          // A scenario the failed run cut short was not abandoned by its client.
          if (!failedRun.signal.aborted) abandoned.push(`${kind}: ${(error as Error).message}`);
        }
        finished++;
      }
      steps.began(index, 'done');
    };
    const faults = async () => {
      for (const [index, fault] of FAULTS.entries()) {
        const threshold = Math.floor(((index + 1) * options.orders * FAULTED_SHARE) / FAULTS.length);
        await pollUntil(`${threshold} orders before "${fault.name}"`, () => finished >= threshold, { timeoutMs: SETTLE_TIMEOUT_MS, intervalMs: 50 }).catch(async (error: Error) => {
          const readiness = await system.readiness();
          throw new Error(`${error.message} (${finished} finished)\nthe load's workers:\n${steps.report().join('\n')}\nreadiness:\n${readiness.join('\n')}`);
        });
        log(`[chaos] ${fault.name}`);
        await fault.inject(system, errors);
      }
    };
    const load = Array.from({ length: options.concurrency }, (_, index) => worker(index));
    await faults().catch(async (error: unknown) => {
      failedRun.abort(error);
      await Promise.all(load);
      throw error;
    });
    await Promise.all(load);
    const quiet = Date.now();
    log('[chaos] settling');

    const relays = ['order', 'kitchen', 'accounting'].map((service) => system.url(`${service}-relay`));
    const settled = async () => {
      for (const relay of relays) if ((await unpublishedOf(relay)) !== 0) return false;
      for (const expectation of expectations) if ((await wrongnessOf(expectation, endpoints())).length > 0) return false;
      return true;
    };
    await pollUntil('every order settled and every outbox drained', settled, { timeoutMs: SETTLE_TIMEOUT_MS, intervalMs: 250 }).catch(() => undefined);
    const settleSeconds = (Date.now() - quiet) / 1000;

    log('[chaos] checking from outside');
    // One order at a time, as the settling loop reads them: thousands of reads at once would meet the APIs' load shedding.
    const stuck: string[] = [];
    for (const expectation of expectations) stuck.push(...(await wrongnessOf(expectation, endpoints())));
    const written = (await Promise.all((['order', 'kitchen', 'accounting'] as const).map((service) => writtenEvents(system.databaseUrl(service))))).flat();
    const kafka = await readKafkaView(system.brokers, written);
    return { mode, orders: options.orders, faults: FAULTS.map((fault) => fault.name), clientErrors: errors, abandoned, stuck, settleSeconds, ...kafka };
  } finally {
    await system.stop();
  }
}
