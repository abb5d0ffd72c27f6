import { Injectable } from '@nestjs/common';
import type { Money } from '@ftgo/contracts';
import type { EntityManager } from 'typeorm';
import { Account } from '../domain/account';

interface AccountRow {
  consumer_id: string;
  enabled: boolean;
  limit_minor: string;
  currency: string;
}

const toAccount = (row: AccountRow) =>
  Account.restore({
    consumerId: row.consumer_id,
    enabled: row.enabled,
    authorizationLimit: { amountMinor: Number(row.limit_minor), currency: row.currency },
  });

/** Accounts by consumer id; every method runs in the transaction of the manager it is given. */
@Injectable()
export class AccountRepository {
  async find(manager: EntityManager, consumerId: string): Promise<Account | undefined> {
    const rows: AccountRow[] = await manager.query(`SELECT * FROM account WHERE consumer_id = $1`, [consumerId]);
    return rows[0] && toAccount(rows[0]);
  }

  /** An account that must exist (a payment's: the foreign key guarantees it). */
  async get(manager: EntityManager, consumerId: string): Promise<Account> {
    const account = await this.find(manager, consumerId);
    if (!account) throw new Error(`account ${consumerId} does not exist`);
    return account;
  }

  /** The consumer's account, opened with the default limit when this is the first time we see them. */
  async findOrOpen(manager: EntityManager, consumerId: string, defaultLimit: Money): Promise<Account> {
    const opened = Account.open(consumerId, defaultLimit).snapshot();
    // ON CONFLICT: two first orders of one consumer on two partitions race; both end with one account.
    await manager.query(
      `INSERT INTO account (consumer_id, enabled, limit_minor, currency) VALUES ($1, $2, $3, $4)
       ON CONFLICT (consumer_id) DO NOTHING`,
      [consumerId, opened.enabled, opened.authorizationLimit.amountMinor, opened.authorizationLimit.currency],
    );
    return this.get(manager, consumerId);
  }
}
