import { Controller, Get, Inject, Param, StandardSchemaValidationPipe, UsePipes } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AccountingQueries, type AccountView } from '../persistence/accounting-queries';
import { consumerIdSchema } from './request-schemas';

@ApiTags('accounts')
@Controller('accounts')
@UsePipes(new StandardSchemaValidationPipe())
export class AccountsController {
  constructor(@Inject(AccountingQueries) private readonly queries: AccountingQueries) {}

  @Get(':consumerId')
  @ApiOperation({
    summary: "A consumer's account: enabled, and the most one order may authorize (minor units)",
    description: "404 until the consumer's first order opened the account; the seeded declining consumers always exist.",
  })
  @ApiParam({ name: 'consumerId', format: 'uuid' })
  account(@Param('consumerId', { schema: consumerIdSchema }) consumerId: string): Promise<AccountView> {
    return this.queries.account(consumerId);
  }
}
