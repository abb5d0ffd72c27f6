import { trace } from '@opentelemetry/api';

/** The tracer of this system's own spans (the outbox relay's publish, a consumer's handler). */
export const ftgoTracer = () => trace.getTracer('ftgo');
