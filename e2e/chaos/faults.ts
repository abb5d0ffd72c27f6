import { pollUntil } from '@ftgo/platform';
import type { ChaosSystem } from './chaos-system';
import type { ClientErrors } from './client';
import { unpublishedOf } from './final-states';

/** One thing that goes wrong, and what brings the system back, as a supervisor would. */
export interface Fault {
  name: string;
  inject(system: ChaosSystem, errors: ClientErrors): Promise<void>;
}

const SERVICES = ['order', 'kitchen', 'accounting'] as const;
/** How long an outage lasts at most when the condition that shows it is never met. */
const OUTAGE_MS = 15_000;

const killProcess = (name: string): Fault => ({
  name: `SIGKILL ${name}`,
  inject: (system) => system.killAndRestart(name),
});

/** Down until the order relay has rows it cannot publish: the outbox filling up is the lesson. */
const kafkaOutage = (name: string, stop: (system: ChaosSystem) => Promise<void>): Fault => ({
  name,
  inject: async (system) => {
    await stop(system);
    await outageUntil('the order outbox to back up', async () => (await unpublishedOf(system.url('order-relay'))) > 0);
    await system.infra.startKafka();
    await system.restartExited();
  },
});

const postgresCrash: Fault = {
  name: 'PostgreSQL immediate stop',
  inject: async (system, errors) => {
    const before = errors.total;
    await system.infra.crashPostgres();
    await outageUntil('a client to see the outage', async () => errors.total > before);
    await system.infra.startPostgres();
    await system.restartExited();
  },
};

/** Each fault once, in an order that alternates processes and infrastructure. */
export const FAULTS: Fault[] = [
  ...SERVICES.map((service) => killProcess(`${service}-relay`)),
  kafkaOutage('Kafka stop', (system) => system.infra.stopKafka()),
  ...SERVICES.map((service) => killProcess(`${service}-service`)),
  kafkaOutage('Kafka SIGKILL', (system) => system.infra.killKafka()),
  postgresCrash,
];

async function outageUntil(what: string, seen: () => Promise<boolean>): Promise<void> {
  await pollUntil(what, seen, { timeoutMs: OUTAGE_MS, intervalMs: 200 }).catch(() => undefined);
}
