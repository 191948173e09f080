import { EVENT_TYPES } from '../../../../shared/contract/inputs.ts';
import type { ClusterDetail } from '../../../shared/api.ts';

export type InteractionType = (typeof EVENT_TYPES)[number];
export const INTERACTION_TYPES = EVENT_TYPES;
export const NODE_ROLES = ['target', 'instigator', 'actor'] as const;
export type NodeRole = (typeof NODE_ROLES)[number];

const DAY = 86_400_000;

/** The cluster's accounts (one node each) with what the views colour, size and show them by. */
export interface ClusterNodes {
  key: string[];
  role: NodeRole[];
  /** Account age in days at its first interaction in the cluster; null when unknown. */
  ageDays: (number | null)[];
  followers: (number | null)[];
  /** Interactions made (actors) or received (targets). */
  activity: number[];
  isNew: boolean[];
  isOutsider: boolean[];
  roleEvidence: (string | null)[];
}

/**
 * Interactions folded into one edge per (actor, target, type), each with the times of its
 * interactions so that a time window can show or hide it without rebuilding the graph.
 */
export interface ClusterEdges {
  source: Int32Array;
  target: Int32Array;
  type: Uint8Array;
  /** Times of edge e are times[timeOffsets[e] .. timeOffsets[e + 1]), ascending. */
  times: Float64Array;
  timeOffsets: Int32Array;
}

export interface ClusterModel {
  detail: ClusterDetail;
  nodes: ClusterNodes;
  nodeIndex: Map<string, number>;
  edges: ClusterEdges;
  /** Edge of each interaction (same order as detail.interactions). */
  interactionEdge: Int32Array;
  span: [number, number];
}

export const typeIndex = (type: string) => (INTERACTION_TYPES as readonly string[]).indexOf(type);

export function buildClusterModel(detail: ClusterDetail): ClusterModel {
  const m = detail.members;
  const nodes: ClusterNodes = {
    key: [],
    role: [],
    ageDays: [],
    followers: [],
    activity: [],
    isNew: [],
    isOutsider: [],
    roleEvidence: [],
  };
  const nodeIndex = new Map<string, number>();
  const addNode = (key: string, role: NodeRole): number => {
    const index = nodes.key.length;
    nodeIndex.set(key, index);
    nodes.key.push(key);
    nodes.role.push(role);
    nodes.ageDays.push(null);
    nodes.followers.push(null);
    nodes.activity.push(0);
    nodes.isNew.push(false);
    nodes.isOutsider.push(false);
    nodes.roleEvidence.push(null);
    return index;
  };
  for (let i = 0; i < m.account.length; i++) {
    const role: NodeRole = m.role[i] === 'target' ? 'target' : m.instigator[i] ? 'instigator' : 'actor';
    const existing = nodeIndex.get(m.account[i]!);
    // An account both acting and acted on is drawn once, as the target it also is.
    const n = existing ?? addNode(m.account[i]!, role);
    if (existing !== undefined && role !== 'target') continue;
    nodes.role[n] = role;
    const created = m.created_at[i];
    nodes.ageDays[n] = created === null || created === undefined ? null : (m.first_ts[i]! - created) / DAY;
    nodes.followers[n] = m.followers[i] ?? null;
    nodes.activity[n] = m.n_actions[i]!;
    nodes.isNew[n] = m.is_new[i]!;
    nodes.isOutsider[n] = m.is_outsider[i]!;
    nodes.roleEvidence[n] = m.role_evidence[i] ?? null;
  }

  const x = detail.interactions;
  const edgeByKey = new Map<number, number>();
  const source: number[] = [];
  const target: number[] = [];
  const type: number[] = [];
  const interactionEdge = new Int32Array(x.ts.length);
  const counts: number[] = [];
  for (let i = 0; i < x.ts.length; i++) {
    const s = nodeIndex.get(x.actor[i]!) ?? addNode(x.actor[i]!, 'actor');
    const t = nodeIndex.get(x.target[i]!) ?? addNode(x.target[i]!, 'target');
    const k = Math.max(0, typeIndex(x.type[i]!));
    // A number key is much cheaper to hash than a string; exact below 16M accounts a cluster.
    const key = (s * 0x1000000 + t) * 8 + k;
    let e = edgeByKey.get(key);
    if (e === undefined) {
      e = source.length;
      edgeByKey.set(key, e);
      source.push(s);
      target.push(t);
      type.push(k);
      counts.push(0);
    }
    counts[e]!++;
    interactionEdge[i] = e;
  }
  // Bucket each interaction's time under its edge; interactions come in time order.
  const timeOffsets = new Int32Array(source.length + 1);
  for (let e = 0; e < counts.length; e++) timeOffsets[e + 1] = timeOffsets[e]! + counts[e]!;
  const next = timeOffsets.slice(0, source.length);
  const times = new Float64Array(x.ts.length);
  for (let i = 0; i < x.ts.length; i++) times[next[interactionEdge[i]!]!++] = x.ts[i]!;

  const first = x.ts.length ? x.ts[0]! : detail.cluster.first_ts;
  const last = x.ts.length ? x.ts[x.ts.length - 1]! : detail.cluster.last_ts;
  return {
    detail,
    nodes,
    nodeIndex,
    edges: {
      source: Int32Array.from(source),
      target: Int32Array.from(target),
      type: Uint8Array.from(type),
      times,
      timeOffsets,
    },
    interactionEdge,
    span: [Math.min(first, detail.cluster.first_ts), Math.max(last, detail.cluster.last_ts)],
  };
}

/** Interactions of one edge inside [from, to] (inclusive): two binary searches over its sorted times. */
export function countInWindow(edges: ClusterEdges, edge: number, from: number, to: number): number {
  const lo = lowerBound(edges.times, edges.timeOffsets[edge]!, edges.timeOffsets[edge + 1]!, from);
  const hi = upperBound(edges.times, lo, edges.timeOffsets[edge + 1]!, to);
  return hi - lo;
}

/** First index in [start, end) whose value is greater than `value`. */
export function upperBound(values: ArrayLike<number>, start: number, end: number, value: number): number {
  let lo = start;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index in [start, end) whose value is at least `value`. */
export function lowerBound(values: ArrayLike<number>, start: number, end: number, value: number): number {
  let lo = start;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
