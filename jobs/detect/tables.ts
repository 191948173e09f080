import { columnNames, EVENT_TYPES, MEMBER_COLUMNS, type TableSpec } from '../../shared/contract/index.ts';
import type { EventSet } from '../ingest/types.ts';
import type { Columns } from '../output/index.ts';
import { calloutPhrase } from './explain.ts';
import type { Detection } from './pipeline.ts';
import { SIGNAL_NAMES } from './types.ts';

/** Per-member evidence beyond the contract's member columns. */
export const MEMBER_EXTRAS: TableSpec = [
  {
    name: 'hostile_comments',
    type: 'int32',
    required: true,
    description: 'hostile comments the actor posted in the cluster',
  },
  {
    name: 'duplicate_comments',
    type: 'int32',
    required: true,
    description: 'near-duplicate comments the actor posted in the cluster',
  },
];

export function clusterColumns(detection: Detection): Columns {
  const { ts, actor } = detection.index.columns;
  const columns: Record<string, Array<string | number>> = {
    cluster_id: [],
    kind: [],
    score: [],
    first_ts: [],
    last_ts: [],
    n_actors: [],
    n_targets: [],
    n_interactions: [],
    why_flagged: [],
  };
  for (const name of SIGNAL_NAMES) columns[name] = [];
  for (const c of detection.clusters) {
    const rows = c.evidence.rows;
    columns.cluster_id!.push(c.id);
    columns.kind!.push(c.evidence.candidate.kind);
    columns.score!.push(c.score);
    columns.first_ts!.push(ts[rows[0]!]!);
    columns.last_ts!.push(ts[rows[rows.length - 1]!]!);
    // The instigator counts among the actors when its call-out joined the cluster's interactions.
    columns.n_actors!.push(new Set(Array.from(rows, (r) => actor[r]!)).size);
    columns.n_targets!.push(c.evidence.targets.length);
    columns.n_interactions!.push(rows.length);
    columns.why_flagged!.push(c.whyFlagged);
    for (const name of SIGNAL_NAMES) columns[name]!.push(c.evidence.signals[name]);
  }
  return columns;
}

export function memberColumns(detection: Detection, events: EventSet): Columns {
  const { index } = detection;
  const { actor, target, ts } = index.columns;
  const handle = (a: number) => `@${events.accounts.id(a)}`;
  const out: Record<string, Array<string | number | boolean | null>> = {};
  for (const name of columnNames([...MEMBER_COLUMNS, ...MEMBER_EXTRAS])) out[name] = [];
  // The columns held once, not looked up by name per value.
  const clusterId = out.cluster_id!;
  const accountId = out.account_id!;
  const role = out.role!;
  const instigator = out.instigator!;
  const roleEvidence = out.role_evidence!;
  const actions = out.n_actions!;
  const firstTs = out.first_ts!;
  const createdAt = out.created_at!;
  const followers = out.followers!;
  const isNew = out.is_new!;
  const isOutsider = out.is_outsider!;
  const hostileComments = out.hostile_comments!;
  const duplicateComments = out.duplicate_comments!;
  const known = (v: number) => (Number.isNaN(v) ? null : v);
  // The columns every member row fills alike.
  const push = (clusterIdValue: string, account: number, n: number, first: number) => {
    clusterId.push(clusterIdValue);
    accountId.push(events.accounts.id(account));
    actions.push(n);
    firstTs.push(first);
    createdAt.push(known(index.createdAt[account]!));
    followers.push(known(index.followers[account]!));
  };
  for (const c of detection.clusters) {
    const e = c.evidence;
    const acted = new Map<number, { n: number; first: number; hostile: number; duplicate: number }>();
    const received = new Map<number, { n: number; first: number }>();
    for (let i = 0; i < e.rows.length; i++) {
      const r = e.rows[i]!;
      const a = acted.get(actor[r]!) ?? { n: 0, first: ts[r]!, hostile: 0, duplicate: 0 };
      a.n++;
      a.hostile += e.hostile[i]!;
      a.duplicate += e.duplicateGroup[i]! >= 0 ? 1 : 0;
      acted.set(actor[r]!, a);
      const t = received.get(target[r]!) ?? { n: 0, first: ts[r]! };
      t.n++;
      received.set(target[r]!, t);
    }
    for (const [account, a] of [...acted].sort((x, y) => x[1].first - y[1].first || x[0] - y[0])) {
      const isInstigator = e.instigator?.account === account;
      push(c.id, account, a.n, a.first);
      role.push('actor');
      instigator.push(isInstigator);
      roleEvidence.push(
        isInstigator
          ? `${calloutPhrase(e, index, handle)} the cluster; ${Math.round(e.instigator!.rawShare * 100)} % of the actors follow it or engaged with it`
          : null,
      );
      isNew.push(e.isNew.has(account));
      isOutsider.push(e.isOutsider.has(account));
      hostileComments.push(a.hostile);
      duplicateComments.push(a.duplicate);
    }
    for (const [account, t] of [...received].sort((x, y) => y[1].n - x[1].n || x[0] - y[0])) {
      push(c.id, account, t.n, t.first);
      role.push('target');
      instigator.push(false);
      roleEvidence.push(`received ${t.n} of the cluster's interactions`);
      isNew.push(false);
      isOutsider.push(false);
      hostileComments.push(0);
      duplicateComments.push(0);
    }
  }
  return out;
}

export function interactionColumns(detection: Detection, events: EventSet): Columns {
  const { ts, type, actor, target, content, text } = detection.index.columns;
  let length = 0;
  for (const c of detection.clusters) length += c.evidence.rows.length;
  // Each column filled in place, row after row: no push through a record of columns per value.
  const clusterId = new Array<string>(length);
  const eventId = new Array<string>(length);
  const time = new Array<number>(length);
  const eventType = new Array<string>(length);
  const actorId = new Array<string>(length);
  const targetId = new Array<string>(length);
  const contentId = new Array<string | null>(length);
  const comment = new Array<string | null>(length);
  const duplicate = new Array<number | null>(length);
  const isHostile = new Array<boolean>(length);
  let n = 0;
  for (const c of detection.clusters) {
    const { rows, duplicateGroup, hostile } = c.evidence;
    for (let i = 0; i < rows.length; i++, n++) {
      const r = rows[i]!;
      clusterId[n] = c.id;
      eventId[n] = events.eventIds.get(r);
      time[n] = ts[r]!;
      eventType[n] = EVENT_TYPES[type[r]!]!;
      actorId[n] = events.accounts.id(actor[r]!);
      targetId[n] = events.accounts.id(target[r]!);
      contentId[n] = content[r]! >= 0 ? events.contents.id(content[r]!) : null;
      comment[n] = text[r]! >= 0 ? events.texts.get(text[r]!) : null;
      duplicate[n] = duplicateGroup[i]! >= 0 ? duplicateGroup[i]! : null;
      isHostile[n] = hostile[i] === 1;
    }
  }
  const columns: Record<string, Array<string | number | boolean | null>> = {
    cluster_id: clusterId,
    event_id: eventId,
    ts: time,
    type: eventType,
    actor_id: actorId,
    target_id: targetId,
    content_id: contentId,
    text: comment,
    duplicate_group: duplicate,
    hostile: isHostile,
  };
  return columns;
}
