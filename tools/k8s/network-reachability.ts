import type { INetworkPolicy, INetworkPolicyPeer, INetworkPolicyPort } from 'kubernetes-models/networking.k8s.io/v1';
import type { K8sObject } from './manifests';

/**
 * Who may open a connection to whom under a set of NetworkPolicies, by the rules Kubernetes
 * applies: a pod that no policy selects for a direction is open in that direction; a selected pod
 * accepts only what some selecting policy's rule allows; a connection needs the sender's egress
 * AND the receiver's ingress. Only `matchLabels` selectors are understood (the manifests use no
 * others; an expression fails loudly rather than being misread), and a `namespaceSelector` peer is
 * taken to mean another namespace (the manifests use it only so).
 */
export interface Endpoint {
  labels: Record<string, string>;
  /** Labels of the endpoint's namespace; absent for a pod of the application's own namespace. */
  namespaceLabels?: Record<string, string>;
}

type Direction = 'Ingress' | 'Egress';

export function policiesOf(objects: K8sObject[]): INetworkPolicy[] {
  return objects.filter((object) => object.kind === 'NetworkPolicy') as unknown as INetworkPolicy[];
}

export function canConnect(policies: INetworkPolicy[], from: Endpoint, to: Endpoint, port: number): boolean {
  return admits(policies, 'Egress', from, to, port) && admits(policies, 'Ingress', to, from, port);
}

function admits(policies: INetworkPolicy[], direction: Direction, subject: Endpoint, peer: Endpoint, port: number): boolean {
  // Policies only exist in the application's namespace: they say nothing about pods elsewhere.
  if (subject.namespaceLabels) return true;
  const selecting = policies.filter(
    (policy) => policyTypesOf(policy).includes(direction) && selects(policy.spec?.podSelector.matchLabels, subject.labels, policy),
  );
  if (selecting.length === 0) return true;
  return selecting.some((policy) => {
    const rules = direction === 'Ingress' ? (policy.spec?.ingress ?? []) : (policy.spec?.egress ?? []);
    return rules.some((rule) => {
      const peers = 'from' in rule ? rule.from : (rule as { to?: INetworkPolicyPeer[] }).to;
      return (!peers || peers.some((candidate) => peerMatches(candidate, peer, policy))) && portMatches(rule.ports, port);
    });
  });
}

/** Unset policyTypes mean Ingress, plus Egress when the policy has egress rules (as the API server defaults them). */
function policyTypesOf(policy: INetworkPolicy): string[] {
  return policy.spec?.policyTypes ?? (policy.spec?.egress ? ['Ingress', 'Egress'] : ['Ingress']);
}

function selects(matchLabels: Record<string, string> | undefined, labels: Record<string, string>, policy: INetworkPolicy): boolean {
  if (JSON.stringify(policy.spec).includes('matchExpressions')) {
    throw new Error(`NetworkPolicy ${policy.metadata?.name}: matchExpressions are not modelled by tools/k8s`);
  }
  return Object.entries(matchLabels ?? {}).every(([key, value]) => labels[key] === value);
}

function peerMatches(peer: INetworkPolicyPeer, endpoint: Endpoint, policy: INetworkPolicy): boolean {
  if (peer.ipBlock) return false;
  if (peer.namespaceSelector) {
    if (!endpoint.namespaceLabels || !selects(peer.namespaceSelector.matchLabels, endpoint.namespaceLabels, policy)) return false;
    return selects(peer.podSelector?.matchLabels, endpoint.labels, policy);
  }
  return !endpoint.namespaceLabels && selects(peer.podSelector?.matchLabels, endpoint.labels, policy);
}

function portMatches(ports: INetworkPolicyPort[] | undefined, port: number): boolean {
  return !ports || ports.some((allowed) => allowed.port === undefined || allowed.port === port);
}
