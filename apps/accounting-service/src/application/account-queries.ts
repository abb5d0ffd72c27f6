import { NotFoundError } from '@ftgo/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AccountSnapshot } from '../domain/account';
import { AccountRepository } from '../persistence/account.repository';

/** The accounts as REST and gRPC read them. */
@Injectable()
export class AccountQueries {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AccountRepository) private readonly accounts: AccountRepository,
  ) {}

  async byConsumerId(consumerId: string): Promise<AccountSnapshot> {
    const account = await this.accounts.find(this.dataSource.manager, consumerId);
    if (!account) throw new NotFoundError(`no account for consumer ${consumerId}`);
    return account.snapshot();
  }
}
