import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Orders and their Idempotency-Keys. Line items and the pending change are JSONB: they are only ever read and written with their
 * order, never queried on their own.
 */
export class CreateOrderTables1764100000000 implements MigrationInterface {
  name = 'CreateOrderTables1764100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE orders (
        id             uuid PRIMARY KEY,
        consumer_id    uuid NOT NULL,
        restaurant_id  uuid NOT NULL,
        state          text NOT NULL,
        line_items     jsonb NOT NULL,
        total_minor    bigint NOT NULL CHECK (total_minor >= 0),
        currency       char(3) NOT NULL,
        ticket_id      uuid,
        payment_id     uuid,
        pending_change jsonb,
        reason         text,
        version        integer NOT NULL DEFAULT 0,
        created_at     timestamptz NOT NULL DEFAULT now(),
        updated_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX orders_consumer_id_idx ON orders (consumer_id, created_at)`);
    // Written in the same transaction as the order it created: a key never points at nothing.
    await runner.query(`
      CREATE TABLE idempotency_key (
        key          text PRIMARY KEY,
        request_hash text NOT NULL,
        order_id     uuid NOT NULL REFERENCES orders (id),
        created_at   timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE idempotency_key`);
    await runner.query(`DROP TABLE orders`);
  }
}
