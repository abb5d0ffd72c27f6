import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { createKafka, type ReadinessIndicator, SERVICE_CONFIG } from '@ftgo/platform';
import type { Admin } from 'kafkajs';
import type { OrderConfig } from '../config/order.config';

const TIMEOUT_MS = 1_500;

/**
 * Kafka in /health/ready as `degraded`, not down: without a broker the order service still takes
 * orders (they wait in the outbox) and serves reads; only the kitchen's and accounting's answers
 * wait. Taking it out of the load balancer would turn a broker outage into an API outage.
 */
@Injectable()
export class KafkaReadinessIndicator implements ReadinessIndicator, OnModuleDestroy {
  private admin?: Admin;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: OrderConfig,
    @Inject(HealthIndicatorService) private readonly health: HealthIndicatorService,
  ) {}

  readonly check = async () => {
    const indicator = this.health.check('kafka');
    try {
      // One admin connection for every probe; kafkajs reconnects it when needed.
      this.admin ??= createKafka(`${this.config.KAFKA_CLIENT_ID}-health`, this.config.KAFKA_BROKERS).admin();
      const cluster = await withTimeout(this.admin.connect().then(() => this.admin!.describeCluster()));
      return indicator.up({ brokers: cluster.brokers.length });
    } catch (error) {
      return indicator.degraded({ message: error instanceof Error ? error.message : String(error) });
    }
  };

  async onModuleDestroy(): Promise<void> {
    await this.admin?.disconnect();
  }
}

function withTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from Kafka within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
