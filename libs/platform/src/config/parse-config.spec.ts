import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { httpServerConfig, serviceConfig } from './config-fragments';
import { ConfigError, parseConfig } from './parse-config';

const valid = {
  HTTP_PORT: '3001',
  DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db',
  KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.1:9093',
};

const baseConfigSchema = z.object({ ...serviceConfig, ...httpServerConfig(3000) });

describe('parseConfig', () => {
  it('returns typed values with defaults filled in', () => {
    const config = parseConfig('svc', baseConfigSchema, valid);
    expect(config).toMatchObject({
      HTTP_PORT: 3001,
      HTTP_HOST: '127.0.0.1',
      KAFKA_BROKERS: ['127.0.0.1:9092', '127.0.0.1:9093'],
      LOG_LEVEL: 'log',
    });
  });

  it('names every bad variable in one readable error', () => {
    const bad = { HTTP_PORT: 'eighty', DATABASE_URL: 'mysql://x', KAFKA_BROKERS: 'no-port' };
    expect(() => parseConfig('order-service', baseConfigSchema, bad)).toThrow(ConfigError);
    try {
      parseConfig('order-service', baseConfigSchema, bad);
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('Invalid configuration for order-service');
      for (const name of ['HTTP_PORT', 'DATABASE_URL', 'KAFKA_BROKERS']) expect(message).toContain(`- ${name}:`);
    }
  });

  it('reports missing required variables', () => {
    expect(() => parseConfig('svc', baseConfigSchema, {})).toThrow(/DATABASE_URL: is required/);
  });
});
