import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { DatabaseModule } from './database.module';

const services = ['order', 'kitchen', 'accounting'] as const;

function probeMigration(table: string): new () => MigrationInterface {
  return class ProbeMigration implements MigrationInterface {
    name = `Probe${table.replace(/\W/g, '')}1700000000000`;
    async up(runner: QueryRunner) {
      await runner.query(`CREATE TABLE "${table}" (id int PRIMARY KEY)`);
    }
    async down(runner: QueryRunner) {
      await runner.query(`DROP TABLE "${table}"`);
    }
  };
}

describe('DatabaseModule against each service database', () => {
  it.each(services)('connects %s-service to its own database and runs its migrations at start-up', async (service) => {
    const url = process.env[`${service.toUpperCase()}_DATABASE_URL`];
    expect(url, 'set by the integration global setup').toBeTruthy();
    const table = `probe_${randomUUID().slice(0, 8)}`;
    const module = await Test.createTestingModule({
      imports: [DatabaseModule.forRoot({ url: url!, migrations: [probeMigration(table)] })],
    }).compile();
    const app = await module.init();
    const dataSource = app.get(DataSource);
    try {
      const [{ db, who }] = await dataSource.query('SELECT current_database() AS db, current_user AS who');
      expect({ db, who }).toEqual({ db: `${service}_db`, who: `${service}_user` });
      const [{ exists }] = await dataSource.query('SELECT to_regclass($1) IS NOT NULL AS exists', [table]);
      expect(exists).toBe(true);
    } finally {
      await dataSource.query(`DROP TABLE IF EXISTS "${table}"`);
      await dataSource.query('DELETE FROM migrations WHERE name LIKE $1', [`Probe${table.replace(/\W/g, '')}%`]);
      await app.close();
    }
  });
});
