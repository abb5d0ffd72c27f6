import type { IDeployment } from 'kubernetes-models/apps/v1';
import type { IContainer, IProbe } from 'kubernetes-models/v1';
import { beforeAll, describe, expect, it } from 'vitest';
import { execForm, parseDockerfile } from '../compose/dockerfile-model';
import { NATIVE_PORTS, PROCESSES } from '../dev/services';
import { findObject, type K8sObject, mainContainerOf, OVERLAYS, podSpecOf, renderOverlay, workloadNameOf } from './manifests';

const BUILD_TIMEOUT_MS = 5 * 60_000;
// The app's own drain (SHUTDOWN_GRACE_MS default) that Kubernetes must wait for before SIGKILL.
const APP_SHUTDOWN_GRACE_S = 10;
const dockerfile = parseDockerfile();

/** The named container port a probe targets, as a number. */
function probePort(container: IContainer, probe: IProbe | undefined): number | undefined {
  const port = probe?.httpGet?.port;
  return typeof port === 'number' ? port : container.ports?.find((declared) => declared.name === port)?.containerPort;
}

function expectLockedDown(container: IContainer): void {
  expect(container.securityContext, container.name).toMatchObject({
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
  });
  expect(container.resources?.requests?.cpu, `${container.name} cpu request`).toBeDefined();
  expect(container.resources?.requests?.memory, `${container.name} memory request`).toBeDefined();
  expect(container.resources?.limits?.memory, `${container.name} memory limit`).toBeDefined();
}

describe.each(OVERLAYS)('overlay %s', (overlay) => {
  let objects: K8sObject[];
  beforeAll(async () => {
    objects = await renderOverlay(overlay);
  }, BUILD_TIMEOUT_MS);
  const deployment = (name: string): IDeployment => findObject(objects, 'Deployment', name);

  describe.each(PROCESSES.map((spec) => [workloadNameOf(spec), spec] as const))('Deployment %s', (name, spec) => {
    it('runs as a non-root user under the RuntimeDefault seccomp profile, without a service account token', () => {
      const pod = podSpecOf(deployment(name));
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(pod.automountServiceAccountToken).toBe(false);
    });

    it('locks every container down (read-only root, no capabilities, no escalation) and sizes it', () => {
      const pod = podSpecOf(deployment(name));
      for (const container of [...(pod.initContainers ?? []), ...pod.containers]) expectLockedDown(container);
    });

    it('gives the read-only process a writable /tmp on an emptyDir', () => {
      const pod = podSpecOf(deployment(name));
      const mount = mainContainerOf(deployment(name)).volumeMounts?.find((volume) => volume.mountPath === '/tmp');
      expect(pod.volumes?.find((volume) => volume.name === mount?.name)?.emptyDir).toBeDefined();
    });

    it('probes liveness and start-up on /health/live and readiness on /health/ready, on the port the process listens on', () => {
      const container = mainContainerOf(deployment(name));
      const native = spec.env(NATIVE_PORTS);
      const listening = Number(native.HTTP_PORT ?? native.OUTBOX_RELAY_HTTP_PORT);
      expect(container.startupProbe?.httpGet?.path).toBe('/health/live');
      expect(container.livenessProbe?.httpGet?.path).toBe('/health/live');
      expect(container.readinessProbe?.httpGet?.path).toBe('/health/ready');
      for (const probe of [container.startupProbe, container.livenessProbe, container.readinessProbe]) {
        expect(probePort(container, probe)).toBe(listening);
      }
    });

    it("waits longer than the app's own drain before Kubernetes kills it", () => {
      const pod = podSpecOf(deployment(name));
      const preStop = mainContainerOf(deployment(name)).lifecycle?.preStop?.sleep?.seconds ?? 0;
      expect(pod.terminationGracePeriodSeconds ?? 30).toBeGreaterThan(preStop + APP_SHUTDOWN_GRACE_S);
    });

    it('runs the Dockerfile target named by its image, and the entry the native launcher runs', () => {
      const container = mainContainerOf(deployment(name));
      const target = /ftgo\/([a-z-]+):[^/]+$/.exec(container.image ?? '')?.[1];
      expect(target).toBe(`${spec.service}-service`);
      const stage = dockerfile.filter((instruction) => instruction.stage === target);
      const entry = `dist/apps/${spec.service}-service/src/${spec.entry}`;
      if (spec.role === 'relay') {
        expect(container.command).toEqual(['node', entry]);
      } else {
        // The API keeps the image's CMD.
        expect(container.command).toBeUndefined();
        expect(execForm(stage.find((instruction) => instruction.keyword === 'CMD')?.args ?? '[]').at(-1)).toBe(entry);
      }
    });
  });
});
