import { Logger } from '@nestjs/common';
import type { Admin, Kafka } from 'kafkajs';
import { consumerMetrics } from './consumer-metrics';

/**
 * Sets messaging_consumer_lag from the broker: per partition, its high watermark minus the
 * group's committed offset (the log start when nothing is committed). Read on a timer, not when a
 * message settles, so a partition that stops settling shows a lag that grows. Every member of a
 * group reports the whole group's lag.
 */
export class ConsumerLagMonitor {
  private readonly logger: Logger;
  private admin?: Admin;
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly groupId: string,
    private readonly topics: string[],
    private readonly intervalMs: number,
  ) {
    this.logger = new Logger(`ConsumerLag:${groupId}`);
  }

  start(): void {
    this.stopped = false;
    void this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.admin?.disconnect().catch(() => undefined);
  }

  private async loop(): Promise<void> {
    await this.sample().catch((error: unknown) => this.logger.debug(`lag not read: ${(error as Error).message}`));
    if (!this.stopped) this.timer = setTimeout(() => void this.loop(), this.intervalMs);
  }

  private async sample(): Promise<void> {
    this.admin ??= this.kafka.admin();
    await this.admin.connect();
    const committed = await this.admin.fetchOffsets({ groupId: this.groupId, topics: this.topics });
    for (const topic of this.topics) {
      const ends = await this.admin.fetchTopicOffsets(topic);
      const positions = committed.find((entry) => entry.topic === topic)?.partitions ?? [];
      for (const { partition, high, low } of ends) {
        const position = positions.find((p) => p.partition === partition)?.offset ?? '-1';
        const from = BigInt(position === '-1' ? low : position);
        const labels = { group: this.groupId, topic, partition: String(partition) };
        consumerMetrics.lag.set(labels, Number(BigInt(high) - from));
      }
    }
  }
}
