export { Outbox, OutboxTransactionError } from './outbox';
export type { OutboxEvent } from './outbox-event';
export { OutboxModule } from './outbox.module';
export { OutboxHealthIndicator, type OutboxHealthOptions } from './observability/outbox-health.indicator';
export { CreateOutboxTable1764000000000, outboxMigrations } from './schema/create-outbox-table.migration';
export { OUTBOX_TABLE, type OutboxStatus } from './schema/outbox-table';
