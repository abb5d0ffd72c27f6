import { describe, expect, it } from 'vitest';
import { interruptibleSleep } from './interruptible-sleep';
import { WakeSignal } from './wake-signal';

describe('WakeSignal', () => {
  it('keeps a wake-up that came while nobody slept: the next sleep ends at once', async () => {
    const signal = new WakeSignal();
    signal.wake(); // e.g. a NOTIFY while the relay was claiming
    const started = Date.now();
    await interruptibleSleep(10_000, signal);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('keeps only one: the sleep after that one waits its time', async () => {
    const signal = new WakeSignal();
    signal.wake();
    signal.wake();
    await interruptibleSleep(10_000, signal);
    const started = Date.now();
    await interruptibleSleep(50, signal);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });
});
