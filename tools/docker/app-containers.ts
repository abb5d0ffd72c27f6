import { pollUntil } from '@ftgo/platform';
import { type PortPlan, type ProcessSpec, processEnv } from '../dev/services';
import { type ComposeFile, containerNameOf, envOf, interpolate } from '../compose/compose-model';
import type { Infra } from '../infra/infra';
import { runArguments } from './container-settings';
import { docker, dockerOk } from './docker-cli';

export const CHECK_LABEL = 'ftgo.docker-check';

export interface AppContainer {
  /** The compose service it stands for: `order-service`, `order-relay`, ... */
  service: string;
  name: string;
  image: string;
  /** Its /health/live, /metrics on this machine (host network). */
  url: string;
  stopGraceSeconds: number;
}

/** The variable that holds a process's HTTP port: the API's, or the relay's probes and metrics. */
const portVariable = (spec: ProcessSpec) => (spec.role === 'api' ? 'HTTP_PORT' : 'OUTBOX_RELAY_HTTP_PORT');

// Host networking: everything binds the loopback interface only, as compose publishes on 127.0.0.1 only.
const LOOPBACK = { api: { HTTP_HOST: '127.0.0.1', GRPC_HOST: '127.0.0.1' }, relay: { OUTBOX_RELAY_HTTP_HOST: '127.0.0.1' } };

/**
 * Starts one process of the system as its compose service's container: compose's image, command,
 * environment and settings, with this run's database, brokers and ports. `env` overrides last.
 */
export async function startAppContainer(
  compose: ComposeFile,
  spec: ProcessSpec,
  run: { id: string; infra: Infra; ports: PortPlan; env?: Record<string, string>; suffix?: string },
): Promise<AppContainer> {
  const service = containerNameOf(spec);
  const definition = compose.services[service];
  const composeEnv = Object.fromEntries(Object.entries(envOf(definition)).map(([name, value]) => [name, interpolate(value, process.env)]));
  const env: Record<string, string> = { ...composeEnv, ...processEnv(spec, run.infra, run.ports), ...LOOPBACK[spec.role], ...run.env };
  const composePort = Number(composeEnv[portVariable(spec)]);
  const port = Number(env[portVariable(spec)]);
  const name = `ftgo-check-${run.id}-${service}${run.suffix ?? ''}`;
  const image = interpolate(definition.image ?? '', process.env);
  const args = runArguments(definition, { name, labels: { [CHECK_LABEL]: run.id }, env, ports: new Map([[composePort, port]]) });
  await dockerOk(['run', ...args, image, ...(definition.command ?? [])]);
  const stopGraceSeconds = Number(args[args.indexOf('--stop-timeout') + 1] ?? 10);
  return { service, name, image, url: `http://127.0.0.1:${port}`, stopGraceSeconds };
}

/** `running healthy`, `running starting`, `exited`, ...: the container's state and health. */
export async function stateOf(name: string): Promise<string> {
  return dockerOk(['inspect', '--format', '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}', name]);
}

/** Waits for Docker's own verdict (the container's HEALTHCHECK); the error shows an exited one's logs. */
export async function waitHealthy(container: AppContainer, timeoutMs = 120_000): Promise<number> {
  const started = Date.now();
  await pollUntil(`${container.service} to be healthy`, async () => {
    const state = await stateOf(container.name);
    if (!state.startsWith('running')) {
      const logs = await docker(['logs', '--tail', '20', container.name]);
      throw new Error(`${container.service} is ${state}:\n${logs.stdout}${logs.stderr}`);
    }
    return state === 'running healthy';
  }, { timeoutMs, intervalMs: 500 });
  return Date.now() - started;
}
