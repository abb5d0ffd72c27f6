import { Controller, Get, Inject, Query, StandardSchemaValidationPipe, UsePipes } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { AccountingQueries, type PaymentView } from '../persistence/accounting-queries';
import { paymentsQuerySchema } from './request-schemas';

@ApiTags('payments')
@Controller('payments')
@UsePipes(new StandardSchemaValidationPipe())
export class PaymentsController {
  constructor(@Inject(AccountingQueries) private readonly queries: AccountingQueries) {}

  /**
   * A filtered collection: `[payment]`, or `[]` while the order's OrderCreated is still on its way
   * (not 404: the query itself is fine, there is just nothing to show yet).
   */
  @Get()
  @ApiOperation({ summary: "The order's payment as a one-element list, or [] while it is not authorized yet" })
  @ApiQuery({ name: 'orderId', required: true, schema: { type: 'string', format: 'uuid' } })
  async byOrder(@Query({ schema: paymentsQuerySchema }) query: z.output<typeof paymentsQuerySchema>): Promise<PaymentView[]> {
    const payment = await this.queries.paymentOfOrder(query.orderId);
    return payment ? [payment] : [];
  }
}
