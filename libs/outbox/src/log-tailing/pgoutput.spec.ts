import { describe, expect, it } from 'vitest';
import { PgoutputDecoder } from './pgoutput';

const COLUMNS = ['id', 'txid', 'sequence', 'topic', 'aggregate_type', 'aggregate_id', 'event_type', 'payload', 'headers', 'status', 'attempts'];

const text = (value: string) => Buffer.concat([Buffer.from(value), Buffer.from([0])]);
const int = (bytes: number, value: number | bigint) => {
  const buffer = Buffer.alloc(bytes);
  if (bytes === 8) buffer.writeBigUInt64BE(BigInt(value));
  else if (bytes === 4) buffer.writeUInt32BE(Number(value));
  else if (bytes === 2) buffer.writeUInt16BE(Number(value));
  else buffer.writeUInt8(Number(value));
  return buffer;
};

function relation(id: number, name = 'outbox_message', columns = COLUMNS): Buffer {
  const parts = [Buffer.from('R'), int(4, id), text('public'), text(name), Buffer.from('d'), int(2, columns.length)];
  for (const column of columns) parts.push(int(1, 0), text(column), int(4, 25), int(4, -1 >>> 0));
  return Buffer.concat(parts);
}

function insert(id: number, values: (string | null)[]): Buffer {
  const parts = [Buffer.from('I'), int(4, id), Buffer.from('N'), int(2, values.length)];
  for (const value of values) {
    if (value === null) parts.push(Buffer.from('n'));
    else parts.push(Buffer.from('t'), int(4, Buffer.byteLength(value)), Buffer.from(value));
  }
  return Buffer.concat(parts);
}

const commit = (endLsn: bigint) => Buffer.concat([Buffer.from('C'), int(1, 0), int(8, endLsn - 40n), int(8, endLsn), int(8, 0)]);

describe('pgoutput decoder', () => {
  it('turns an insert into the row the relay sends, by column name, the payload as the bytes PostgreSQL printed', () => {
    const decoder = new PgoutputDecoder();
    decoder.decode(relation(16_401));
    const payload = '{"n": 1, "name": "Vindaloo ü"}';
    const message = decoder.decode(
      insert(16_401, ['8d8f1c1e-0000-4000-8000-000000000001', '741', '42', 'order.events', 'Order', 'o-1', 'OrderCreated', payload, '{"event-type": "OrderCreated"}', 'pending', '0']),
    );
    expect(message).toEqual({
      tag: 'insert',
      row: {
        id: '8d8f1c1e-0000-4000-8000-000000000001',
        txid: '741',
        sequence: '42',
        topic: 'order.events',
        aggregateType: 'Order',
        aggregateId: 'o-1',
        headers: { 'event-type': 'OrderCreated' },
        payload: Buffer.from(payload),
        attempts: 0,
      },
    });
  });

  it('reads the commit end LSN, the position to confirm', () => {
    expect(new PgoutputDecoder().decode(commit(0x16_b374_d848n))).toEqual({ tag: 'commit', endLsn: 0x16_b374_d848n });
  });

  it('refuses a publication that streams another table', () => {
    expect(() => new PgoutputDecoder().decode(relation(1, 'orders', ['id']))).toThrow(/orders, which is not an outbox table/);
  });

  it('refuses an insert of a relation it was not told about', () => {
    expect(() => new PgoutputDecoder().decode(insert(7, ['x']))).toThrow(/before its relation/);
  });
});
