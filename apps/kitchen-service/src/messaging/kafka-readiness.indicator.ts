import { createKafka, type ReadinessIndicator, SERVICE_CONFIG } from '@ftgo/platform';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { Admin } from 'kafkajs';
import type { KitchenConfig } from '../config/kitchen.config';

const TIMEOUT_MS = 1_500;

/**
 * Kafka in /health/ready as `degraded`, not down (as in order- and accounting-service): without a
 * broker the kitchen's REST and gRPC APIs still work (ValidateOrder, ticket verbs; their events
 * wait in the outbox) and order events simply wait in Kafka. Taking kitchen out of the load
 * balancer would turn a broker outage into an outage of order creation.
 */
@Injectable()
export class KafkaReadinessIndicator implements ReadinessIndicator, OnModuleDestroy {
  private admin?: Admin;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: KitchenConfig,
    @Inject(HealthIndicatorService) private readonly health: HealthIndicatorService,
  ) {}

  readonly check = async () => {
    const indicator = this.health.check('kafka');
    try {
      const cluster = await withTimeout(this.describeCluster(), TIMEOUT_MS);
      return indicator.up({ brokers: cluster.brokers.length });
    } catch (error) {
      return indicator.degraded({ message: error instanceof Error ? error.message : String(error) });
    }
  };

  async onModuleDestroy(): Promise<void> {
    await this.admin?.disconnect();
  }

  private async describeCluster() {
    // One admin connection for all probes, not one per request; kafkajs reconnects it when needed.
    this.admin ??= createKafka(`${this.config.KAFKA_CLIENT_ID}-health`, this.config.KAFKA_BROKERS).admin();
    await this.admin.connect();
    return this.admin.describeCluster();
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from Kafka within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
