import type { MigrationInterface, QueryRunner } from 'typeorm';
import { WellKnownAccounts } from '../../domain/well-known-accounts';

const seeded = Object.values(WellKnownAccounts);

/** The consumers that decline on purpose (see domain/well-known-accounts.ts). */
export class SeedWellKnownAccounts1764100001000 implements MigrationInterface {
  name = 'SeedWellKnownAccounts1764100001000';

  async up(runner: QueryRunner): Promise<void> {
    for (const account of seeded) {
      await runner.query(
        `INSERT INTO account (consumer_id, enabled, limit_minor, currency) VALUES ($1, $2, $3, $4)
         ON CONFLICT (consumer_id) DO NOTHING`,
        [account.consumerId, account.enabled, account.authorizationLimit.amountMinor, account.authorizationLimit.currency],
      );
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DELETE FROM account WHERE consumer_id = ANY($1::uuid[])`, [seeded.map((a) => a.consumerId)]);
  }
}
