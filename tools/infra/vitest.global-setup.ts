import type { TestProject } from 'vitest/node';
import { ensureInfra, infraEnv, stopStartedInfra } from './infra';
import { sweepIsolatedInfra } from './isolated';
import { infraSettings } from './settings';

/**
 * Integration tests run against a real PostgreSQL and a real Kafka from the same launcher as
 * `npm run infra:up`: reused when already up, and stopped afterwards only if this run started them.
 */
export default async function setup(_project: TestProject) {
  // Read before the endpoints are exported below, or teardown would take our own broker for an external one.
  const settings = infraSettings();
  await sweepIsolatedInfra(settings);
  const infra = await ensureInfra(settings, (line) => console.log(`[infra] ${line}`));
  Object.assign(process.env, infraEnv(infra));
  return async () => {
    const abandoned = await sweepIsolatedInfra(settings);
    if (abandoned.length) console.warn(`[infra] stopped isolated instances a test left behind: ${abandoned.join(', ')}`);
    await stopStartedInfra(infra, settings);
  };
}
