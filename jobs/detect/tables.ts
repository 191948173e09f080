import {
  columnNames,
  EVENT_TYPES,
  INTERACTION_COLUMNS,
  MEMBER_COLUMNS,
  type TableSpec,
} from '../../shared/contract/index.ts';
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
  const push = (row: Record<string, string | number | boolean | null>) => {
    for (const [k, v] of Object.entries(row)) out[k]!.push(v);
  };
  const known = (v: number) => (Number.isNaN(v) ? null : v);
  for (const c of detection.clusters) {
    const e = c.evidence;
    const acted = new Map<number, { n: number; first: number; hostile: number; duplicate: number }>();
    const received = new Map<number, { n: number; first: number }>();
    e.rows.forEach((r, i) => {
      const a = acted.get(actor[r]!) ?? { n: 0, first: ts[r]!, hostile: 0, duplicate: 0 };
      a.n++;
      a.hostile += e.hostile[i]!;
      a.duplicate += e.duplicateGroup[i]! >= 0 ? 1 : 0;
      acted.set(actor[r]!, a);
      const t = received.get(target[r]!) ?? { n: 0, first: ts[r]! };
      t.n++;
      received.set(target[r]!, t);
    });
    for (const [account, a] of [...acted].sort((x, y) => x[1].first - y[1].first || x[0] - y[0])) {
      const isInstigator = e.instigator?.account === account;
      push({
        cluster_id: c.id,
        account_id: events.accounts.id(account),
        role: 'actor',
        instigator: isInstigator,
        role_evidence: isInstigator
          ? `${calloutPhrase(e, index, handle)} the cluster; ${Math.round(e.instigator!.rawShare * 100)} % of the actors follow it or engaged with it`
          : null,
        n_actions: a.n,
        first_ts: a.first,
        created_at: known(index.createdAt[account]!),
        followers: known(index.followers[account]!),
        is_new: e.isNew.has(account),
        is_outsider: e.isOutsider.has(account),
        hostile_comments: a.hostile,
        duplicate_comments: a.duplicate,
      });
    }
    for (const [account, t] of [...received].sort((x, y) => y[1].n - x[1].n || x[0] - y[0]))
      push({
        cluster_id: c.id,
        account_id: events.accounts.id(account),
        role: 'target',
        instigator: false,
        role_evidence: `received ${t.n} of the cluster's interactions`,
        n_actions: t.n,
        first_ts: t.first,
        created_at: known(index.createdAt[account]!),
        followers: known(index.followers[account]!),
        is_new: false,
        is_outsider: false,
        hostile_comments: 0,
        duplicate_comments: 0,
      });
  }
  return out;
}

export function interactionColumns(detection: Detection, events: EventSet): Columns {
  const { ts, type, actor, target, content, text } = detection.index.columns;
  const out: Record<string, Array<string | number | boolean | null>> = {};
  for (const name of columnNames(INTERACTION_COLUMNS)) out[name] = [];
  for (const c of detection.clusters) {
    const e = c.evidence;
    e.rows.forEach((r, i) => {
      out.cluster_id!.push(c.id);
      out.event_id!.push(events.eventIds.get(r));
      out.ts!.push(ts[r]!);
      out.type!.push(EVENT_TYPES[type[r]!]!);
      out.actor_id!.push(events.accounts.id(actor[r]!));
      out.target_id!.push(events.accounts.id(target[r]!));
      out.content_id!.push(content[r]! >= 0 ? events.contents.id(content[r]!) : null);
      out.text!.push(text[r]! >= 0 ? events.texts.get(text[r]!) : null);
      out.duplicate_group!.push(e.duplicateGroup[i]! >= 0 ? e.duplicateGroup[i]! : null);
      out.hostile!.push(e.hostile[i] === 1);
    });
  }
  return out;
}
