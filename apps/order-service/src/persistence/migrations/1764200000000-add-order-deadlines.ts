import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Saga deadlines: until when a pending order waits for the kitchen's and accounting's answers.
 * Stored with the order, so that it commits with the state it guards and survives restarts;
 * the partial index holds only pending orders, which is what the deadline scheduler scans.
 * Orders already pending when this runs get the default five minutes from their last change.
 */
export class AddOrderDeadlines1764200000000 implements MigrationInterface {
  name = 'AddOrderDeadlines1764200000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE orders ADD COLUMN deadline_at timestamptz`);
    await runner.query(
      `UPDATE orders SET deadline_at = updated_at + interval '5 minutes'
       WHERE state IN ('APPROVAL_PENDING', 'CANCEL_PENDING', 'REVISION_PENDING')`,
    );
    await runner.query(`CREATE INDEX orders_deadline_idx ON orders (deadline_at) WHERE deadline_at IS NOT NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX orders_deadline_idx`);
    await runner.query(`ALTER TABLE orders DROP COLUMN deadline_at`);
  }
}
