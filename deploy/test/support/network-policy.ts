import type { KubernetesObject } from './kubernetes-schema.js';

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: unknown[];
}
interface Peer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}
interface PolicyPort {
  protocol?: string;
  port?: number | string;
}
interface Rule {
  from?: Peer[];
  to?: Peer[];
  ports?: PolicyPort[];
}
export interface NetworkPolicySpec {
  podSelector: LabelSelector;
  policyTypes?: ('Ingress' | 'Egress')[];
  ingress?: Rule[];
  egress?: Rule[];
}

/** A pod of the namespace, by its workload's name, with its labels and container ports. */
export interface Pod {
  name: string;
  labels: Record<string, string>;
  ports: number[];
}

type Direction = 'Ingress' | 'Egress';

function selects(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (selector?.matchExpressions?.length) throw new Error('matchExpressions are not modelled here');
  return Object.entries(selector?.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
}

function specOf(policy: KubernetesObject): NetworkPolicySpec {
  return policy['spec'] as NetworkPolicySpec;
}

function types(spec: NetworkPolicySpec): Direction[] {
  // The API's default: Ingress, plus Egress when there are egress rules.
  return spec.policyTypes ?? (spec.egress ? ['Ingress', 'Egress'] : ['Ingress']);
}

function portAllowed(rule: Rule, port: number): boolean {
  if (!rule.ports?.length) return true;
  return rule.ports.some((allowed) => (allowed.protocol ?? 'TCP') === 'TCP' && allowed.port === port);
}

/** A peer that is a pod of this namespace: a podSelector without namespaceSelector or ipBlock. */
function matchesPodOfNamespace(peer: Peer, pod: Pod): boolean {
  if (peer.namespaceSelector || peer.ipBlock) return false;
  return selects(peer.podSelector, pod.labels);
}

/** Whether `pod`'s policies let traffic in `direction` with `other` on `port` (TCP). */
function allows(
  policies: KubernetesObject[],
  pod: Pod,
  direction: Direction,
  other: Pod,
  port: number,
): boolean {
  const applying = policies
    .map(specOf)
    .filter((spec) => selects(spec.podSelector, pod.labels) && types(spec).includes(direction));
  if (applying.length === 0) return true;
  return applying.some((spec) =>
    (direction === 'Ingress' ? (spec.ingress ?? []) : (spec.egress ?? [])).some((rule) => {
      const peers = direction === 'Ingress' ? rule.from : rule.to;
      const peerAllowed = !peers?.length || peers.some((peer) => matchesPodOfNamespace(peer, other));
      return peerAllowed && portAllowed(rule, port);
    }),
  );
}

/**
 * Every `client → server:port` path between pods of the namespace that the policies allow: the
 * client's policies allow it out and the server's allow it in (on one of the server's ports).
 */
export function allowedPaths(policies: KubernetesObject[], pods: readonly Pod[]): string[] {
  const paths: string[] = [];
  for (const client of pods) {
    for (const server of pods) {
      if (client === server) continue;
      for (const port of server.ports) {
        if (
          allows(policies, client, 'Egress', server, port) &&
          allows(policies, server, 'Ingress', client, port)
        ) {
          paths.push(`${client.name} → ${server.name}:${port}`);
        }
      }
    }
  }
  return paths.sort();
}

function describePeer(peer: Peer | undefined): string {
  if (!peer) return 'anywhere';
  if (peer.ipBlock) return `ipBlock ${peer.ipBlock.cidr}`;
  const labels = (selector: LabelSelector | undefined) =>
    Object.entries(selector?.matchLabels ?? {})
      .map(([key, value]) => `${key}=${value}`)
      .join(',') || '*';
  const namespace = peer.namespaceSelector ? `namespace ${labels(peer.namespaceSelector)}` : '';
  const pods = peer.podSelector ? `pods ${labels(peer.podSelector)}` : '';
  return [namespace, pods].filter(Boolean).join(' ');
}

/**
 * The rules that open a path to or from outside the namespace's pods (another namespace, an
 * address block, anywhere), as `<policy> <Ingress|Egress> <peer> <protocol>/<port>`.
 */
export function pathsBeyondNamespace(policies: KubernetesObject[]): string[] {
  const lines: string[] = [];
  for (const policy of policies) {
    const spec = specOf(policy);
    for (const direction of types(spec)) {
      for (const rule of direction === 'Ingress' ? (spec.ingress ?? []) : (spec.egress ?? [])) {
        const peers = (direction === 'Ingress' ? rule.from : rule.to) ?? [];
        const outside =
          peers.length === 0 ? [undefined] : peers.filter((peer) => peer.namespaceSelector || peer.ipBlock);
        const ports = rule.ports?.length ? rule.ports : [{ protocol: 'TCP', port: 'any' }];
        for (const peer of outside) {
          for (const port of ports) {
            lines.push(
              `${policy.metadata.name} ${direction} ${describePeer(peer)} ${port.protocol ?? 'TCP'}/${port.port ?? 'any'}`,
            );
          }
        }
      }
    }
  }
  return lines.sort();
}
