import type { IDeployment, IStatefulSet } from 'kubernetes-models/apps/v1';
import type { IConfigMap, IContainer, IPodSpec, IService } from 'kubernetes-models/v1';
import { parseAllDocuments } from 'yaml';
import type { ProcessSpec } from '../dev/services';
import { kustomizeBuild } from './kustomize';

/** Any rendered object; kinds the checks read closely are narrowed with `ofKind`. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  [field: string]: unknown;
}

interface Kinds {
  Deployment: IDeployment;
  StatefulSet: IStatefulSet;
  Service: IService;
  ConfigMap: IConfigMap;
}

export const OVERLAYS = ['local', 'production'] as const;
export type Overlay = (typeof OVERLAYS)[number];

const rendered = new Map<Overlay, Promise<K8sObject[]>>();

/** `kustomize build k8s/overlays/<overlay>`, parsed; built once per test file. */
export function renderOverlay(overlay: Overlay): Promise<K8sObject[]> {
  if (!rendered.has(overlay)) rendered.set(overlay, kustomizeBuild(`k8s/overlays/${overlay}`).then(parseObjects));
  return rendered.get(overlay) as Promise<K8sObject[]>;
}

export function parseObjects(yamlStream: string): K8sObject[] {
  return parseAllDocuments(yamlStream)
    .map((document) => document.toJS() as K8sObject | null)
    .filter((object): object is K8sObject => object !== null);
}

export function ofKind<K extends keyof Kinds>(objects: K8sObject[], kind: K): (Kinds[K] & K8sObject)[] {
  return objects.filter((object) => object.kind === kind) as (Kinds[K] & K8sObject)[];
}

export function findObject<K extends keyof Kinds>(objects: K8sObject[], kind: K, name: string): Kinds[K] & K8sObject {
  const found = ofKind(objects, kind).find((object) => object.metadata.name === name);
  if (!found) throw new Error(`no ${kind} named ${name} in the rendered manifests`);
  return found;
}

/** The Deployment that runs one native process: `order-service` (API) or `order-relay`. */
export function workloadNameOf(spec: ProcessSpec): string {
  return spec.role === 'api' ? `${spec.service}-service` : `${spec.service}-relay`;
}

export function podSpecOf(workload: IDeployment | IStatefulSet): IPodSpec {
  const spec = workload.spec?.template.spec;
  if (!spec) throw new Error(`${workload.metadata?.name} has no pod template`);
  return spec;
}

/** The main container: the one the process runs in (init containers aside). */
export function mainContainerOf(workload: IDeployment | IStatefulSet): IContainer {
  const [container] = podSpecOf(workload).containers;
  return container;
}

/** A container's environment as the pod sees it: literal values, and `secret:<name>/<key>` for secret references. */
export function environmentOf(objects: K8sObject[], container: IContainer): Record<string, string> {
  const fromConfigMaps = (container.envFrom ?? []).flatMap((source) => {
    if (!source.configMapRef) return [];
    return Object.entries(findObject(objects, 'ConfigMap', source.configMapRef.name ?? '').data ?? {});
  });
  const direct = (container.env ?? []).map((variable): [string, string] => {
    const secret = variable.valueFrom?.secretKeyRef;
    return [variable.name, secret ? `secret:${secret.name}/${secret.key}` : (variable.value ?? '')];
  });
  return Object.fromEntries([...fromConfigMaps, ...direct]);
}

/** The labels a workload's pods carry. */
export function podLabelsOf(workload: IDeployment | IStatefulSet): Record<string, string> {
  return workload.spec?.template.metadata?.labels ?? {};
}

/**
 * The labels of the PostgreSQL and Kafka pods: the StatefulSets' templates locally; in production
 * what the operators put on the pods they create (CloudNativePG: inheritedMetadata + cnpg.io/cluster;
 * Strimzi: the node pool's pod template + strimzi.io/cluster).
 */
export function infrastructurePodLabels(objects: K8sObject[]): { postgres: Record<string, string>; kafka: Record<string, string> } {
  const statefulSets = ofKind(objects, 'StatefulSet');
  if (statefulSets.length > 0) {
    return {
      postgres: podLabelsOf(findObject(objects, 'StatefulSet', 'postgres')),
      kafka: podLabelsOf(findObject(objects, 'StatefulSet', 'kafka')),
    };
  }
  const cluster = onlyObject(objects, 'Cluster') as {
    metadata: { name: string };
    spec: { inheritedMetadata?: { labels?: Record<string, string> } };
  };
  const pool = onlyObject(objects, 'KafkaNodePool') as {
    metadata: { labels: Record<string, string> };
    spec: { template?: { pod?: { metadata?: { labels?: Record<string, string> } } } };
  };
  return {
    postgres: { ...cluster.spec.inheritedMetadata?.labels, 'cnpg.io/cluster': cluster.metadata.name },
    kafka: { ...pool.spec.template?.pod?.metadata?.labels, 'strimzi.io/cluster': pool.metadata.labels['strimzi.io/cluster'] },
  };
}

function onlyObject(objects: K8sObject[], kind: string): K8sObject {
  const found = objects.filter((object) => object.kind === kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, found ${found.length}`);
  return found[0];
}
