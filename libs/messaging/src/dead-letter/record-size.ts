import type { Message } from 'kafkajs';

/** A record batch's own header (magic v2): offsets, lengths, CRC, producer id and epoch, sequence, count. */
const BATCH_HEADER_BYTES = 61;
/** Per record, every varint at its widest: length, attributes, timestamp and offset deltas, the key, value and header counts. */
const RECORD_OVERHEAD_BYTES = 5 + 1 + 10 + 5 + 5 + 5 + 5;
/** Per header: its name's and its value's length varints. */
const HEADER_OVERHEAD_BYTES = 10;

const bytes = (value: Buffer | string | null | undefined) => (value == null ? 0 : Buffer.byteLength(value));

/**
 * An upper bound of what one message sent alone weighs against the broker's max.message.bytes,
 * which applies to the uncompressed record batch it travels in.
 */
export function recordBatchBytes(message: Pick<Message, 'key' | 'value'> & { headers: Record<string, string> }): number {
  const headers = Object.entries(message.headers).reduce((sum, [name, value]) => sum + HEADER_OVERHEAD_BYTES + bytes(name) + bytes(value), 0);
  return BATCH_HEADER_BYTES + RECORD_OVERHEAD_BYTES + bytes(message.key) + bytes(message.value) + headers;
}
