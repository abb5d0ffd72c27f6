import { describe, expect, it } from 'vitest';
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

describe('ServiceLogger', () => {
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
