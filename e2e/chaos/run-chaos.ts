import { pollUntil } from '@ftgo/platform';
import type { ChaosOptions } from './chaos-options';
import { ChaosSystem, type RelayMode } from './chaos-system';
import { ClientErrors } from './client';
import { FAULTS } from './faults';
import { unpublishedOf, writtenEvents, wrongnessOf } from './final-states';
import { type KafkaFindings, readKafkaView } from './kafka-view';
import { type Expectation, OrderScenarios, SCENARIO_KINDS } from './order-scenarios';

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
    const scenarios = new OrderScenarios(endpoints, errors);
    const expectations: Expectation[] = [];
    const abandoned: string[] = [];
    let next = 0;
    let finished = 0;
    const worker = async () => {
      while (next < options.orders) {
        const kind = SCENARIO_KINDS[next++ % SCENARIO_KINDS.length];
        await scenarios.run(kind).then((expectation) => expectations.push(expectation), (error: Error) => abandoned.push(`${kind}: ${error.message}`));
        finished++;
      }
    };
    const faults = async () => {
      for (const [index, fault] of FAULTS.entries()) {
        const threshold = Math.floor(((index + 1) * options.orders * FAULTED_SHARE) / FAULTS.length);
        await pollUntil(`${threshold} orders before "${fault.name}"`, () => finished >= threshold, { timeoutMs: SETTLE_TIMEOUT_MS, intervalMs: 50 });
        log(`[chaos] ${fault.name}`);
        await fault.inject(system, errors);
      }
    };
    await Promise.all([faults(), ...Array.from({ length: options.concurrency }, worker)]);
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
    const stuck = (await Promise.all(expectations.map((expectation) => wrongnessOf(expectation, endpoints())))).flat();
    const written = (await Promise.all((['order', 'kitchen', 'accounting'] as const).map((service) => writtenEvents(system.databaseUrl(service))))).flat();
    const kafka = await readKafkaView(system.brokers, written);
    return { mode, orders: options.orders, faults: FAULTS.map((fault) => fault.name), clientErrors: errors, abandoned, stuck, settleSeconds, ...kafka };
  } finally {
    await system.stop();
  }
}
