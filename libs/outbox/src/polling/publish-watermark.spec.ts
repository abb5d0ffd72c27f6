import { describe, expect, it } from 'vitest';
import type { Claim } from '../schema/outbox-store';
import { PublishWatermark } from './publish-watermark';

/** A claim's snapshot as PostgreSQL gives it: the newest completed xid + 1, and the running xids below that. */
interface Snapshot {
  xmax: number;
  running: number[];
}

/** Every transaction below `below` has ended, as far as the snapshot can tell. */
const endedBelow = (below: number, { xmax, running }: Snapshot) => xmax >= below && running.every((xid) => xid >= below);

/** What the claim statement would return: the bound it could use, given its own xid and its snapshot. */
function claim(watermark: PublishWatermark, lastSequence: string, xid: number, snapshot: Snapshot): Claim {
  const query = watermark.query(lastSequence);
  const pendingFinal = query.pending !== undefined && endedBelow(Number(query.pending.below), snapshot);
  const candidates = [query.safe, pendingFinal ? query.pending?.last : undefined, endedBelow(xid, snapshot) ? query.lastSeen : undefined];
  const upTo = candidates.filter((value): value is string => value !== undefined).reduce((a, b) => (BigInt(a) > BigInt(b) ? a : b));
  const result: Claim = { rows: [], upTo, xid: String(xid) };
  watermark.learn(result);
  return result;
}

describe('PublishWatermark', () => {
  it('with nothing else running, a claim may reach the sequence value read just before it', () => {
    const watermark = new PublishWatermark();
    expect(claim(watermark, '10', 100, { xmax: 100, running: [] }).upTo).toBe('10');
    expect(watermark.isAdvancing).toBe(false);
  });

  it('holds a value back while a transaction that was running may still commit a lower number, then releases it', () => {
    const watermark = new PublishWatermark();
    claim(watermark, '10', 100, { xmax: 100, running: [] });
    expect(claim(watermark, '20', 102, { xmax: 102, running: [90] }).upTo).toBe('10');
    expect(watermark.isAdvancing).toBe(true);
    // Newer rows appear and other transactions run, but 90 still runs: 20 is not final yet.
    expect(claim(watermark, '30', 105, { xmax: 105, running: [90, 103] }).upTo).toBe('10');
    // 90 ended: 20 is final; 30 still waits for 103.
    expect(claim(watermark, '30', 107, { xmax: 107, running: [103] }).upTo).toBe('20');
    expect(claim(watermark, '30', 109, { xmax: 109, running: [] }).upTo).toBe('30');
    expect(watermark.isAdvancing).toBe(false);
  });

  it('does not take an empty running list for "nothing runs" when transactions started after the newest completed one', () => {
    // 101 wrote sequence 9 and 102 wrote 10; neither has ended, and nothing completed after 100:
    // the snapshot's xmax is 101 and it lists no running transaction at all.
    const watermark = new PublishWatermark();
    claim(watermark, '8', 100, { xmax: 100, running: [] });
    expect(claim(watermark, '10', 103, { xmax: 101, running: [] }).upTo).toBe('8');
    // 102 committed (the snapshot now knows 101 is running): 10 still waits for 101.
    expect(claim(watermark, '10', 104, { xmax: 103, running: [101] }).upTo).toBe('8');
    // 101 committed too.
    expect(claim(watermark, '10', 105, { xmax: 105, running: [] }).upTo).toBe('10');
  });
});
