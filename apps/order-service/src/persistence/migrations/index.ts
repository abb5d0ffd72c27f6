import { messagingMigrations } from '@ftgo/messaging';
import { outboxMigrations } from '@ftgo/outbox';
import { CreateOrderTables1764100000000 } from './1764100000000-create-order-tables';
import { AddOrderDeadlines1764200000000 } from './1764200000000-add-order-deadlines';

/** Every migration of order's database, in order: the libraries' tables first, then ours. */
export const orderMigrations = [...outboxMigrations, ...messagingMigrations, CreateOrderTables1764100000000, AddOrderDeadlines1764200000000];
