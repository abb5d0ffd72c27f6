import { Client } from 'pg';

/** What node-postgres's (untyped) connection offers a replication client. */
interface ReplicationConnection {
  on(event: 'copyData', listener: (message: { chunk: Buffer }) => void): void;
  once(event: 'replicationStart', listener: () => void): void;
  sendCopyFromChunk(chunk: Buffer): void;
  stream: { pause(): void; resume(): void };
}

export interface StreamListener {
  /** The server accepted START_REPLICATION and streams. */
  onStart(): void;
  /** A pgoutput message, in WAL order. */
  onMessage(message: Buffer): void;
  /** The server has sent everything before `walEnd` (in order with the messages). */
  onKeepalive(walEnd: bigint, replyRequested: boolean): void;
}

const POSTGRES_EPOCH_MS = 946_684_800_000n;

/**
 * A logical replication connection (the streaming replication protocol over node-postgres):
 * `START_REPLICATION`, then XLogData ('w') and keepalive ('k') messages in one ordered stream,
 * answered with standby status updates ('r') that carry the position the relay confirms.
 * https://www.postgresql.org/docs/current/protocol-replication.html
 */
export class ReplicationStream {
  private readonly client: Client;
  private connection?: ReplicationConnection;
  private paused = false;

  constructor(connectionString: string) {
    this.client = new Client({ connectionString, replication: 'database' } as ConstructorParameters<typeof Client>[0]);
  }

  /** Streams from `startLsn`; resolves when the server ends the stream, rejects when the connection fails. */
  async run(slot: string, publication: string, startLsn: string, listener: StreamListener): Promise<void> {
    await this.client.connect();
    this.connection = (this.client as unknown as { connection: ReplicationConnection }).connection;
    this.connection.once('replicationStart', () => listener.onStart());
    this.connection.on('copyData', ({ chunk }) => {
      if (chunk[0] === 0x77) listener.onMessage(chunk.subarray(25)); // 'w': start (8), end (8), clock (8), data
      else if (chunk[0] === 0x6b) listener.onKeepalive(chunk.readBigUInt64BE(1), chunk[17] === 1); // 'k': end (8), clock (8), reply (1)
    });
    const failed = new Promise<never>((_, reject) => this.client.once('error', reject));
    await Promise.race([
      this.client.query(
        `START_REPLICATION SLOT "${slot}" LOGICAL ${startLsn} (proto_version '1', publication_names '${publication}')`,
      ),
      failed,
    ]);
  }

  /** Tells the server everything before `lsn` is done with: it may recycle that WAL and never resends it. */
  confirm(lsn: bigint, replyRequested = false): void {
    const update = Buffer.alloc(34);
    update[0] = 0x72; // 'r'
    update.writeBigUInt64BE(lsn, 1); // written
    update.writeBigUInt64BE(lsn, 9); // flushed: what a logical slot takes as confirmed_flush_lsn
    update.writeBigUInt64BE(lsn, 17); // applied
    update.writeBigUInt64BE((BigInt(Date.now()) - POSTGRES_EPOCH_MS) * 1000n, 25);
    update[33] = replyRequested ? 1 : 0;
    this.connection?.sendCopyFromChunk(update);
  }

  /** Back-pressure: stop reading the socket (the server then waits) until resumed. */
  pause(): void {
    if (this.paused) return;
    this.paused = true;
    this.connection?.stream.pause();
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.connection?.stream.resume();
  }

  async stop(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }
}
