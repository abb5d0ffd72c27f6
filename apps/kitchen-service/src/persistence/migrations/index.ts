import { messagingMigrations } from '@ftgo/messaging';
import { outboxMigrations } from '@ftgo/outbox';
import { CreateKitchenTables1764100000000 } from './1764100000000-create-kitchen-tables';
import { SeedRestaurants1764100001000 } from './1764100001000-seed-restaurants';
import { HoldPendingCancel1764200000000 } from './1764200000000-hold-pending-cancel';

/** Every migration of kitchen's database, in order: the libraries' tables first, then ours. */
export const kitchenMigrations = [
  ...outboxMigrations,
  ...messagingMigrations,
  CreateKitchenTables1764100000000,
  SeedRestaurants1764100001000,
  HoldPendingCancel1764200000000,
];
