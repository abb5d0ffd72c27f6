import { FailedPreconditionError, NotFoundError, Topics } from '@ftgo/contracts';
import { type HandlerContext, PermanentError } from '@ftgo/messaging';
import type { Outbox, OutboxEvent } from '@ftgo/outbox';
import { Correlation, metricsRegistry } from '@ftgo/platform';
import type { EntityManager } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { AggregateChanges } from './aggregate-changes';

type LampEvent = { type: 'LampSwitchedOn' | 'LampSwitchRefused'; payload: { lampId: string; reason?: string } };

/** The smallest aggregate that follows the contract: a lamp that can be switched on once. */
class Lamp {
  private constructor(private data: { id: string; on: boolean; broken: boolean; version: number }) {}

  static restore(snapshot: { id: string; on: boolean; broken: boolean; version: number }): Lamp {
    return new Lamp({ ...snapshot });
  }

  get id(): string {
    return this.data.id;
  }

  snapshot() {
    return { ...this.data };
  }

  switchOn(): LampEvent[] {
    if (this.data.broken) throw new FailedPreconditionError(`cannot switch on a lamp that is broken`);
    if (this.data.on) return [{ type: 'LampSwitchRefused', payload: { lampId: this.id, reason: 'already on' } }];
    this.data = { ...this.data, on: true };
    return [{ type: 'LampSwitchedOn', payload: { lampId: this.id } }];
  }

  /** An answer the lamp no longer waits for once it is on: nothing to do, nothing to say. */
  confirmOn(): LampEvent[] {
    return this.data.on ? [] : this.switchOn();
  }
}

/** In-memory stand-ins that record what the block wrote. */
function fixture(stored?: { on?: boolean; broken?: boolean }, updateFails?: Error) {
  const lamp = stored && Lamp.restore({ id: 'lamp-1', on: false, broken: false, version: 4, ...stored });
  const updates: Array<ReturnType<Lamp['snapshot']>> = [];
  const added: OutboxEvent[] = [];
  const repository = {
    update: async (_: EntityManager, updated: Lamp) => {
      if (updateFails) throw updateFails;
      updates.push(updated.snapshot());
      return updated.snapshot().version + 1;
    },
  };
  const outbox = { add: async (_: EntityManager, events: OutboxEvent[]) => (added.push(...events), []) } as unknown as Outbox;
  const load = async () => {
    if (!lamp) throw new NotFoundError('no lamp lamp-1');
    return lamp;
  };
  const context = {
    manager: {} as EntityManager,
    message: { topic: 'lamp.events', eventType: 'LampOnConfirmed', messageId: 'message-1' },
    causedBy: <E extends object>(event: E) => ({ ...event, causationId: 'message-1' }),
  } as unknown as HandlerContext;
  return { changes: new AggregateChanges<Lamp, LampEvent>(Topics.ticket, repository, outbox), load, context, updates, added };
}

async function unchangedCount(): Promise<number> {
  const metric = await metricsRegistry.getSingleMetric('aggregate_reactions_unchanged_total')?.get();
  return metric?.values.find((value) => value.labels.event_type === 'LampOnConfirmed')?.value ?? 0;
}

describe('AggregateChanges.change: a command on an aggregate', () => {
  it('saves the changed aggregate, adds its events to the outbox keyed by its id, and returns it at its new version', async () => {
    const { changes, load, updates, added } = fixture({});
    const saved = await changes.change({} as EntityManager, load, (lamp) => lamp.switchOn());
    expect(saved).toEqual({ id: 'lamp-1', on: true, broken: false, version: 5 });
    expect(updates).toEqual([{ id: 'lamp-1', on: true, broken: false, version: 4 }]);
    expect(added).toEqual([
      expect.objectContaining({ topic: Topics.ticket, aggregateType: 'Ticket', aggregateId: 'lamp-1', eventType: 'LampSwitchedOn', payload: { lampId: 'lamp-1' } }),
    ]);
  });

  it('throws instead of returning when the caller stopped waiting, so that its transaction rolls back', async () => {
    const { changes, load } = fixture({});
    const caller = new AbortController();
    caller.abort(new Error('DEADLINE_EXCEEDED'));
    const change = Correlation.run({ correlationId: 'c-1', signal: caller.signal }, () =>
      changes.change({} as EntityManager, load, (lamp) => lamp.switchOn()),
    );
    await expect(change).rejects.toThrow('DEADLINE_EXCEEDED');
  });

  it('lets a domain refusal reach the caller as it is, and writes nothing', async () => {
    const { changes, load, updates, added } = fixture({ broken: true });
    await expect(changes.change({} as EntityManager, load, (lamp) => lamp.switchOn())).rejects.toBeInstanceOf(FailedPreconditionError);
    expect([updates, added]).toEqual([[], []]);
  });
});

describe('AggregateChanges.react: one incoming event applied to its aggregate', () => {
  it('saves the changed aggregate and adds its events to the outbox, stamped as caused by the message', async () => {
    const { changes, load, context, updates, added } = fixture({});
    await changes.react(context, load, (lamp) => lamp.switchOn());
    expect(updates.map((lamp) => lamp.on)).toEqual([true]);
    expect(added).toEqual([expect.objectContaining({ eventType: 'LampSwitchedOn', causationId: 'message-1' })]);
  });

  it('writes only the events when the method changed nothing (a refusal as an answer): no save, no version bump', async () => {
    const { changes, load, context, updates, added } = fixture({ on: true });
    await changes.react(context, load, (lamp) => lamp.switchOn());
    expect(updates).toEqual([]);
    expect(added).toEqual([expect.objectContaining({ eventType: 'LampSwitchRefused', causationId: 'message-1' })]);
  });

  it('acknowledges a reaction that changes nothing and causes nothing (a duplicate, a late answer): no save, no outbox row, counted', async () => {
    const { changes, load, context, updates, added } = fixture({ on: true });
    const before = await unchangedCount();
    await changes.react(context, load, (lamp) => lamp.confirmOn());
    expect([updates, added]).toEqual([[], []]);
    expect(await unchangedCount()).toBe(before + 1);
  });

  it('turns an illegal transition into a PermanentError naming the state, so the message is dead-lettered, not retried', async () => {
    const { changes, load, context, updates } = fixture({ broken: true });
    const failure = changes.react(context, load, (lamp) => lamp.switchOn());
    await expect(failure).rejects.toBeInstanceOf(PermanentError);
    await expect(failure).rejects.toThrow('cannot switch on a lamp that is broken');
    expect(updates).toEqual([]);
  });

  it('dead-letters an event for an aggregate that does not exist', async () => {
    const { changes, load, context } = fixture(undefined);
    await expect(changes.react(context, load, (lamp) => lamp.switchOn())).rejects.toThrow(new PermanentError('no lamp lamp-1'));
  });

  it('lets a failure that is not a domain refusal through unchanged, so it is retried', async () => {
    const { changes, load, context } = fixture({});
    const outage = new Error('connection terminated');
    await expect(changes.react(context, load, () => Promise.reject(outage))).rejects.toBe(outage);
    const notFound = new NotFoundError('x');
    await expect(changes.react(context, load, () => Promise.reject(notFound))).rejects.toBeInstanceOf(PermanentError);
  });

  it('keeps a failed save transient, even a concurrent change (a domain error): the retry reloads and decides again', async () => {
    const conflict = new FailedPreconditionError('lamp-1 was changed concurrently');
    const { changes, load, context, added } = fixture({}, conflict);
    await expect(changes.react(context, load, (lamp) => lamp.switchOn())).rejects.toBe(conflict);
    expect(added).toEqual([]);
  });
});
