import { Controller, Get, Inject, Param, StandardSchemaValidationPipe, UseFilters, UsePipes } from '@nestjs/common';
import { AccountingQueries, type AccountView } from '../persistence/accounting-queries';
import { DomainErrorFilter } from './domain-error.filter';
import { consumerIdSchema } from './request-schemas';

@Controller('accounts')
@UsePipes(new StandardSchemaValidationPipe())
@UseFilters(DomainErrorFilter)
export class AccountsController {
  constructor(@Inject(AccountingQueries) private readonly queries: AccountingQueries) {}

  /** 404 until the consumer's first order opened the account (or for a seeded consumer: always there). */
  @Get(':consumerId')
  account(@Param('consumerId', { schema: consumerIdSchema }) consumerId: string): Promise<AccountView> {
    return this.queries.account(consumerId);
  }
}
