import { describe, expect, it } from 'vitest';
import type { OutboxRow } from '../schema/outbox-table';
import type { OutboxPublisher } from './outbox-publisher';
import { publishRows } from './publish-rows';

const row = (id: string, aggregateId: string): OutboxRow => ({
  id,
  sequence: id,
  txid: '1',
  topic: 't',
  aggregateType: 'Order',
  aggregateId,
  headers: { 'aggregate-type': 'Order' },
  payload: '{}',
  attempts: 0,
});

class TooLarge extends Error {
  override name = 'KafkaJSProtocolError';
  retriable = false;
  type = 'MESSAGE_TOO_LARGE';
}

/** Refuses any batch that contains a row whose id is in `poison`; `down` simulates an outage. */
function fakePublisher(poison: string[], down = false) {
  const sent: string[] = [];
  const publisher = {
    async publish(rows: OutboxRow[]) {
      if (down) throw Object.assign(new Error('connect ECONNREFUSED'), { name: 'KafkaJSConnectionError', retriable: true });
      if (rows.some((r) => poison.includes(r.id))) throw new TooLarge('too large');
      sent.push(...rows.map((r) => r.id));
    },
    async reset() {},
  };
  return { publisher: publisher as unknown as OutboxPublisher, sent };
}

describe('publishRows', () => {
  it('isolates a refused message: the rest is published, its aggregate\'s later rows are held back', async () => {
    const { publisher, sent } = fakePublisher(['2']);
    const outcome = await publishRows(publisher, [row('1', 'a'), row('2', 'b'), row('3', 'a'), row('4', 'b')]);
    expect(sent).toEqual(['1', '3']);
    expect(outcome.rejected.map((r) => [r.row.id, r.error])).toEqual([['2', 'MESSAGE_TOO_LARGE: too large']]);
    expect(outcome.held.map((r) => r.id)).toEqual(['4']);
  });

  it('treats an unreachable broker as an outage: throws, blames no message', async () => {
    const { publisher } = fakePublisher([], true);
    await expect(publishRows(publisher, [row('1', 'a')])).rejects.toThrow('ECONNREFUSED');
  });
});
