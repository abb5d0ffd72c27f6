import { beforeAll, describe, expect, it } from 'vitest';
import { kustomizeBuild } from './kustomize';
import { type K8sObject, OVERLAYS, parseObjects, renderOverlay } from './manifests';
import { isKnownCustomResource, validateBuiltIn } from './schema-validation';

// The first run on a machine builds kustomize (about a minute, tools/k8s/kustomize.ts).
const BUILD_TIMEOUT_MS = 5 * 60_000;

describe.each(OVERLAYS)('k8s/overlays/%s', (overlay) => {
  let objects: K8sObject[];
  beforeAll(async () => {
    objects = await renderOverlay(overlay);
  }, BUILD_TIMEOUT_MS);

  it('renders with kustomize into the objects kubectl would apply', () => {
    expect(objects.length).toBeGreaterThan(30);
    for (const object of objects) expect(object.metadata.namespace ?? 'cluster-scoped', object.metadata.name).toMatch(/^(ftgo|cluster-scoped)$/);
  });

  it('passes the Kubernetes OpenAPI schema for every built-in object', () => {
    const failures = objects
      .filter((object) => !isKnownCustomResource(object))
      .flatMap((object) => {
        try {
          return validateBuiltIn(object) ? [] : [`${object.apiVersion} ${object.kind} ${object.metadata.name}: no schema for this kind`];
        } catch (error) {
          return [`${object.kind} ${object.metadata.name}: ${(error as Error).message}`];
        }
      });
    expect(failures).toEqual([]);
  });
});

describe('k8s/base', () => {
  it('renders on its own, for your own overlay: the services without infrastructure and without any Secret', async () => {
    const kinds = new Set(parseObjects(await kustomizeBuild('k8s/base')).map((object) => object.kind));
    expect(kinds).toEqual(new Set(['ConfigMap', 'Service', 'Deployment', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'NetworkPolicy']));
  }, BUILD_TIMEOUT_MS);
});

describe('the schema validation itself', () => {
  it('rejects a Deployment whose pod template has no containers (so a broken manifest cannot pass)', () => {
    const broken = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'broken' },
      spec: { selector: { matchLabels: { app: 'x' } }, template: { spec: { containers: [{ image: 'x' }] } } },
    };
    expect(() => validateBuiltIn(broken)).toThrow(/name/);
  });

  it('has no model for an unknown kind, which the overlay check reports as a failure', () => {
    expect(validateBuiltIn({ apiVersion: 'apps/v1', kind: 'Deploymnet', metadata: { name: 'typo' } })).toBeUndefined();
  });
});
