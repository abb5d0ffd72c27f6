import { OUTBOX_TABLE, type OutboxRow } from '../schema/outbox-table';

/**
 * The part of PostgreSQL's `pgoutput` protocol (version 1) that an inserts-only publication on
 * the outbox table produces: Begin, Relation (the table's columns), Insert, Commit. Origin and
 * Type messages are skipped; the publication sends no updates, deletes or truncates.
 * https://www.postgresql.org/docs/current/protocol-logicalrep-message-formats.html
 *
 * Written here rather than taken from a library so that a row is decoded straight into what the
 * relay sends: the payload stays the text PostgreSQL sent, never parsed and printed again.
 */
export type PgoutputMessage =
  | { tag: 'begin' }
  | { tag: 'insert'; row: OutboxRow }
  /** `endLsn`: the end of the commit record; confirming it tells PostgreSQL never to send this transaction again. */
  | { tag: 'commit'; endLsn: bigint }
  | { tag: 'other' };

const COLUMNS = ['id', 'txid', 'sequence', 'topic', 'aggregate_type', 'aggregate_id', 'headers', 'payload', 'attempts'] as const;
type Column = (typeof COLUMNS)[number];

export class PgoutputDecoder {
  /** Per relation id, the position of each column the relay reads. */
  private readonly relations = new Map<number, Record<Column, number>>();

  decode(message: Buffer): PgoutputMessage {
    switch (message[0]) {
      case 0x42: // 'B'
        return { tag: 'begin' };
      case 0x43: // 'C': flags (1), commit LSN (8), end LSN (8), commit time (8)
        return { tag: 'commit', endLsn: message.readBigUInt64BE(10) };
      case 0x52: // 'R'
        this.relation(message);
        return { tag: 'other' };
      case 0x49: // 'I'
        return { tag: 'insert', row: this.insert(message) };
      default:
        return { tag: 'other' };
    }
  }

  /** 'R': id (4), namespace, name, replica identity (1), column count (2), then per column: flags (1), name, type (4), typmod (4). */
  private relation(message: Buffer): void {
    const id = message.readUInt32BE(1);
    let at = 5;
    const text = () => {
      const end = message.indexOf(0, at);
      const value = message.toString('utf8', at, end);
      at = end + 1;
      return value;
    };
    text(); // namespace
    const name = text();
    at += 1;
    const count = message.readUInt16BE(at);
    at += 2;
    const positions: Partial<Record<Column, number>> = {};
    for (let index = 0; index < count; index++) {
      at += 1;
      const column = text() as Column;
      at += 8;
      if (COLUMNS.includes(column)) positions[column] = index;
    }
    const missing = COLUMNS.filter((column) => positions[column] === undefined);
    if (name !== OUTBOX_TABLE || missing.length > 0) {
      throw new Error(`the publication streams table ${name}, which is not an outbox table (no ${missing.join(', ')})`);
    }
    this.relations.set(id, positions as Record<Column, number>);
  }

  /** 'I': relation id (4), 'N', column count (2), then per column: kind ('n' null, 't' text: length (4) + bytes). */
  private insert(message: Buffer): OutboxRow {
    const positions = this.relations.get(message.readUInt32BE(1));
    if (!positions) throw new Error('pgoutput: an insert before its relation');
    const count = message.readUInt16BE(6);
    const starts: number[] = new Array(count);
    const ends: number[] = new Array(count);
    let at = 8;
    for (let index = 0; index < count; index++) {
      const kind = message[at++];
      if (kind !== 0x74) {
        starts[index] = ends[index] = at; // 'n': null ('u', unchanged TOAST, only occurs in updates)
        continue;
      }
      const length = message.readUInt32BE(at);
      starts[index] = at + 4;
      ends[index] = at = at + 4 + length;
    }
    const value = (column: Column) => message.toString('utf8', starts[positions[column]], ends[positions[column]]);
    return {
      id: value('id'),
      txid: value('txid'),
      sequence: value('sequence'),
      topic: value('topic'),
      aggregateType: value('aggregate_type'),
      aggregateId: value('aggregate_id'),
      headers: JSON.parse(value('headers')) as Record<string, string>,
      // The bytes, copied (node-postgres reuses its read buffer): Kafka gets them without a decode and an encode.
      payload: Buffer.from(message.subarray(starts[positions.payload], ends[positions.payload])),
      attempts: Number(value('attempts')),
    };
  }
}
