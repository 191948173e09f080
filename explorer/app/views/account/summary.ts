import type { ClusterModel, NodeRole } from '../cluster/model.ts';

export interface AccountSummary {
  key: string;
  role: NodeRole;
  ageDays: number | null;
  followers: number | null;
  isNew: boolean;
  isOutsider: boolean;
  roleEvidence: string | null;
  /** Interactions the account made (or, for a target, received), in time order. */
  actions: number[];
  /** Count per interaction type over those actions. */
  byType: Record<string, number>;
}

export function accountSummary(model: ClusterModel, key: string): AccountSummary | null {
  const n = model.nodeIndex.get(key);
  if (n === undefined) return null;
  const { nodes } = model;
  const x = model.detail.interactions;
  const role = nodes.role[n]!;
  const side = role === 'target' ? x.target : x.actor;
  const actions: number[] = [];
  const byType: Record<string, number> = {};
  for (let i = 0; i < side.length; i++) {
    if (side[i] !== key) continue;
    actions.push(i);
    byType[x.type[i]!] = (byType[x.type[i]!] ?? 0) + 1;
  }
  return {
    key,
    role,
    ageDays: nodes.ageDays[n] ?? null,
    followers: nodes.followers[n] ?? null,
    isNew: nodes.isNew[n]!,
    isOutsider: nodes.isOutsider[n]!,
    roleEvidence: nodes.roleEvidence[n] ?? null,
    actions,
    byType,
  };
}

export function describeAge(days: number | null): string {
  if (days === null) return 'unknown';
  if (days < 1) return `${Math.max(0, Math.round(days * 24))} hours`;
  if (days < 60) return `${Math.round(days)} days`;
  if (days < 730) return `${Math.round(days / 30)} months`;
  return `${(days / 365).toFixed(1)} years`;
}
