import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '@ftgo/platform';
import { z } from 'zod';
import { PaymentQueries } from '../application/payment-queries';
import { paymentView, type PaymentView, paymentViewSchema } from './payment.view';
import { type PaymentsQuery, paymentsQuerySchema } from './payments.schemas';

@ApiTags('payments')
@Controller('payments')
export class PaymentsController {
  constructor(@Inject(PaymentQueries) private readonly queries: PaymentQueries) {}

  /**
   * A filtered collection: `[payment]`, or `[]` while the order's OrderCreated is still on its way
   * (not 404: the query itself is fine, there is just nothing to show yet).
   */
  @Get()
  @ApiOperation({ summary: "The order's payment as a one-element list, or [] while it is not authorized yet" })
  @ApiOkResponse({ description: "The order's payment, or [] while it has none", standardSchema: z.array(paymentViewSchema) })
  @ApiErrorResponses(400, 503)
  async byOrder(@Query({ schema: paymentsQuerySchema }) query: PaymentsQuery): Promise<PaymentView[]> {
    return (await this.queries.listByOrderId(query.orderId)).map(paymentView);
  }
}
