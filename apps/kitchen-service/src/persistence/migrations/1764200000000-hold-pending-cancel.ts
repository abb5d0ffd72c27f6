import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A cancel the kitchen agreed to is held on the ticket (state CANCEL_PENDING) until the order
 * decides it: the cancellation it answers and the state to go back to when the order refuses.
 * Tickets created before this migration keep their state (AWAITING_ACCEPTANCE, …): their orders
 * were approved or rejected under the old rule, in which the kitchen confirmed on creation.
 */
export class HoldPendingCancel1764200000000 implements MigrationInterface {
  name = 'HoldPendingCancel1764200000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE ticket ADD COLUMN pending_cancel jsonb`);
    await runner.query(
      `ALTER TABLE ticket ADD CONSTRAINT ticket_pending_cancel_held CHECK ((state = 'CANCEL_PENDING') = (pending_cancel IS NOT NULL))`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE ticket DROP CONSTRAINT ticket_pending_cancel_held`);
    await runner.query(`ALTER TABLE ticket DROP COLUMN pending_cancel`);
  }
}
