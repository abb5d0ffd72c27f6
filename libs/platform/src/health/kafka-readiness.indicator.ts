import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { Admin } from 'kafkajs';
import { SERVICE_CONFIG } from '../config/service-config.token';
import { createKafka } from '../kafka/kafka-client';
import type { ReadinessIndicator } from './readiness-indicator';

/** The part of a service's configuration this check reads. */
interface KafkaSettings {
  KAFKA_BROKERS: string[];
  KAFKA_CLIENT_ID?: string;
}

const TIMEOUT_MS = 1_500;

/**
 * Kafka in /health/ready as `degraded`, not down: without a broker a service still takes commands
 * (their events wait in the outbox) and serves reads; only the reactions to other services' events
 * wait, in Kafka. Taking every service out of the load balancer would turn a broker outage into an
 * outage of every API.
 */
@Injectable()
export class KafkaReadinessIndicator implements ReadinessIndicator, OnModuleDestroy {
  private admin?: Admin;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: KafkaSettings,
    @Inject(HealthIndicatorService) private readonly health: HealthIndicatorService,
  ) {}

  readonly check = async () => {
    const indicator = this.health.check('kafka');
    try {
      // One admin connection for every probe; kafkajs reconnects it when needed.
      this.admin ??= createKafka(`${this.config.KAFKA_CLIENT_ID ?? 'service'}-health`, this.config.KAFKA_BROKERS).admin();
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
