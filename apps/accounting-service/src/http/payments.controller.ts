import { Controller, Get, Inject, Query, StandardSchemaValidationPipe, UseFilters, UsePipes } from '@nestjs/common';
import type { z } from 'zod';
import { AccountingQueries, type PaymentView } from '../persistence/accounting-queries';
import { DomainErrorFilter } from './domain-error.filter';
import { paymentsQuerySchema } from './request-schemas';

@Controller('payments')
@UsePipes(new StandardSchemaValidationPipe())
@UseFilters(DomainErrorFilter)
export class PaymentsController {
  constructor(@Inject(AccountingQueries) private readonly queries: AccountingQueries) {}

  /**
   * A filtered collection: `[payment]`, or `[]` while the order's OrderCreated is still on its way
   * (not 404 — the query itself is fine, there is just nothing to show yet).
   */
  @Get()
  async byOrder(@Query({ schema: paymentsQuerySchema }) query: z.output<typeof paymentsQuerySchema>): Promise<PaymentView[]> {
    const payment = await this.queries.paymentOfOrder(query.orderId);
    return payment ? [payment] : [];
  }
}
