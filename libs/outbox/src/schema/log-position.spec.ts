import { describe, expect, it } from 'vitest';
import { Snapshot } from './log-position';

describe('Snapshot.covers (pg_visible_in_snapshot for committed transactions)', () => {
  const snapshot = Snapshot.parse('100:110:100,105');

  it('covers transactions older than every running one', () => {
    expect(snapshot.covers('99')).toBe(true);
  });

  it('does not cover a transaction running when the snapshot was taken, nor one that started later', () => {
    expect(snapshot.covers('100')).toBe(false);
    expect(snapshot.covers('105')).toBe(false);
    expect(snapshot.covers('110')).toBe(false);
    expect(snapshot.covers('250')).toBe(false);
  });

  it('covers the ended transactions between xmin and xmax', () => {
    expect(snapshot.covers('104')).toBe(true);
    expect(Snapshot.parse('300:300:').covers('299')).toBe(true);
  });
});
