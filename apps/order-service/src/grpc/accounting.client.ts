import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { type AccountingServiceClient, loadAccountingProto, type Payment } from '@ftgo/contracts';
import { correlationMetadata, SERVICE_CONFIG } from '@ftgo/platform';
import { createGrpcClient, DependencyGuards, unaryCall } from '@ftgo/resilience';
import type { OrderConfig } from '../config/order.config';
import { type ComposedPart, composedPart } from './composed-part';
import { Dependencies } from './dependencies';

/** A payment as the order's composed view shows it. */
export interface PaymentView {
  paymentId: string;
  state: Payment['state'];
  amount: { amountMinor: number; currency: string } | null;
  declineReason: string;
}

/** Order's client of accounting.v1.AccountingService (reads only), through the accounting breaker. */
@Injectable()
export class AccountingClient implements OnModuleDestroy {
  private readonly client: AccountingServiceClient;

  constructor(
    @Inject(SERVICE_CONFIG) config: OrderConfig,
    @Inject(DependencyGuards) private readonly guards: DependencyGuards,
  ) {
    this.client = createGrpcClient(loadAccountingProto().accounting.v1.AccountingService, config.accounting.address, config.GRPC_TLS_CA_FILE);
  }

  paymentOf(orderId: string): Promise<ComposedPart<PaymentView>> {
    return composedPart(this.guards.get(Dependencies.accounting), async (context) => {
      const payment = await unaryCall<Payment>(context, (options, done) =>
        this.client.getPaymentByOrder({ orderId }, correlationMetadata(), options, done),
      );
      const amount = payment.amount && { amountMinor: Number(payment.amount.amountMinor), currency: payment.amount.currency };
      return { paymentId: payment.paymentId, state: payment.state, amount, declineReason: payment.declineReason };
    });
  }

  onModuleDestroy(): void {
    this.client.close();
  }
}
