import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '@ftgo/platform';
import { AccountQueries } from '../application/account-queries';
import { accountView, type AccountView, accountViewSchema } from './account.view';
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
  @ApiOkResponse({ description: 'The account', standardSchema: accountViewSchema })
  @ApiErrorResponses(400, 404, 503)
  async account(@Param('consumerId', { schema: consumerIdParam }) consumerId: string): Promise<AccountView> {
    return accountView(await this.queries.byConsumerId(consumerId));
  }
}
