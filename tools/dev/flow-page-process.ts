import type { Infra } from '../infra/infra';
import { type ChildNodeProcess, httpPort, NATIVE_PORTS, type PortPlan, relayPort, spawnNode, type StartOptions, whenReady } from './services';

/** The flow page answers on the base port itself, the launcher's control endpoint twenty above. */
export const flowPagePort = (ports: PortPlan) => ports.httpBase;
export const controlPort = (ports: PortPlan) => ports.httpBase + 20;

export interface ControlAccess {
  url: string;
  token: string;
}

/** The flow page's environment: the brokers, every process's URL, and the control endpoint if there is one. */
export function flowPageEnv(infra: Infra, ports: PortPlan, control?: ControlAccess): Record<string, string> {
  const url = (port: number) => `http://127.0.0.1:${port}`;
  return {
    HTTP_PORT: String(flowPagePort(ports)),
    HTTP_HOST: '127.0.0.1',
    KAFKA_BROKERS: infra.kafka.brokers.join(','),
    ORDER_SERVICE_URL: url(httpPort('order', ports)),
    KITCHEN_SERVICE_URL: url(httpPort('kitchen', ports)),
    ACCOUNTING_SERVICE_URL: url(httpPort('accounting', ports)),
    ORDER_RELAY_URL: url(relayPort('order', ports)),
    KITCHEN_RELAY_URL: url(relayPort('kitchen', ports)),
    ACCOUNTING_RELAY_URL: url(relayPort('accounting', ports)),
    ...(control && { SUPERVISOR_URL: control.url, SUPERVISOR_TOKEN: control.token }),
  };
}

/** Starts the built flow page (tools/build) and resolves once its consumer tails the topics. */
export function startFlowPage(infra: Infra, control: ControlAccess | undefined, options: StartOptions = {}): Promise<ChildNodeProcess> {
  const ports = options.ports ?? NATIVE_PORTS;
  const page = spawnNode({
    name: 'flow-page',
    main: 'dist/apps/flow-page/src/main.js',
    port: flowPagePort(ports),
    env: { ...flowPageEnv(infra, ports, control), ...options.env },
    log: options.log,
  });
  return whenReady(page, options);
}
