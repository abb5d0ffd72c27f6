import type { ComposeService } from '../compose/compose-model';

/**
 * docker-compose.yml's settings of an app container as `docker run` flags, so that the check runs
 * each image as compose would. Every key an app service uses is either carried over here or
 * named in NOT_CARRIED with the reason; container-settings.spec.ts holds the two lists to compose.
 */
export const CARRIED = [
  'init',
  'read_only',
  'tmpfs',
  'cap_drop',
  'security_opt',
  'stop_grace_period',
  'deploy',
  'healthcheck',
  'environment',
  'command',
  'image',
] as const;

export const NOT_CARRIED: Record<string, string> = {
  build: 'the check builds each target itself, once',
  ports: 'containers share the host network (to reach the native infrastructure), so nothing is published',
  depends_on: 'the check starts the APIs, waits until they are healthy, then starts the relays',
  restart: 'a crash must fail the check, not be hidden by a restart',
};

export interface ContainerPlan {
  name: string;
  labels: Record<string, string>;
  /** The container's whole environment (compose's, with this run's addresses and ports). */
  env: Record<string, string>;
  /** Compose's port → this run's port, for the ports written into a healthcheck command. */
  ports: Map<number, number>;
}

/** `--stop-timeout` wants whole seconds; compose writes durations such as `20s` or `1m30s`. */
export function seconds(duration: string): number {
  let total = 0;
  for (const [, value, unit] of duration.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
    total += Number(value) * { ms: 0.001, s: 1, m: 60, h: 3600 }[unit as 'ms' | 's' | 'm' | 'h'];
  }
  if (total === 0 && !/^0/.test(duration)) throw new Error(`not a compose duration: ${duration}`);
  return Math.ceil(total);
}

const shellQuote = (word: string) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);

function healthCommand(test: string[] | string, ports: Map<number, number>): string {
  const command = typeof test === 'string' ? test : test[0] === 'CMD-SHELL' ? test[1] : test.slice(1).map(shellQuote).join(' ');
  return command.replace(/127\.0\.0\.1:(\d+)/g, (text, port: string) => {
    const moved = ports.get(Number(port));
    return moved ? `127.0.0.1:${moved}` : text;
  });
}

/** `docker run` arguments (without the image and command) for one app container. */
export function runArguments(service: ComposeService, plan: ContainerPlan): string[] {
  const args = ['--detach', '--name', plan.name, '--network', 'host'];
  for (const [key, value] of Object.entries(plan.labels)) args.push('--label', `${key}=${value}`);
  if (service.init) args.push('--init');
  if (service.read_only) args.push('--read-only');
  for (const path of service.tmpfs ?? []) args.push('--tmpfs', path);
  for (const capability of service.cap_drop ?? []) args.push('--cap-drop', capability);
  for (const option of service.security_opt ?? []) args.push('--security-opt', option);
  if (service.stop_grace_period) args.push('--stop-timeout', String(seconds(service.stop_grace_period)));
  const limits = service.deploy?.resources?.limits;
  if (limits?.memory) args.push('--memory', limits.memory);
  if (limits?.cpus) args.push('--cpus', String(limits.cpus));
  const health = service.healthcheck;
  if (health) {
    args.push('--health-cmd', healthCommand(health.test, plan.ports));
    if (health.interval) args.push('--health-interval', health.interval);
    if (health.timeout) args.push('--health-timeout', health.timeout);
    if (health.retries !== undefined) args.push('--health-retries', String(health.retries));
    if (health.start_period) args.push('--health-start-period', health.start_period);
  }
  for (const [name, value] of Object.entries(plan.env)) args.push('--env', `${name}=${value}`);
  return args;
}
