import { EventEmitter } from 'node:events';
import { Logger } from '@nestjs/common';
import type { Consumer } from 'kafkajs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { restartAfterCrash } from './restart-after-crash';

const EVENTS = { GROUP_JOIN: 'consumer.group_join', CRASH: 'consumer.crash' };

/** The part of a kafkajs consumer the restart uses: its instrumentation events, connect and disconnect. */
class ConsumerEvents extends EventEmitter {
  readonly events = EVENTS;
  connects = 0;
  refuseConnections = false;
  connect = async () => {
    this.connects++;
    if (this.refuseConnections) throw new Error('connect ECONNREFUSED');
  };
  disconnect = async () => undefined;

  crash(restart: boolean): void {
    this.emit(EVENTS.CRASH, { payload: { error: new Error('Failed to find group coordinator'), groupId: 'g', restart } });
  }
}

describe('restartAfterCrash', () => {
  let consumer: ConsumerEvents;
  let runs: number;
  let restarts: number;
  let stopping: boolean;
  let restarter: { cancel(): void };

  beforeEach(() => {
    vi.useFakeTimers();
    consumer = new ConsumerEvents();
    runs = 0;
    restarts = 0;
    stopping = false;
    restarter = restartAfterCrash(consumer as unknown as Consumer, {
      run: async () => void runs++,
      stopping: () => stopping,
      policy: { initialDelayMs: 100, maxDelayMs: 1_000 },
      logger: new Logger('test', { timestamp: false }),
      onRestart: () => restarts++,
    });
    vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => {
    restarter.cancel();
    vi.useRealTimers();
  });

  it('connects and runs the consumer again after a crash kafkajs does not restart', async () => {
    consumer.crash(false);
    expect(runs).toBe(0);
    await vi.runAllTimersAsync();
    expect({ connects: consumer.connects, runs, restarts }).toEqual({ connects: 1, runs: 1, restarts: 1 });
  });

  it('leaves a crash kafkajs restarts by itself to kafkajs', async () => {
    consumer.crash(true);
    await vi.runAllTimersAsync();
    expect({ connects: consumer.connects, runs, restarts }).toEqual({ connects: 0, runs: 0, restarts: 0 });
  });

  it('keeps trying while the broker refuses connections, and runs once it accepts', async () => {
    consumer.refuseConnections = true;
    consumer.crash(false);
    for (let attempt = 1; attempt <= 3; attempt++) await vi.advanceTimersToNextTimerAsync();
    expect(consumer.connects).toBe(3);
    expect(runs).toBe(0);
    consumer.refuseConnections = false;
    await vi.runAllTimersAsync();
    expect({ connects: consumer.connects, runs }).toEqual({ connects: 4, runs: 1 });
  });

  it('starts nothing once its owner is stopping, nor after cancel', async () => {
    consumer.crash(false);
    stopping = true;
    await vi.runAllTimersAsync();
    consumer.crash(false);
    stopping = false;
    consumer.crash(false);
    restarter.cancel();
    await vi.runAllTimersAsync();
    expect({ connects: consumer.connects, runs }).toEqual({ connects: 0, runs: 0 });
  });
});
