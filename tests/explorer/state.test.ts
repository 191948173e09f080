import { describe, expect, it } from 'vitest';
import { matchRoute } from '../../explorer/app/router.ts';
import { accountSummary, describeAge } from '../../explorer/app/views/account/summary.ts';
import { buildClusterModel, countInWindow } from '../../explorer/app/views/cluster/model.ts';
import { DEFAULT_VIEW, parseViewState, serializeViewState } from '../../explorer/app/views/cluster/state.ts';
import { legendEntries, nodeStyles } from '../../explorer/app/views/cluster/style.ts';
import { computeVisibility } from '../../explorer/app/views/cluster/visibility.ts';
import { groupComments, segments } from '../../explorer/app/views/comments/groups.ts';
import { evidenceRows } from '../../explorer/app/views/evidence/rows.ts';
import { csvCell, interactionsCsv, toCsv } from '../../explorer/app/views/export/csv.ts';
import { toGexf, xmlEscape } from '../../explorer/app/views/export/gexf.ts';
import {
  parseQueueState,
  queueApiParams,
  serializeQueueState,
} from '../../explorer/app/views/queue/state.ts';
import { brushWindow, histogram, replayWindow, timeAt, xAt } from '../../explorer/app/views/timeline/bins.ts';
import { maskedSpans } from '../../explorer/server/runs/detail.ts';
import { createHostileLexicon } from '../../shared/text/hostile.ts';

const { spans: hostileSpans } = createHostileLexicon();

import { parseQueueQuery, QueryError } from '../../explorer/server/runs/queue.ts';
import { groupByCluster } from '../../explorer/server/runs/store.ts';
import type { ClusterDetail } from '../../explorer/shared/api.ts';

const T0 = Date.UTC(2026, 10, 21, 12);
const MIN = 60_000;

/** A pile-on of three actors on one target; a is the instigator, c is new and also likes late. */
function detail(): ClusterDetail {
  const ts = [T0, T0 + MIN, T0 + 2 * MIN, T0 + 3 * MIN, T0 + 30 * MIN];
  return {
    run: {
      id: 'r1',
      run_id: 'r1',
      detector_version: 't',
      started_at: '',
      finished_at: '',
      status: 'completed',
      window: null,
      counts: { events_read: 5, events_rejected: 0, duplicates: 0, clusters_flagged: 1 },
      signals: [],
    },
    cluster: {
      cluster_id: 'c1',
      kind: 'pile_on',
      score: 0.9,
      first_ts: ts[0]!,
      last_ts: ts[4]!,
      n_actors: 3,
      n_targets: 1,
      n_interactions: 5,
      why_flagged: 'three accounts hit t',
      targets: ['ps_t'],
      case_state: 'open',
      assignee: null,
      decision: null,
      evidence: [],
    },
    members: {
      account: ['ps_t', 'ps_a', 'ps_b', 'ps_c'],
      role: ['target', 'actor', 'actor', 'actor'],
      instigator: [false, true, false, false],
      role_evidence: [null, 'called the target out', null, null],
      n_actions: [5, 2, 1, 2],
      first_ts: [ts[0]!, ts[0]!, ts[2]!, ts[3]!],
      created_at: [T0 - 900 * 86_400_000, T0 - 400 * 86_400_000, null, T0 - 2 * 86_400_000],
      followers: [100_000, 10, null, 0],
      is_new: [false, false, false, true],
      is_outsider: [false, true, true, true],
    },
    interactions: {
      ts,
      type: ['comment', 'comment', 'like', 'comment', 'like'],
      actor: ['ps_a', 'ps_a', 'ps_b', 'ps_c', 'ps_c'],
      target: ['ps_t', 'ps_t', 'ps_t', 'ps_t', 'ps_t'],
      content_id: ['v', 'v', 'v', 'v', 'v'],
      text: ['go look at this loser', 'nobody asked', null, 'nobody asked', null],
      duplicate_group: [null, 7, null, 7, null],
      hostile: [true, false, false, false, false],
      hostile_spans: [[16, 21], [], null, [], null],
    },
  };
}

describe('cluster model and visibility', () => {
  const model = buildClusterModel(detail());

  it('folds interactions into one edge per actor, target and type, with sorted times', () => {
    expect(model.nodes.key).toEqual(['ps_t', 'ps_a', 'ps_b', 'ps_c']);
    expect(model.nodes.role).toEqual(['target', 'instigator', 'actor', 'actor']);
    expect(model.edges.source.length).toBe(4);
    const aComments = model.interactionEdge[0]!;
    expect(model.interactionEdge[1]).toBe(aComments);
    expect(countInWindow(model.edges, aComments, T0, T0 + MIN)).toBe(2);
    expect(countInWindow(model.edges, aComments, T0 + 1, T0 + MIN - 1)).toBe(0);
    expect(model.nodes.ageDays[3]).toBeCloseTo(2 + 3 / 1440, 5);
    expect(model.nodes.ageDays[2]).toBeNull();
  });

  it('shows only edges inside the window, of kept types and roles; targets stay', () => {
    const all = computeVisibility(model, DEFAULT_VIEW);
    expect(all.visibleEdges).toBe(4);
    expect(all.visibleInteractions).toBe(5);
    const early = computeVisibility(model, { ...DEFAULT_VIEW, window: [T0, T0 + 2 * MIN] });
    expect(early.visibleInteractions).toBe(3);
    expect([...early.nodes]).toEqual([1, 1, 1, 0]);
    const likes = computeVisibility(model, { ...DEFAULT_VIEW, types: ['like'] });
    expect(likes.visibleInteractions).toBe(2);
    expect([...likes.nodes]).toEqual([1, 0, 1, 1]);
    const noInstigator = computeVisibility(model, { ...DEFAULT_VIEW, roles: ['target', 'actor'] });
    expect(noInstigator.nodes[1]).toBe(0);
    expect(noInstigator.visibleInteractions).toBe(3);
  });

  it('colours and sizes by role, age or activity, with a legend for each', () => {
    const byRole = nodeStyles(model, 'role', 'role');
    expect(byRole.colors[0]).not.toBe(byRole.colors[1]);
    expect(byRole.sizes[0]).toBeGreaterThan(byRole.sizes[2]!);
    const byAge = nodeStyles(model, 'age', 'age');
    expect(byAge.sizes[3]).toBeGreaterThan(byAge.sizes[1]!);
    expect(byAge.sizes[0], 'the old target stays visible').toBeGreaterThanOrEqual(8);
    expect(byAge.colors[3]).not.toBe(byAge.colors[1]);
    for (const encoding of ['role', 'age', 'activity'] as const) {
      const legend = legendEntries(encoding);
      expect(legend.filter((e) => e.shape === 'edge').map((e) => e.label)).toEqual([
        'follow',
        'like',
        'comment',
        'report',
        'share',
      ]);
      expect(legend.some((e) => e.shape === 'node')).toBe(true);
    }
  });

  it('summarises what an account did, in order', () => {
    const c = accountSummary(model, 'ps_c')!;
    expect(c.actions).toEqual([3, 4]);
    expect(c.byType).toEqual({ comment: 1, like: 1 });
    expect(c.isNew).toBe(true);
    const t = accountSummary(model, 'ps_t')!;
    expect(t.actions).toHaveLength(5);
    expect(accountSummary(model, 'ps_nobody')).toBeNull();
    expect(describeAge(null)).toBe('unknown');
    expect(describeAge(0.5)).toBe('12 hours');
    expect(describeAge(800)).toBe('2.2 years');
  });
});

describe('shareable view state', () => {
  it('round-trips through the URL and keeps default links short', () => {
    expect(serializeViewState(DEFAULT_VIEW).toString()).toBe('');
    const state = {
      ...DEFAULT_VIEW,
      types: ['comment', 'report'] as const,
      roles: ['target', 'actor'] as const,
      window: [T0, T0 + MIN] as [number, number],
      selected: 'ps_0123456789ab',
      color: 'age' as const,
    };
    const params = serializeViewState({ ...state, types: [...state.types], roles: [...state.roles] });
    expect(parseViewState(new URLSearchParams(params.toString()))).toEqual({
      ...state,
      types: ['comment', 'report'],
      roles: ['target', 'actor'],
    });
  });

  it('ignores malformed or hostile parameters', () => {
    const parsed = parseViewState(
      new URLSearchParams('types=like,<script>&from=9&to=1&sel=<img src=x>&color=purple&size=role'),
    );
    expect(parsed.types).toEqual(['like']);
    expect(parsed.window).toBeNull();
    expect(parsed.selected).toBeNull();
    expect(parsed.color).toBe('role');
    expect(parsed.size).toBe('role');
  });

  it('routes paths to pages', () => {
    expect(matchRoute('/')).toEqual({ page: 'home' });
    expect(matchRoute('/runs/nightly~2026-11-20')).toEqual({ page: 'queue', run: 'nightly~2026-11-20' });
    expect(matchRoute('/runs/r1/clusters/cl-0001')).toEqual({
      page: 'cluster',
      run: 'r1',
      cluster: 'cl-0001',
    });
    expect(matchRoute('/runs/r1/clusters')).toEqual({ page: 'unknown' });
  });
});

describe('queue state', () => {
  it('round-trips and turns dates into whole UTC days for the API', () => {
    const state = parseQueueState(
      new URLSearchParams('kind=brigade&min_score=0.5&from=2026-11-20&sort=size&page=2'),
    );
    expect(state).toMatchObject({
      kind: 'brigade',
      minScore: 0.5,
      from: '2026-11-20',
      sort: 'size',
      page: 2,
    });
    expect(parseQueueState(serializeQueueState(state))).toEqual(state);
    const api = queueApiParams(state);
    expect(api.get('offset')).toBe('100');
    expect(api.get('from')).toBe('2026-11-20T00:00:00.000Z');
    expect(api.has('to')).toBe(false);
    expect(parseQueueState(new URLSearchParams('kind=x&sort=evil&from=yesterday')).kind).toBe('');
  });

  it('is validated on the server with messages naming the parameter', () => {
    expect(parseQueueQuery({}).limit).toBe(50);
    expect(() => parseQueueQuery({ limit: '5000' })).toThrow(/^limit must be/);
    expect(() => parseQueueQuery({ min_score: 'high' })).toThrow(QueryError);
    expect(() => parseQueueQuery({ from: 'not a date' })).toThrow(/^from must be/);
    expect(parseQueueQuery({ from: '2026-11-21' }).from).toBe(Date.UTC(2026, 10, 21));
  });

  it('groups rows by cluster in file order', () => {
    const groups = groupByCluster(
      ['b', 'a', 'x', 'b', null, 'a'],
      new Map([
        ['a', 0],
        ['b', 1],
      ]),
    );
    expect([...groups.offsets]).toEqual([0, 2, 4]);
    expect([...groups.rows]).toEqual([1, 5, 0, 3]);
  });
});

describe('timeline', () => {
  it('bins interactions by type over the span', () => {
    const d = detail().interactions;
    const hist = histogram(d.ts, d.type, [T0, T0 + 30 * MIN], 10);
    expect(hist.counts.reduce((a, b) => a + b, 0)).toBe(5);
    expect(hist.max).toBe(3); // three in the first three minutes
    expect(hist.counts[9 * 5 + 1]).toBe(1); // the late like lands in the last bin
  });

  it('maps the brush between pixels and times, and replays a window from its start', () => {
    const span: [number, number] = [T0, T0 + 100 * MIN];
    expect(timeAt(50, 100, span)).toBe(T0 + 50 * MIN);
    expect(timeAt(-5, 100, span)).toBe(T0);
    expect(xAt(T0 + 25 * MIN, 200, span)).toBe(50);
    expect(brushWindow(T0 + 9 * MIN, T0 + 3 * MIN, MIN)).toEqual([T0 + 3 * MIN, T0 + 9 * MIN]);
    expect(brushWindow(T0, T0 + 10, MIN)).toBeNull();
    expect(replayWindow([T0, T0 + 10 * MIN], 0.5)).toEqual([T0, T0 + 5 * MIN]);
    expect(replayWindow([T0, T0 + 10 * MIN], 2)).toEqual([T0, T0 + 10 * MIN]);
  });
});

describe('comments', () => {
  it('groups near-duplicates under their first comment, in time order, inside the window', () => {
    const d = detail().interactions;
    const groups = groupComments(d, null);
    expect(groups.map((g) => [g.duplicateGroup, g.rows, g.authors])).toEqual([
      [null, [0], 1],
      [7, [1, 3], 2],
    ]);
    expect(groupComments(d, [T0 + 2 * MIN, T0 + 5 * MIN]).map((g) => g.rows)).toEqual([[3]]);
  });

  it('cuts text at hostile terms found on the server', () => {
    const text = 'go look at this loser';
    expect(segments(text, hostileSpans(text))).toEqual([
      { text: 'go look at this ', hostile: false },
      { text: 'loser', hostile: true },
    ]);
    expect(segments('fine', null)).toEqual([{ text: 'fine', hostile: false }]);
    expect(hostileSpans('shit shit, kill yourself')).toEqual([0, 4, 5, 9, 11, 24]);
    // Profanity in the 12 languages of @2toad/profanity, and Portuguese harassment phrases.
    expect(hostileSpans('cala a boca porra')).toEqual([0, 11, 12, 17]);
    expect(hostileSpans('NINGUÉM GOSTA DE VOCÊ 🤡')).toEqual([0, 21]);
    expect(hostileSpans('que lindo 😍')).toEqual([]);
    // A comment the detector found hostile where our lexicon places no term is masked whole.
    expect(maskedSpans('see you all there')).toEqual([0, 17]);
    expect(maskedSpans('you loser')).toEqual([4, 9]);
  });
});

describe('evidence', () => {
  it('puts each signal beside its threshold, the ones that count first', () => {
    const rows = evidenceRows([
      {
        column: 'a',
        label: 'A',
        description: '',
        threshold: 60,
        direction: 'below',
        weight: 0.2,
        value: 30,
        passes: true,
      },
      {
        column: 'b',
        label: 'B',
        description: '',
        threshold: 3,
        direction: 'above',
        weight: 0.9,
        value: 1,
        passes: false,
      },
      {
        column: 'c',
        label: 'C',
        description: '',
        threshold: 3,
        direction: 'above',
        weight: 0.5,
        value: 6,
        passes: true,
      },
    ]);
    expect(rows.map((r) => [r.label, r.rule])).toEqual([
      ['C', '≥ 3'],
      ['A', '≤ 60'],
      ['B', '≥ 3'],
    ]);
    expect(rows[0]!.gauge).toBe(1);
    expect(rows[1]!.gauge).toBe(1);
    expect(rows[2]!.gauge).toBeCloseTo(1 / 6);
  });
});

describe('exports', () => {
  it('writes CSV a spreadsheet cannot run', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell(null)).toBe('');
    expect(
      toCsv(
        ['x', 'y'],
        [
          [1, 2],
          ['a', null],
        ],
      ),
    ).toBe('x,y\r\n1,a\r\n2,\r\n');
    const csv = interactionsCsv(detail().interactions);
    expect(csv.split('\r\n')[0]).toBe('ts,type,actor,target,content_id,text,duplicate_group,hostile');
    expect(csv.split('\r\n')).toHaveLength(7);
  });

  it('writes GEXF with every node and edge, ids escaped', () => {
    const model = buildClusterModel(detail());
    const positions = new Map(model.nodes.key.map((k, i) => [k, { x: i, y: -i }]));
    const { colors, sizes } = nodeStyles(model, 'role', 'activity');
    const gexf = toGexf(model, {
      positions,
      colors,
      sizes,
      edgeColors: {
        follow: '#000000',
        like: '#111111',
        comment: '#222222',
        report: '#333333',
        share: '#444444',
      },
    });
    expect(gexf.match(/<node /g)).toHaveLength(4);
    expect(gexf.match(/<edge /g)).toHaveLength(4);
    expect(gexf).toContain('<viz:position x="3.00" y="-3.00" z="0"/>');
    expect(xmlEscape(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
  });
});
