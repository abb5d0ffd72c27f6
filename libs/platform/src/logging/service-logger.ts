import { ConsoleLogger } from '@nestjs/common';
import { Correlation } from '../context/correlation';
import { activeTraceIds } from '../tracing/trace-context';

/**
 * Nest's console logger plus the correlation context and the active trace, so one
 * `grep <correlation-id>` over all services' logs shows a whole order's story (the HTTP request,
 * the outbox row, each handler) and each line leads to its trace in the viewer.
 */
export class ServiceLogger extends ConsoleLogger {
  protected override getJsonLogObject(message: unknown, options: Parameters<ConsoleLogger['getJsonLogObject']>[1]) {
    const record = super.getJsonLogObject(message, options);
    const context = Correlation.current();
    const trace = activeTraceIds();
    return { ...record, correlationId: context?.correlationId, causationId: context?.causationId, traceId: trace?.traceId, spanId: trace?.spanId };
  }

  protected override formatContext(context: string): string {
    const correlationId = Correlation.current()?.correlationId;
    const traceId = activeTraceIds()?.traceId;
    const fields = [context, correlationId && `corr=${correlationId}`, traceId && `trace=${traceId}`];
    return super.formatContext(fields.filter(Boolean).join(' '));
  }
}
