import { randomUUID } from 'node:crypto';
import { createScratchDatabase, type ScratchDatabase } from '@ftgo/tools';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Account } from '../domain/account';
import { Payment } from '../domain/payment';
import { WellKnownAccounts } from '../domain/well-known-accounts';
import { AccountRepository } from './account.repository';
import { ConcurrentPaymentChangeError } from '../domain/payment-errors';
import { accountingMigrations } from './migrations';
import { PaymentRepository } from './payment.repository';

const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' });
const payments = new PaymentRepository();
const accounts = new AccountRepository();
let database: ScratchDatabase;
let dataSource: DataSource;

beforeAll(async () => {
  database = await createScratchDatabase('accounting_repo', 'accounting_user');
  dataSource = new DataSource({ type: 'postgres', url: database.url, migrations: accountingMigrations });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
});

afterAll(async () => {
  await dataSource?.destroy();
  await database?.drop();
});

async function storedPayment(consumerId = randomUUID()) {
  const account = await dataSource.transaction((manager) => accounts.findOrOpen(manager, consumerId, usd(10_000)));
  const { payment } = Payment.create({ id: randomUUID(), orderId: randomUUID(), consumerId, amount: usd(2_000) }, account);
  await dataSource.transaction((manager) => payments.insert(manager, payment));
  return payment.snapshot();
}

describe('accounting persistence', () => {
  it('seeds the declining consumers with the migrations', async () => {
    const seeded = await accounts.find(dataSource.manager, WellKnownAccounts.disabled.consumerId);
    expect(seeded?.snapshot()).toEqual(WellKnownAccounts.disabled);
  });

  it('opens an account once: a second first sight with another default keeps the first limit', async () => {
    const consumerId = randomUUID();
    await dataSource.transaction((manager) => accounts.findOrOpen(manager, consumerId, usd(100)));
    const again = await dataSource.transaction((manager) => accounts.findOrOpen(manager, consumerId, usd(999)));
    expect(again.snapshot()).toEqual(Account.open(consumerId, usd(100)).snapshot());
  });

  it('stores and restores a payment with its pending revision and bumps the version on each save', async () => {
    const { id, consumerId } = await storedPayment();
    const revisionId = randomUUID();
    await dataSource.transaction(async (manager) => {
      const payment = (await payments.get(manager, id));
      payment.reauthorize(revisionId, usd(3_000), await accounts.get(manager, consumerId));
      await payments.update(manager, payment);
    });
    const restored = (await payments.get(dataSource.manager, id)).snapshot();
    expect(restored).toMatchObject({ state: 'AUTHORIZED', amount: usd(2_000), pendingRevision: { revisionId, amount: usd(3_000) }, version: 2 });
  });

  it('refuses to save a payment changed by someone else since it was read (optimistic locking)', async () => {
    const { id } = await storedPayment();
    const first = (await payments.get(dataSource.manager, id));
    const second = (await payments.get(dataSource.manager, id));
    first.void();
    second.reverse();
    await dataSource.transaction((manager) => payments.update(manager, first));
    const stale = dataSource.transaction((manager) => payments.update(manager, second));
    await expect(stale).rejects.toBeInstanceOf(ConcurrentPaymentChangeError);
    expect((await payments.get(dataSource.manager, id)).state).toBe('VOIDED');
  });

  it('allows one payment per order: a second insert for the same order fails', async () => {
    const stored = await storedPayment();
    const account = await accounts.get(dataSource.manager, stored.consumerId);
    const { payment } = Payment.create({ ...stored, id: randomUUID() }, account);
    await expect(dataSource.transaction((manager) => payments.insert(manager, payment))).rejects.toThrow(/payment_order_id_key/);
  });
});
