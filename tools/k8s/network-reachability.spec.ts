import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { describe, expect, it } from 'vitest';
import { canConnect, type Endpoint } from './network-reachability';

const web: Endpoint = { labels: { app: 'web' } };
const db: Endpoint = { labels: { app: 'db' } };
const policy = (name: string, spec: INetworkPolicy['spec']): INetworkPolicy =>
  ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name }, spec }) as INetworkPolicy;
const denyAll = policy('deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
const webEgressToDb = policy('web-out', {
  podSelector: { matchLabels: { app: 'web' } },
  policyTypes: ['Egress'],
  egress: [{ to: [{ podSelector: { matchLabels: { app: 'db' } } }], ports: [{ protocol: 'TCP', port: 5432 }] }],
});
const dbIngressFromWeb = policy('db-in', {
  podSelector: { matchLabels: { app: 'db' } },
  policyTypes: ['Ingress'],
  ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ protocol: 'TCP', port: 5432 }] }],
});

describe('canConnect (NetworkPolicy semantics)', () => {
  it('lets everything through where no policy selects the pods', () => {
    expect(canConnect([], web, db, 5432)).toBe(true);
  });

  it('needs both the sender’s egress and the receiver’s ingress once both are isolated', () => {
    expect(canConnect([denyAll, webEgressToDb], web, db, 5432)).toBe(false);
    expect(canConnect([denyAll, dbIngressFromWeb], web, db, 5432)).toBe(false);
    expect(canConnect([denyAll, webEgressToDb, dbIngressFromWeb], web, db, 5432)).toBe(true);
  });

  it('allows only the listed ports and the selected peers', () => {
    const policies = [denyAll, webEgressToDb, dbIngressFromWeb];
    expect(canConnect(policies, web, db, 5433)).toBe(false);
    expect(canConnect(policies, db, web, 5432)).toBe(false);
  });

  it('refuses to guess at selectors it does not model', () => {
    const expression = policy('expr', { podSelector: { matchExpressions: [{ key: 'app', operator: 'Exists' }] } });
    expect(() => canConnect([expression], web, db, 5432)).toThrow(/matchExpressions/);
  });
});
