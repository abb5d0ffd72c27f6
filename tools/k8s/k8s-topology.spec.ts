import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { beforeAll, describe, expect, it } from 'vitest';
import { httpPort, NATIVE_PORTS, SERVICES } from '../dev/services';
import { findObject, type K8sObject, mainContainerOf, OVERLAYS, podLabelsOf, renderOverlay } from './manifests';

const BUILD_TIMEOUT_MS = 5 * 60_000;

describe.each(OVERLAYS)('overlay %s', (overlay) => {
  let objects: K8sObject[];
  beforeAll(async () => {
    objects = await renderOverlay(overlay);
  }, BUILD_TIMEOUT_MS);
  const named = <T>(kind: string, name: string) =>
    objects.find((object) => object.kind === kind && object.metadata.name === name) as (T & K8sObject) | undefined;

  describe.each(SERVICES)('the %s service', (service) => {
    const api = `${service}-service`;
    const relay = `${service}-relay`;

    it('is reached over HTTP through a ClusterIP Service on the native port, routed to the port the API listens on', () => {
      const http = findObject(objects, 'Service', api);
      expect(http.spec?.type ?? 'ClusterIP').toBe('ClusterIP');
      expect(http.spec?.selector).toEqual({ 'app.kubernetes.io/name': api });
      expect(podLabelsOf(findObject(objects, 'Deployment', api))).toMatchObject(http.spec?.selector ?? {});
      const [servicePort] = http.spec?.ports ?? [];
      expect(servicePort.port).toBe(httpPort(service, NATIVE_PORTS));
      const target = mainContainerOf(findObject(objects, 'Deployment', api)).ports?.find((port) => port.name === servicePort.targetPort);
      expect(target?.containerPort).toBe(servicePort.port);
    });

    it('scales the API between two and more pods on CPU, leaving the replica count to the autoscaler', () => {
      const hpa = named<IHorizontalPodAutoscaler>('HorizontalPodAutoscaler', api);
      expect(hpa?.spec?.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: api });
      expect(hpa?.spec?.minReplicas).toBeGreaterThanOrEqual(2);
      expect(hpa?.spec?.maxReplicas).toBeGreaterThan(hpa?.spec?.minReplicas ?? 0);
      expect(findObject(objects, 'Deployment', api).spec?.replicas).toBeUndefined();
      // Utilization is a share of the CPU request, so the request must exist.
      expect(mainContainerOf(findObject(objects, 'Deployment', api)).resources?.requests?.cpu).toBeDefined();
    });

    it.each([[api], [relay]])('keeps one pod of %s through voluntary disruptions such as node drains', (workload) => {
      const pdb = named<IPodDisruptionBudget>('PodDisruptionBudget', workload);
      expect(pdb?.spec?.minAvailable).toBe(1);
      expect(pdb?.spec?.selector?.matchLabels).toEqual({ 'app.kubernetes.io/name': workload });
      expect(podLabelsOf(findObject(objects, 'Deployment', workload))).toMatchObject(pdb?.spec?.selector?.matchLabels ?? { missing: 'selector' });
    });

    it('runs two relays: one active through the advisory lock, one standby', () => {
      expect(findObject(objects, 'Deployment', relay).spec?.replicas).toBe(2);
    });

    it('lets the relay start only once its API has migrated the schema (the API is live only after its migrations)', () => {
      const [wait] = findObject(objects, 'Deployment', relay).spec?.template.spec?.initContainers ?? [];
      expect(wait?.command?.join(' ')).toContain(`http://${api}:${httpPort(service, NATIVE_PORTS)}/health/live`);
    });
  });
});
