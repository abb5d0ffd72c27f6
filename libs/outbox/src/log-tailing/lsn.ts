const parse = (lsn: string) => {
  const [high, low] = lsn.split('/');
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
};

const format = (value: bigint) => `${(value >> 32n).toString(16).toUpperCase()}/${(value & 0xffffffffn).toString(16).toUpperCase()}`;

/**
 * pg-logical-replication reports `lsn + 1` as flushed. We want to report a transaction's end
 * LSN exactly: the next transaction's commit record may start right there, and PostgreSQL skips
 * on restart every transaction whose commit starts before the confirmed position.
 */
export function lsnBefore(lsn: string): string {
  const value = parse(lsn);
  return format(value > 0n ? value - 1n : 0n);
}
