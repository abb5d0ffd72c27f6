import { beforeAll, describe, expect, it } from 'vitest';
import { NATIVE_PORTS, PROCESSES } from '../dev/services';
import { serviceEntry, type ServiceName, SERVICES } from '../registry/service-registry';
import { findObject, infrastructurePodLabels, type K8sObject, OVERLAYS, podLabelsOf, renderOverlay, workloadNameOf } from './manifests';
import { canConnect, type Endpoint, policiesOf } from './network-reachability';

const BUILD_TIMEOUT_MS = 5 * 60_000;
const port = (service: ServiceName, name: 'HTTP_PORT' | 'GRPC_PORT' | 'OUTBOX_RELAY_HTTP_PORT') =>
  Number(PROCESSES.find((spec) => spec.service === service && name in spec.env(NATIVE_PORTS))?.env(NATIVE_PORTS)[name]);

// Callers from other namespaces: an ingress controller, Prometheus, cluster DNS, the open internet.
const inNamespace = (namespace: string, labels: Record<string, string>): Endpoint => ({
  labels,
  namespaceLabels: { 'kubernetes.io/metadata.name': namespace },
});
const ingressController = inNamespace('ingress-nginx', { 'app.kubernetes.io/name': 'ingress-nginx' });
const prometheus = inNamespace('monitoring', { 'app.kubernetes.io/name': 'prometheus' });
const clusterDns = inNamespace('kube-system', { 'k8s-app': 'kube-dns' });

describe.each(OVERLAYS)('NetworkPolicies of overlay %s', (overlay) => {
  let objects: K8sObject[];
  let pod: (workload: string) => Endpoint;
  let infrastructure: { postgres: Endpoint; kafka: Endpoint };
  const allowed = (from: Endpoint, to: Endpoint, onPort: number) => canConnect(policiesOf(objects), from, to, onPort);
  beforeAll(async () => {
    objects = await renderOverlay(overlay);
    pod = (workload) => ({ labels: podLabelsOf(findObject(objects, 'Deployment', workload)) });
    const labels = infrastructurePodLabels(objects);
    infrastructure = { postgres: { labels: labels.postgres }, kafka: { labels: labels.kafka } };
  }, BUILD_TIMEOUT_MS);

  it('deny all traffic in the namespace by default', () => {
    const denyAll = policiesOf(objects).find((policy) => policy.metadata?.name === 'default-deny');
    expect(denyAll?.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  });

  it.each(PROCESSES.map(workloadNameOf))('have a policy of its own for %s', (workload) => {
    const own = policiesOf(objects).find((policy) => policy.metadata?.name === workload);
    expect(own?.spec?.podSelector.matchLabels).toEqual({ 'app.kubernetes.io/name': workload });
  });

  // Every pair of services: a call is open exactly when the registry says the caller makes it.
  const pairs = SERVICES.flatMap((caller) => SERVICES.filter((callee) => callee !== caller).map((callee) => [caller, callee] as const));
  it.each(pairs)('allow %s to call the gRPC API of %s only if the registry lists the call', (caller, callee) => {
    const calls = (serviceEntry(caller).calls as readonly string[]).includes(callee);
    if (serviceEntry(callee).grpc) expect(allowed(pod(`${caller}-service`), pod(`${callee}-service`), port(callee, 'GRPC_PORT'))).toBe(calls);
    else expect(calls, `${callee} serves no gRPC API`).toBe(false);
    expect(allowed(pod(`${caller}-service`), pod(`${callee}-service`), port(callee, 'HTTP_PORT')), 'no service calls another over HTTP').toBe(false);
    expect(allowed(pod(`${caller}-relay`), pod(`${callee}-service`), port(callee, 'HTTP_PORT')), "a relay asks only its own API").toBe(false);
  });

  it.each(SERVICES.filter((service) => serviceEntry(service).grpc))('keep the gRPC API of %s closed to callers from outside the namespace', (service) => {
    expect(allowed(ingressController, pod(`${service}-service`), port(service, 'GRPC_PORT'))).toBe(false);
  });

  it.each(PROCESSES.map(workloadNameOf))('let %s reach PostgreSQL and Kafka on their ports only', (workload) => {
    expect(allowed(pod(workload), infrastructure.postgres, 5432)).toBe(true);
    expect(allowed(pod(workload), infrastructure.kafka, 9092)).toBe(true);
    expect(allowed(pod(workload), infrastructure.postgres, 9092)).toBe(false);
    expect(allowed(pod(workload), { labels: {}, namespaceLabels: {} }, 443)).toBe(false);
    expect(allowed(pod(workload), clusterDns, 53)).toBe(true);
  });

  it('keep PostgreSQL and Kafka closed to callers from other namespaces', () => {
    expect(allowed(ingressController, infrastructure.postgres, 5432)).toBe(false);
    expect(allowed(ingressController, infrastructure.kafka, 9092)).toBe(false);
  });

  it.each(SERVICES)('open the %s API to clients and Prometheus on its HTTP port only', (service) => {
    const api = pod(`${service}-service`);
    expect(allowed(ingressController, api, port(service, 'HTTP_PORT'))).toBe(true);
    expect(allowed(prometheus, api, port(service, 'HTTP_PORT'))).toBe(true);
    expect(allowed(ingressController, api, 8080)).toBe(false);
  });

  it.each(SERVICES)("let Prometheus, and only Prometheus, scrape the %s relay; the relay may ask its API whether it has migrated", (service) => {
    const relay = pod(`${service}-relay`);
    expect(allowed(prometheus, relay, port(service, 'OUTBOX_RELAY_HTTP_PORT'))).toBe(true);
    expect(allowed(ingressController, relay, port(service, 'OUTBOX_RELAY_HTTP_PORT'))).toBe(false);
    expect(allowed(relay, pod(`${service}-service`), port(service, 'HTTP_PORT'))).toBe(true);
  });

  if (overlay === 'production') {
    it('let the operators’ pods replicate among themselves', () => {
      expect(allowed(infrastructure.postgres, infrastructure.postgres, 5432)).toBe(true);
      expect(allowed(infrastructure.kafka, infrastructure.kafka, 9091)).toBe(true);
    });
  }
});
