import { ConsoleLogger } from '@nestjs/common';
import { Correlation } from '../context/correlation';

/**
 * Nest's console logger plus the correlation context, so one `grep <correlation-id>` over all
 * services' logs shows a whole order's story: the HTTP request, the outbox row, each handler.
 */
export class ServiceLogger extends ConsoleLogger {
  protected override getJsonLogObject(message: unknown, options: Parameters<ConsoleLogger['getJsonLogObject']>[1]) {
    const record = super.getJsonLogObject(message, options);
    const context = Correlation.current();
    if (!context) return record;
    return { ...record, correlationId: context.correlationId, causationId: context.causationId };
  }

  protected override formatContext(context: string): string {
    const correlationId = Correlation.current()?.correlationId;
    return super.formatContext(correlationId ? `${context} corr=${correlationId}` : context);
  }
}
