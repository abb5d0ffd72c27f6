import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AccountQueries } from '../application/account-queries';
import type { AccountSnapshot } from '../domain/account';
import { consumerIdParam } from './accounts.schemas';

@ApiTags('accounts')
@Controller('accounts')
export class AccountsController {
  constructor(@Inject(AccountQueries) private readonly queries: AccountQueries) {}

  @Get(':consumerId')
  @ApiOperation({
    summary: "A consumer's account: enabled, and the most one order may authorize (minor units)",
    description: "404 until the consumer's first order opened the account; the seeded declining consumers always exist.",
  })
  @ApiParam({ name: 'consumerId', format: 'uuid' })
  account(@Param('consumerId', { schema: consumerIdParam }) consumerId: string): Promise<AccountSnapshot> {
    return this.queries.byConsumerId(consumerId);
  }
}
