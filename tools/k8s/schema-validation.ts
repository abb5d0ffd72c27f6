import { createRequire } from 'node:module';
import type { K8sObject } from './manifests';

const requireModel = createRequire(__filename);

interface Model {
  validate(): void;
}
type ModelClass = new (data: unknown) => Model;

/**
 * Validates a built-in object against the Kubernetes OpenAPI schema that `kubernetes-models`
 * compiles (`apps/v1` → kubernetes-models/apps/v1, `v1` → kubernetes-models/v1). Throws with the
 * schema's own message; `undefined` when the package has no model for the apiVersion and kind
 * (a custom resource: see CUSTOM_RESOURCES).
 *
 * What this does not catch: the compiled schemas accept unknown fields, so a misspelt optional
 * field passes. The checks in workload-hardening.spec.ts read the fields that matter by name.
 */
export function validateBuiltIn(object: K8sObject): 'valid' | undefined {
  const model = modelClassOf(object.apiVersion, object.kind);
  if (!model) return undefined;
  new model(asTheApiServerDecodesIt(object)).validate();
  return 'valid';
}

/**
 * kustomize wraps long base64 Secret values over several lines; the API server's decoder (Go's
 * encoding/base64) skips the newlines, the schema's `byte` format does not.
 */
function asTheApiServerDecodesIt(object: K8sObject): K8sObject {
  if (object.kind !== 'Secret' || !object.data) return object;
  const data = Object.entries(object.data as Record<string, string>).map(([key, value]) => [key, value.replace(/\n/g, '')]);
  return { ...object, data: Object.fromEntries(data) };
}

function modelClassOf(apiVersion: string, kind: string): ModelClass | undefined {
  let group: Record<string, unknown>;
  try {
    group = requireModel(`kubernetes-models/${apiVersion}`) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  return typeof group[kind] === 'function' ? (group[kind] as ModelClass) : undefined;
}

/**
 * The operators' resources the production overlay uses. No offline schema exists for them (no npm
 * package ships the Strimzi or CloudNativePG CRDs), so tools/k8s/infrastructure.spec.ts checks
 * the fields each operator requires and the ones this design depends on.
 */
export const CUSTOM_RESOURCES: Record<string, string[]> = {
  'kafka.strimzi.io/v1beta2': ['Kafka', 'KafkaNodePool', 'KafkaTopic'],
  'postgresql.cnpg.io/v1': ['Cluster', 'Database'],
};

export function isKnownCustomResource(object: K8sObject): boolean {
  return CUSTOM_RESOURCES[object.apiVersion]?.includes(object.kind) ?? false;
}
