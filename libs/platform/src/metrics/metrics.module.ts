import { Module, type OnModuleInit } from '@nestjs/common';
import { collectDefaultMetrics } from 'prom-client';
import { metricsRegistry } from './metrics';
import { MetricsController } from './metrics.controller';

@Module({ controllers: [MetricsController] })
export class MetricsModule implements OnModuleInit {
  onModuleInit(): void {
    // Process metrics (event-loop lag, heap, GC) once per process, however many apps a test creates.
    if (!metricsRegistry.getSingleMetric('process_cpu_user_seconds_total')) collectDefaultMetrics();
  }
}
