import type { ClusterDetail } from '../../../shared/api.ts';
import { h } from '../../dom.ts';
import { formatValue } from '../../format.ts';
import { evidenceRows } from './rows.ts';

/** The score, why the cluster was flagged, and each signal's value beside its threshold. */
export function evidenceView(cluster: ClusterDetail['cluster']): HTMLElement {
  return h(
    'section',
    { class: 'panel evidence', 'aria-label': 'Evidence' },
    h('h2', {}, 'Evidence'),
    h(
      'div',
      { class: 'score-line' },
      h('span', { class: 'score-value', 'data-testid': 'score' }, cluster.score.toFixed(2)),
      h('span', { class: 'muted' }, 'score (0–1)'),
    ),
    h('p', { class: 'why', 'data-testid': 'why' }, cluster.why_flagged),
    h(
      'table',
      { class: 'signals' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, 'signal'),
          h('th', {}, 'value'),
          h('th', {}, 'threshold'),
          h('th', {}, 'weight'),
        ),
      ),
      h(
        'tbody',
        {},
        evidenceRows(cluster.evidence).map((row) =>
          h(
            'tr',
            { class: row.passes ? 'passes' : 'fails', title: row.description },
            h('td', {}, h('span', { class: 'tick' }, row.passes ? '●' : '○'), ' ', row.label),
            h('td', { class: 'num' }, formatValue(row.value), gauge(row.gauge)),
            h('td', { class: 'num muted' }, row.rule),
            h('td', { class: 'num muted' }, row.weight.toFixed(2)),
          ),
        ),
      ),
    ),
  );
}

function gauge(fraction: number): HTMLElement {
  const bar = h('span', { class: 'gauge-fill' });
  bar.style.width = `${Math.round(fraction * 100)}%`;
  return h('span', { class: 'gauge' }, bar);
}
