import type { RelayMode } from './chaos-system';

/** What one chaos run does: how many orders, how many at a time, which relay modes. */
export interface ChaosOptions {
  orders: number;
  concurrency: number;
  modes: RelayMode[];
}

/** Small enough for every `npm test`: each fault still happens once per mode. */
export const SMALL_RUN: ChaosOptions = { orders: 160, concurrency: 8, modes: ['polling', 'log-tailing'] };

/** `npm run chaos`: CHAOS_ORDERS, CHAOS_CONCURRENCY and CHAOS_MODES change the defaults. */
export function chaosOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): ChaosOptions {
  const positive = (name: string, fallback: number) => {
    const value = env[name] === undefined ? fallback : Number(env[name]);
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got "${env[name]}"`);
    return value;
  };
  const modes = (env.CHAOS_MODES ?? 'polling,log-tailing').split(',').map((mode) => mode.trim());
  const unknown = modes.filter((mode) => mode !== 'polling' && mode !== 'log-tailing');
  if (unknown.length > 0) throw new Error(`CHAOS_MODES: unknown relay mode ${unknown.join(', ')} (polling, log-tailing)`);
  return { orders: positive('CHAOS_ORDERS', 2_000), concurrency: positive('CHAOS_CONCURRENCY', 16), modes: modes as RelayMode[] };
}
