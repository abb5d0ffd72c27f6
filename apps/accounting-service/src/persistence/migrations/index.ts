import { messagingMigrations } from '@ftgo/messaging';
import { outboxMigrations } from '@ftgo/outbox';
import { CreateAccountingTables1764100000000 } from './1764100000000-create-accounting-tables';
import { SeedWellKnownAccounts1764100001000 } from './1764100001000-seed-well-known-accounts';

/** Every migration of accounting's database, in order: the libraries' tables first, then ours. */
export const accountingMigrations = [
  ...outboxMigrations,
  ...messagingMigrations,
  CreateAccountingTables1764100000000,
  SeedWellKnownAccounts1764100001000,
];
