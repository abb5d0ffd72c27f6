import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per message a consumer group has handled. The primary key is the deduplication: a
 * second insert of the same (group, id) conflicts. Keyed by group because two services (or two
 * groups of one service) each handle the same message once.
 */
export class CreateProcessedMessage1764000001000 implements MigrationInterface {
  name = 'CreateProcessedMessage1764000001000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE processed_message (
        consumer_group text NOT NULL,
        message_id uuid NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer_group, message_id)
      )`);
    // Retention finds the old rows through this index. BRIN, not B-tree: rows arrive in time order,
    // so a few bytes per block range suffice, and the hot insert path maintains almost nothing.
    await runner.query(`CREATE INDEX processed_message_processed_at_idx ON processed_message USING brin (processed_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE processed_message`);
  }
}

/** Add these to DatabaseModule.forRoot({ migrations }) in every service that consumes messages. */
export const messagingMigrations = [CreateProcessedMessage1764000001000];
