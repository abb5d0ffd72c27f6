/**
 * The services of the system, one line each: every list of services in the repository is made
 * from this one or checked against it. The launcher creates a database and a user per entry
 * (tools/infra); `npm start` and the e2e tests run an API and an outbox relay per entry on the
 * ports its slot gives (tools/dev/services.ts); the deployment checks (tools/compose, tools/k8s)
 * hold docker-compose.yml, the Dockerfile, the Kubernetes manifests and the PostgreSQL init
 * scripts to it. `npx nx g @ftgo/tools:service <name>` adds a line (docs/guides/add-a-service.md).
 */
export interface ServiceEntry {
  /**
   * One lowercase word. Everything else is named after it: apps/<name>-service, the database
   * <name>_db and its user <name>_user, the variables <NAME>_…, the hosts <name>-service,
   * <name>-relay and <name>-grpc in compose and Kubernetes.
   */
  name: string;
  /** Its place in the port plan: HTTP on 3000 + slot, its relay on 3010 + slot, gRPC on 50050 + slot (natively). */
  slot: number;
  /** Whether it serves a gRPC API (src/grpc/configure-grpc.ts). */
  grpc: boolean;
  /** The services whose gRPC API it calls, each through its own breaker, at <NAME>_GRPC_ADDRESS. */
  calls: readonly string[];
}

export const SERVICE_REGISTRY = [
  { name: 'order', slot: 1, grpc: false, calls: ['kitchen', 'accounting'] },
  { name: 'kitchen', slot: 2, grpc: true, calls: [] },
  { name: 'accounting', slot: 3, grpc: true, calls: [] },
] as const satisfies readonly ServiceEntry[];

export type RegisteredService = (typeof SERVICE_REGISTRY)[number];
export type ServiceName = RegisteredService['name'];

/** The service names in registry order. */
export const SERVICES: readonly ServiceName[] = SERVICE_REGISTRY.map((entry) => entry.name);

export function serviceEntry(name: ServiceName): RegisteredService {
  const entry = SERVICE_REGISTRY.find((candidate) => candidate.name === name);
  if (!entry) throw new Error(`no service named ${name} in tools/registry/service-registry.ts`);
  return entry;
}

/** The services that call this one's gRPC API: the only pods its NetworkPolicy lets in on the gRPC port. */
export function callersOf(name: ServiceName): ServiceName[] {
  return SERVICE_REGISTRY.filter((entry) => (entry.calls as readonly string[]).includes(name)).map((entry) => entry.name);
}
