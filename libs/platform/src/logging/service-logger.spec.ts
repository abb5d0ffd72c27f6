import { context, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Correlation } from '../context/correlation';
import { ServiceLogger } from './service-logger';

function captureStdout(work: () => void): string {
  const original = process.stdout.write.bind(process.stdout);
  let out = '';
  process.stdout.write = ((chunk: string) => ((out += chunk), true)) as typeof process.stdout.write;
  try {
    work();
  } finally {
    process.stdout.write = original;
  }
  return out;
}

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});
afterAll(() => context.disable());

const SPAN = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: TraceFlags.SAMPLED };
const inSpan = <T>(work: () => T) => context.with(trace.setSpanContext(ROOT_CONTEXT, SPAN), work);

describe('ServiceLogger', () => {
  it('puts the correlation id and the active trace in the same JSON record', () => {
    const logger = new ServiceLogger('svc', { json: true });
    const out = captureStdout(() => inSpan(() => Correlation.run({ correlationId: 'corr-1' }, () => logger.log('ticket created'))));
    expect(JSON.parse(out)).toMatchObject({ correlationId: 'corr-1', traceId: SPAN.traceId, spanId: SPAN.spanId });
  });

  it('names the correlation id and the trace in text lines too', () => {
    const logger = new ServiceLogger('svc', { json: false, colors: false });
    const out = captureStdout(() => inSpan(() => Correlation.run({ correlationId: 'corr-1' }, () => logger.log('ticket created'))));
    expect(out).toContain(`corr=corr-1 trace=${SPAN.traceId}`);
  });

  it('adds the correlation and causation ids to JSON log records', () => {
    const logger = new ServiceLogger('svc', { json: true });
    const out = captureStdout(() =>
      Correlation.run({ correlationId: 'corr-1', causationId: 'msg-9' }, () => logger.log('order created')),
    );
    expect(JSON.parse(out)).toMatchObject({ message: 'order created', correlationId: 'corr-1', causationId: 'msg-9' });
  });

  it('logs plain records outside any correlation context', () => {
    const logger = new ServiceLogger('svc', { json: true });
    const record = JSON.parse(captureStdout(() => logger.log('booting')));
    expect(record.message).toBe('booting');
    expect(record).not.toHaveProperty('correlationId');
  });
});
