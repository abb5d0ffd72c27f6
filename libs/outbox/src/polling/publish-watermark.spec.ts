import { describe, expect, it } from 'vitest';
import type { Claim } from '../schema/outbox-store';
import { PublishWatermark } from './publish-watermark';

/** What the claim statement would return: the bound it could use given what runs at its snapshot. */
function claim(watermark: PublishWatermark, lastSequence: string, running: string[]): Claim {
  const query = watermark.query(lastSequence);
  const pendingEnded = query.pending !== undefined && !query.pending.running.some((xid) => running.includes(xid));
  const candidates = [query.safe, pendingEnded ? query.pending?.last : undefined, running.length === 0 ? query.lastSeen : undefined];
  const upTo = candidates.filter((value): value is string => value !== undefined).reduce((a, b) => (BigInt(a) > BigInt(b) ? a : b));
  const result: Claim = { rows: [], upTo, running };
  watermark.learn(result);
  return result;
}

describe('PublishWatermark', () => {
  it('with nothing else running, a claim may reach the sequence value read just before it', () => {
    const watermark = new PublishWatermark();
    expect(claim(watermark, '10', []).upTo).toBe('10');
    expect(watermark.isAdvancing).toBe(false);
  });

  it('holds a value back while a transaction that was running may still commit a lower number, then releases it', () => {
    const watermark = new PublishWatermark();
    claim(watermark, '10', []);
    expect(claim(watermark, '20', ['900']).upTo).toBe('10');
    expect(watermark.isAdvancing).toBe(true);
    // Newer rows appear and other transactions run, but 900 still runs: 20 is not final yet.
    expect(claim(watermark, '30', ['900', '901']).upTo).toBe('10');
    // 900 ended: 20 is final; 30 still waits for 901.
    expect(claim(watermark, '30', ['901']).upTo).toBe('20');
    expect(claim(watermark, '30', []).upTo).toBe('30');
    expect(watermark.isAdvancing).toBe(false);
  });
});
