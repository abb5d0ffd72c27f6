import { type Infra, SERVICES, type ServiceName } from '@ftgo/tools';

/** The endpoints the global setup exported, shaped as the launcher returns them. */
export function infraFromEnv(env: NodeJS.ProcessEnv = process.env): Infra {
  const required = (name: string) => {
    const value = env[name];
    if (!value) throw new Error(`${name} is not set: run the tests through vitest's global setup`);
    return value;
  };
  const databases = Object.fromEntries(
    SERVICES.map((service) => [service, required(`${service.toUpperCase()}_DATABASE_URL`)]),
  ) as Record<ServiceName, string>;
  return {
    postgres: { adminUrl: '', databases, startedHere: false },
    kafka: { brokers: required('KAFKA_BROKERS').split(','), startedHere: false },
  };
}
