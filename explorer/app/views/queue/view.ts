import type { QueuePage, RunSummary } from '../../../shared/api.ts';
import { api } from '../../api.ts';
import { h } from '../../dom.ts';
import { formatCount, formatDateTime, formatDuration, kindLabel } from '../../format.ts';
import { DECISION_TEXT, STATE_LABELS } from '../case/labels.ts';
import {
  CASE_FILTERS,
  PAGE_SIZE,
  parseQueueState,
  type QueueState,
  queueApiParams,
  type SORTS,
  serializeQueueState,
} from './state.ts';

export interface QueueContext {
  replaceQuery(params: URLSearchParams): void;
  href(path: string): string;
}

const SORT_LABELS: Record<(typeof SORTS)[number], string> = {
  score: 'score',
  size: 'accounts',
  targets: 'targets',
  interactions: 'interactions',
  first_ts: 'start',
  span: 'span',
};

/** The runs, and the selected run's flagged clusters ranked, filtered and paged by the server. */
export function queueView(runs: RunSummary[], runId: string, params: URLSearchParams, context: QueueContext) {
  const state = parseQueueState(params);
  const run = runs.find((r) => r.id === runId)!;
  const results = h('div', { class: 'queue-results' });
  let request = 0;

  const load = async () => {
    const mine = ++request;
    context.replaceQuery(serializeQueueState(state));
    results.classList.add('loading');
    let page: QueuePage;
    try {
      page = await api.queue(runId, queueApiParams(state));
    } catch (error) {
      if (mine === request) results.replaceChildren(h('p', { class: 'error' }, (error as Error).message));
      return;
    }
    if (mine !== request) return;
    results.classList.remove('loading');
    results.replaceChildren(table(page), pager(page));
  };

  const sortHeader = (sort: QueueState['sort'], label = SORT_LABELS[sort]) => {
    const active = state.sort === sort;
    return h(
      'th',
      { class: `sortable${active ? ' active' : ''}` },
      h(
        'button',
        {
          type: 'button',
          onclick: () => {
            state.order = active && state.order === 'desc' ? 'asc' : 'desc';
            state.sort = sort;
            state.page = 0;
            void load();
          },
        },
        label,
        active ? (state.order === 'desc' ? ' ↓' : ' ↑') : '',
      ),
    );
  };

  const table = (page: QueuePage) => {
    if (!page.items.length) return h('p', { class: 'empty' }, 'No flagged cluster matches these filters.');
    return h(
      'table',
      { class: 'queue', 'data-testid': 'queue' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          sortHeader('score'),
          h('th', {}, 'kind'),
          sortHeader('size'),
          sortHeader('targets'),
          sortHeader('first_ts', 'span'),
          sortHeader('interactions'),
          h('th', {}, 'why flagged'),
        ),
      ),
      h(
        'tbody',
        {},
        page.items.map((item) => {
          const href = context.href(
            `/runs/${encodeURIComponent(runId)}/clusters/${encodeURIComponent(item.cluster_id)}`,
          );
          const bar = h('span', { class: 'score-fill' });
          bar.style.width = `${Math.round(item.score * 100)}%`;
          return h(
            'tr',
            { 'data-cluster': item.cluster_id },
            h(
              'td',
              { class: 'num' },
              h('a', { href, 'data-nav': '', class: 'score-link' }, item.score.toFixed(2)),
              h('span', { class: 'score-bar' }, bar),
            ),
            h('td', {}, h('span', { class: `badge kind-${item.kind}` }, kindLabel(item.kind))),
            h('td', { class: 'num' }, formatCount(item.n_actors)),
            h(
              'td',
              { class: 'targets' },
              item.targets.join(', '),
              item.n_targets > item.targets.length
                ? h('span', { class: 'muted' }, ` +${item.n_targets - item.targets.length}`)
                : null,
            ),
            h(
              'td',
              {},
              formatDateTime(item.first_ts),
              h('div', { class: 'muted' }, formatDuration(item.last_ts - item.first_ts)),
            ),
            h('td', { class: 'num' }, formatCount(item.n_interactions)),
            h(
              'td',
              { class: 'case-cell', 'data-testid': 'case-cell' },
              h(
                'span',
                { class: `badge state-${item.case_state}` },
                STATE_LABELS[item.case_state] ?? item.case_state,
              ),
              item.decision
                ? h('div', { class: 'muted' }, DECISION_TEXT[item.decision] ?? item.decision)
                : null,
              item.assignee ? h('div', { class: 'muted' }, item.assignee) : null,
            ),
            h('td', { class: 'why' }, h('a', { href, 'data-nav': '' }, item.why_flagged)),
          );
        }),
      ),
    );
  };

  const pager = (page: QueuePage) => {
    const last = Math.max(0, Math.ceil(page.total / PAGE_SIZE) - 1);
    const go = (p: number) => () => {
      state.page = p;
      void load();
    };
    return h(
      'div',
      { class: 'pager' },
      h(
        'span',
        { 'data-testid': 'queue-total' },
        page.total
          ? `${formatCount(page.offset + 1)}–${formatCount(page.offset + page.items.length)} of ${formatCount(page.total)}`
          : '0 clusters',
      ),
      h(
        'button',
        { type: 'button', class: 'button ghost', disabled: state.page === 0, onclick: go(state.page - 1) },
        '‹ Previous',
      ),
      h(
        'button',
        { type: 'button', class: 'button ghost', disabled: state.page >= last, onclick: go(state.page + 1) },
        'Next ›',
      ),
    );
  };

  const field = (
    label: string,
    input: HTMLInputElement | HTMLSelectElement,
    apply: (value: string) => void,
  ) => {
    input.addEventListener('change', () => {
      apply(input.value);
      state.page = 0;
      void load();
    });
    return h('label', { class: 'field' }, h('span', {}, label), input);
  };
  const numberOrNull = (value: string) =>
    value === '' || !Number.isFinite(Number(value)) ? null : Number(value);
  const kind = h(
    'select',
    { 'data-testid': 'kind' },
    h('option', { value: '' }, 'all kinds'),
    h('option', { value: 'pile_on' }, 'Pile-on'),
    h('option', { value: 'brigade' }, 'Brigade'),
  );
  kind.value = state.kind;
  const caseState = h(
    'select',
    { 'data-testid': 'case-state-filter' },
    CASE_FILTERS.map((value) => h('option', { value }, value ? STATE_LABELS[value] : 'any case')),
  );
  caseState.value = state.state;
  const numberInput = (value: number | null, attrs: Record<string, string | number>) =>
    h('input', { type: 'number', min: 0, step: 1, placeholder: 'any', value: value ?? '', ...attrs });
  const minScore = numberInput(state.minScore, {
    max: 1,
    step: 0.05,
    placeholder: '0',
    'data-testid': 'min-score',
  });
  const minSize = numberInput(state.minSize, { 'data-testid': 'min-size' });
  const maxSize = numberInput(state.maxSize, {});
  const from = h('input', { type: 'date', value: state.from });
  const to = h('input', { type: 'date', value: state.to });

  const runPicker = h(
    'select',
    { 'data-testid': 'run', 'aria-label': 'Run' },
    runs.map((r) =>
      h('option', { value: r.id }, `${r.id} · ${formatCount(r.counts.clusters_flagged)} flagged`),
    ),
  );
  runPicker.value = runId;
  runPicker.addEventListener('change', () => {
    const link = h('a', {
      href: context.href(`/runs/${encodeURIComponent(runPicker.value)}`),
      'data-nav': '',
    });
    document.body.append(link);
    link.click();
    link.remove();
  });

  const element = h(
    'div',
    { class: 'queue-page' },
    h(
      'header',
      { class: 'page-head' },
      h(
        'div',
        {},
        h('h1', {}, 'Flagged clusters'),
        h(
          'p',
          { class: 'muted' },
          `Run ${run.run_id} · ${run.status} · finished ${formatDateTime(Date.parse(run.finished_at))} · ${formatCount(run.counts.events_read)} events read, ${formatCount(run.counts.clusters_flagged)} clusters flagged · detector ${run.detector_version}`,
        ),
      ),
      h(
        'div',
        { class: 'head-actions' },
        h(
          'a',
          { class: 'button ghost', href: api.reportUrl(runId), target: '_blank', rel: 'noopener' },
          'Night summary',
        ),
        h('label', { class: 'field' }, h('span', {}, 'run'), runPicker),
      ),
    ),
    h(
      'form',
      { class: 'filters-bar', onsubmit: (e: Event) => e.preventDefault() },
      field('kind', kind, (v) => {
        state.kind = v as QueueState['kind'];
      }),
      field('case', caseState, (v) => {
        state.state = v as QueueState['state'];
      }),
      field('min score', minScore, (v) => {
        state.minScore = numberOrNull(v);
      }),
      field('min accounts', minSize, (v) => {
        state.minSize = numberOrNull(v);
      }),
      field('max accounts', maxSize, (v) => {
        state.maxSize = numberOrNull(v);
      }),
      field('from', from, (v) => {
        state.from = v;
      }),
      field('to', to, (v) => {
        state.to = v;
      }),
    ),
    results,
  );
  void load();
  return element;
}
