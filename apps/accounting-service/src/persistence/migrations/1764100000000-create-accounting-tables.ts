import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Accounts and payments. Money is stored in integer minor units next to its currency. */
export class CreateAccountingTables1764100000000 implements MigrationInterface {
  name = 'CreateAccountingTables1764100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE account (
        consumer_id uuid PRIMARY KEY,
        enabled boolean NOT NULL,
        limit_minor bigint NOT NULL CHECK (limit_minor >= 0),
        currency char(3) NOT NULL,
        opened_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE payment (
        id uuid PRIMARY KEY,
        -- One payment per order: a second OrderCreated for the same order cannot charge twice.
        order_id uuid NOT NULL UNIQUE,
        consumer_id uuid NOT NULL REFERENCES account (consumer_id),
        state text NOT NULL CHECK (state IN ('AUTHORIZED', 'DECLINED', 'VOIDED', 'REVERSED')),
        amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
        currency char(3) NOT NULL,
        decline_reason text,
        pending_revision_id uuid,
        pending_amount_minor bigint,
        version integer NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((pending_revision_id IS NULL) = (pending_amount_minor IS NULL))
      )`);
    await runner.query(`CREATE INDEX payment_consumer_idx ON payment (consumer_id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE payment`);
    await runner.query(`DROP TABLE account`);
  }
}
