import type { MigrationInterface, QueryRunner } from 'typeorm';
import { OutboxLogPosition1766000000000 } from './log-position.migration';

/**
 * The outbox table. `sequence` gives a stable publishing order; `txid` (the writing transaction's
 * id, xid8) records who wrote the row, for investigation, and forces the xid to exist before the
 * sequence value is drawn, which the polling relay's watermark relies on.
 * The partial indexes only hold the unsent rows, so the relay's query stays cheap however many
 * sent rows retention has not deleted yet.
 */
export class CreateOutboxTable1764000000000 implements MigrationInterface {
  name = 'CreateOutboxTable1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE outbox_message (
        id uuid PRIMARY KEY,
        -- Before "sequence": defaults are computed in column order, so the writing transaction
        -- has its xid before it draws its sequence value (polling/publish-watermark.ts relies on it).
        txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
        sequence bigint GENERATED ALWAYS AS IDENTITY,
        topic text NOT NULL,
        aggregate_type text NOT NULL,
        aggregate_id text NOT NULL,
        event_type text NOT NULL,
        payload jsonb NOT NULL,
        headers jsonb NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX outbox_message_pending_idx ON outbox_message (sequence) WHERE status = 'pending'`);
    await queryRunner.query(
      `CREATE INDEX outbox_message_pending_aggregate_idx ON outbox_message (aggregate_type, aggregate_id, sequence) WHERE status = 'pending'`,
    );
    await queryRunner.query(`CREATE INDEX outbox_message_sent_idx ON outbox_message (sent_at) WHERE status = 'sent'`);
    await queryRunner.query(`CREATE INDEX outbox_message_failed_idx ON outbox_message (sequence) WHERE status = 'failed'`);
    // One NOTIFY per inserting statement, delivered at commit: the relay wakes up without waiting
    // for its poll interval, and rolled-back inserts wake nobody.
    await queryRunner.query(`
      CREATE FUNCTION outbox_message_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_notify('outbox_message', ''); RETURN NULL; END $$`);
    await queryRunner.query(`
      CREATE TRIGGER outbox_message_notify AFTER INSERT ON outbox_message
      FOR EACH STATEMENT EXECUTE FUNCTION outbox_message_notify()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE outbox_message`);
    await queryRunner.query(`DROP FUNCTION outbox_message_notify()`);
  }
}

/** What a service lists in `DatabaseModule.forRoot({ migrations: [...outboxMigrations, ...] })`. */
export const outboxMigrations = [CreateOutboxTable1764000000000, OutboxLogPosition1766000000000];
