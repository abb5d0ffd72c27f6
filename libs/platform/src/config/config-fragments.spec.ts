import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { grpcServerConfig, httpServerConfig, kafkaConsumerConfig, serviceConfig } from './config-fragments';
import { ConfigError, parseConfig } from './parse-config';

const schema = z.object({ ...serviceConfig, ...httpServerConfig(3002), ...grpcServerConfig(50052), ...kafkaConsumerConfig('kitchen-service') });
const required = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db', KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.1:9093' };

describe('the shared configuration fragments', () => {
  it('give every service the same names with the defaults it chose', () => {
    expect(parseConfig('kitchen-service', schema, required)).toEqual({
      DATABASE_URL: required.DATABASE_URL,
      KAFKA_BROKERS: ['127.0.0.1:9092', '127.0.0.1:9093'],
      LOG_LEVEL: 'log',
      LOG_FORMAT: 'pretty',
      SHUTDOWN_GRACE_MS: 10_000,
      HTTP_PORT: 3002,
      HTTP_HOST: '127.0.0.1',
      CORS_ORIGINS: [],
      API_BEARER_TOKEN: undefined,
      GRPC_HOST: '127.0.0.1',
      GRPC_PORT: 50052,
      GRPC_SHUTDOWN_GRACE_MS: 5_000,
      GRPC_MAX_MESSAGE_BYTES: 65_536,
      GRPC_TLS_CERT_FILE: undefined,
      GRPC_TLS_KEY_FILE: undefined,
      KAFKA_CLIENT_ID: 'kitchen-service',
      KAFKA_CONSUMER_GROUP: 'kitchen-service',
      KAFKA_SESSION_TIMEOUT_MS: 30_000,
      KAFKA_HEARTBEAT_INTERVAL_MS: 3_000,
      KAFKA_RETRY_INITIAL_DELAY_MS: 200,
      KAFKA_RETRY_MAX_ATTEMPTS: 8,
      KAFKA_STUCK_AFTER_RETRIES: 3,
      KAFKA_LAG_INTERVAL_MS: 10_000,
      KAFKA_MAX_WAIT_MS: 1_000,
    });
  });

  it('read CORS origins as a list and refuse a short bearer token', () => {
    const config = parseConfig('kitchen-service', schema, { ...required, CORS_ORIGINS: 'https://a.example, https://b.example' });
    expect(config.CORS_ORIGINS).toEqual(['https://a.example', 'https://b.example']);
    expect(() => parseConfig('kitchen-service', schema, { ...required, API_BEARER_TOKEN: 'short' })).toThrow(/API_BEARER_TOKEN/);
  });

  it('name every bad variable in one error', () => {
    const bad = { ...required, GRPC_PORT: 'fifty', KAFKA_SESSION_TIMEOUT_MS: '-1', HTTP_PORT: '70000', KAFKA_CONSUMER_GROUP: '' };
    expect(() => parseConfig('kitchen-service', schema, bad)).toThrow(ConfigError);
    expect(() => parseConfig('kitchen-service', schema, bad)).toThrow(/HTTP_PORT:[\s\S]*GRPC_PORT:[\s\S]*KAFKA_CONSUMER_GROUP:[\s\S]*KAFKA_SESSION_TIMEOUT_MS:/);
  });
});
