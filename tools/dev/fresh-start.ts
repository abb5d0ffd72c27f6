/**
 * `npm run start:fresh-check`: what `npm start` does on a new machine, ROUNDS times (10 by
 * default): each round formats a new Kafka data directory and a new PostgreSQL cluster, starts the
 * three services, their relays and the flow page with the launcher's own startSystem, and counts
 * the round a success once every process answers /health/ready. Prints one line per round and
 * the tally; exits 1 unless every round succeeded.
 *
 *   ROUNDS=10 PORT_BASE=25200 npm run start:fresh-check   (PORT_BASE: the services' ports; free ones otherwise)
 */
import { build } from '../build/build';
import { onInterrupt } from './interrupt';
import { lastLinesPerProcess } from './log-tails';
import { freePortPlan, type PortPlan, SERVICES } from './services';
import { startIsolatedInfra } from '../infra/isolated';
import { startSystem } from './system';

const ROUNDS = Number(process.env.ROUNDS ?? 10);

interface Round {
  ok: boolean;
  seconds: number;
  error?: string;
}

async function portPlan(): Promise<PortPlan> {
  const base = Number(process.env.PORT_BASE);
  return base ? { httpBase: base, grpcBase: base + 50 } : freePortPlan();
}

async function round(index: number, log: string[]): Promise<Round> {
  const started = performance.now();
  const infra = await startIsolatedInfra(`fresh-start-${index}`, { postgres: true, kafka: true });
  const forgetInfra = onInterrupt(() => infra.dispose());
  try {
    if (!infra.postgres || !infra.kafka) throw new Error('the isolated infrastructure did not start');
    const system = await startSystem(
      { postgres: infra.postgres, kafka: infra.kafka },
      { ports: await portPlan(), flowPage: true, env: { TRACING: 'off' }, log: (line) => log.push(line) },
    );
    const seconds = (performance.now() - started) / 1000;
    const forgetSystem = onInterrupt(() => system.stop());
    await system.stop();
    forgetSystem();
    return { ok: true, seconds };
  } catch (error) {
    return { ok: false, seconds: (performance.now() - started) / 1000, error: (error as Error).message.split('\n')[0] };
  } finally {
    await infra.dispose();
    forgetInfra();
  }
}

async function main(): Promise<void> {
  await build([...SERVICES.map((service) => `apps/${service}-service`), 'apps/flow-page']);
  const rounds: Round[] = [];
  for (let index = 1; index <= ROUNDS; index += 1) {
    const log: string[] = [];
    const result = await round(index, log);
    rounds.push(result);
    console.log(`round ${index}/${ROUNDS}: ${result.ok ? 'ready' : 'FAILED'} after ${result.seconds.toFixed(1)} s${result.error ? `: ${result.error}` : ''}`);
    if (!result.ok) console.log(lastLinesPerProcess(log, 8).join('\n'));
  }
  const succeeded = rounds.filter((result) => result.ok).length;
  console.log(`\nfresh start on a new broker: ${succeeded} of ${ROUNDS} succeeded`);
  process.exit(succeeded === ROUNDS ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
