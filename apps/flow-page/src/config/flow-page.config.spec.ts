import { ConfigError } from '@ftgo/platform';
import { describe, expect, it } from 'vitest';
import { loadFlowPageConfig } from './flow-page.config';

const required = { KAFKA_BROKERS: '127.0.0.1:9092' };

describe('loadFlowPageConfig', () => {
  it("needs only the brokers: no database, npm start's ports and the services' groups by default", () => {
    const config = loadFlowPageConfig(required);
    expect(config).toMatchObject({
      HTTP_PORT: 3000,
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      KAFKA_CONSUMER_GROUP: 'flow-page',
      CONSUMER_GROUPS: ['order-service', 'kitchen-service', 'accounting-service'],
      ORDER_SERVICE_URL: 'http://127.0.0.1:3001',
      ACCOUNTING_RELAY_URL: 'http://127.0.0.1:3013',
    });
    expect(config).not.toHaveProperty('DATABASE_URL');
    expect(config.SUPERVISOR_URL).toBeUndefined();
  });

  it('reads the consumer timings from the KAFKA_* variables every service reads', () => {
    expect(loadFlowPageConfig({ ...required, KAFKA_SESSION_TIMEOUT_MS: '6000', KAFKA_MAX_WAIT_MS: '200' })).toMatchObject({
      KAFKA_SESSION_TIMEOUT_MS: 6_000,
      KAFKA_MAX_WAIT_MS: 200,
    });
  });

  it('wants the control endpoint and its token together', () => {
    const control = { SUPERVISOR_URL: 'http://127.0.0.1:3020', SUPERVISOR_TOKEN: 'a-token-of-sufficient-length' };
    expect(loadFlowPageConfig({ ...required, ...control }).SUPERVISOR_URL).toBe('http://127.0.0.1:3020');
    expect(() => loadFlowPageConfig({ ...required, SUPERVISOR_URL: control.SUPERVISOR_URL })).toThrow(/SUPERVISOR_TOKEN: .*set together/);
  });

  it('names every bad variable in one readable error', () => {
    const bad = { HTTP_PORT: 'eighty', ORDER_SERVICE_URL: 'order-service', TRACE_VIEWER_URL: 'http://127.0.0.1:16686/trace' };
    expect(() => loadFlowPageConfig(bad)).toThrow(ConfigError);
    expect(() => loadFlowPageConfig(bad)).toThrow(/KAFKA_BROKERS:[\s\S]*HTTP_PORT:[\s\S]*ORDER_SERVICE_URL:[\s\S]*TRACE_VIEWER_URL: must contain \{traceId\}/);
  });
});
