import type { ClusterDetail } from '../../../shared/api.ts';
import { api } from '../../api.ts';
import { clear, download, h } from '../../dom.ts';
import { formatCount, formatDateTime, formatDuration, kindLabel } from '../../format.ts';
import { accountView } from '../account/view.ts';
import { caseView } from '../case/view.ts';
import { commentsView } from '../comments/view.ts';
import { evidenceView } from '../evidence/view.ts';
import { interactionsCsv, membersCsv } from '../export/csv.ts';
import { toGexf } from '../export/gexf.ts';
import { graphPng } from '../export/png.ts';
import { timelineView } from '../timeline/view.ts';
import { GraphView } from './graph-view.ts';
import { buildClusterModel, INTERACTION_TYPES, NODE_ROLES } from './model.ts';
import {
  type ClusterViewState,
  ENCODINGS,
  type Encoding,
  parseViewState,
  serializeViewState,
} from './state.ts';
import { BACKGROUND, legendEntries, nodeStyles, TYPE_COLORS } from './style.ts';
import { computeVisibility } from './visibility.ts';

export interface PageContext {
  /** Replaces the current URL's query (the shareable state) without a new history entry. */
  replaceQuery(params: URLSearchParams): void;
  href(path: string): string;
}

/** The cluster page: evidence and filters, the graph with its timeline, account and comments. */
export function clusterView(detail: ClusterDetail, params: URLSearchParams, page: PageContext) {
  const model = buildClusterModel(detail);
  const state: ClusterViewState = parseViewState(params);
  if (state.selected && !model.nodeIndex.has(state.selected)) state.selected = null;
  const { cluster, run } = detail;
  const base = `${run.id}-${cluster.cluster_id}`;
  let visibility = computeVisibility(model, state);

  const graphBox = h('div', { class: 'graph', 'data-testid': 'graph' });
  const status = h('div', { class: 'graph-status', 'data-testid': 'graph-status' });
  const legend = h('div', { class: 'legend', 'data-testid': 'legend' });
  const side = h('div', { class: 'side-body' });
  const comments = commentsView(detail.interactions, (key) => select(key, true));
  const layoutButton = h(
    'button',
    { type: 'button', class: 'button', 'data-testid': 'layout-toggle' },
    'Stop layout',
  );

  const showStatus = () => {
    status.textContent = `${formatCount(visibility.visibleEdges)} edges · ${formatCount(visibility.visibleInteractions)} of ${formatCount(detail.interactions.ts.length)} interactions shown`;
    status.dataset.visibleEdges = String(visibility.visibleEdges);
  };
  const showLegend = () => {
    clear(legend);
    for (const entry of legendEntries(state.color)) {
      const swatch = h('span', { class: `swatch ${entry.shape}` });
      swatch.style.background = entry.color;
      legend.append(h('div', { class: 'legend-entry' }, swatch, entry.label));
    }
  };
  const showSide = (tab: 'account' | 'comments') => {
    for (const button of tabs.querySelectorAll('button'))
      button.classList.toggle('active', button.dataset.tab === tab);
    clear(side);
    if (tab === 'account' && state.selected)
      side.append(accountView(model, state.selected, (key) => select(key, true)));
    else if (tab === 'account')
      side.append(
        h('p', { class: 'empty' }, 'Click an account in the graph, or search for one, to see what it did.'),
      );
    else side.append(comments.element);
  };
  const tabs = h(
    'nav',
    { class: 'tabs' },
    h('button', { type: 'button', 'data-tab': 'comments', onclick: () => showSide('comments') }, 'Comments'),
    h(
      'button',
      {
        type: 'button',
        'data-tab': 'account',
        'data-testid': 'account-tab',
        onclick: () => showSide('account'),
      },
      'Account',
    ),
  );

  const apply = (final: boolean) => {
    visibility = computeVisibility(model, state);
    graph.update(state, visibility);
    showStatus();
    if (final) {
      comments.setWindow(state.window);
      page.replaceQuery(serializeViewState(state));
    }
  };
  const select = (key: string | null, focus: boolean) => {
    state.selected = key && model.nodeIndex.has(key) ? key : null;
    apply(true);
    if (state.selected && focus) graph.focus(state.selected);
    showSide(state.selected ? 'account' : 'comments');
  };

  const checkboxGroup = <T extends string>(
    name: string,
    values: readonly T[],
    chosen: T[],
    color?: (v: T) => string,
  ) =>
    h(
      'fieldset',
      { class: 'checks', 'data-testid': `filter-${name}` },
      h('legend', {}, name),
      values.map((value) => {
        const box = h('input', { type: 'checkbox', value, name });
        box.checked = chosen.includes(value);
        box.addEventListener('change', () => {
          const kept = values.filter((v) => (v === value ? box.checked : chosen.includes(v)));
          chosen.splice(0, chosen.length, ...kept);
          apply(true);
        });
        const swatch = color ? h('span', { class: 'swatch edge' }) : null;
        if (swatch && color) swatch.style.background = color(value);
        return h('label', {}, box, swatch, value);
      }),
    );
  const encodingSelect = (label: string, key: 'color' | 'size') => {
    const select = h(
      'select',
      { 'data-testid': `${key}-by` },
      ENCODINGS.map((e) => h('option', { value: e }, e)),
    );
    select.value = state[key];
    select.addEventListener('change', () => {
      state[key] = select.value as Encoding;
      if (key === 'color') showLegend();
      apply(true);
    });
    return h('label', { class: 'inline' }, label, select);
  };

  const search = h('input', {
    type: 'search',
    placeholder: 'Search account (ps_…)',
    list: 'accounts',
    'data-testid': 'search',
    spellcheck: 'false',
  });
  const searchNote = h('span', { class: 'muted search-note' });
  const datalist = h(
    'datalist',
    { id: 'accounts' },
    model.nodes.key.slice(0, 5000).map((key) => h('option', { value: key })),
  );
  const runSearch = () => {
    const query = search.value.trim();
    const key = model.nodeIndex.has(query) ? query : model.nodes.key.find((k) => k.startsWith(query));
    searchNote.textContent = key || !query ? '' : 'no such account';
    if (key) select(key, true);
  };
  search.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') runSearch();
  });
  search.addEventListener('change', runSearch);

  const exportButton = (label: string, testid: string, make: () => Promise<Blob> | Blob, filename: string) =>
    h(
      'button',
      {
        type: 'button',
        class: 'button ghost',
        'data-testid': testid,
        onclick: async () => download(await make(), filename),
      },
      label,
    );
  const exports = h(
    'div',
    { class: 'exports' },
    h(
      'a',
      {
        class: 'button ghost',
        href: api.reportUrl(run.id, cluster.cluster_id),
        target: '_blank',
        rel: 'noopener',
        'data-testid': 'report',
      },
      'Report',
    ),
    exportButton(
      'PNG',
      'export-png',
      () =>
        graphPng(
          graph.renderer,
          legendEntries(state.color),
          `${kindLabel(cluster.kind)} ${cluster.cluster_id} · run ${run.id}`,
          BACKGROUND,
        ),
      `${base}.png`,
    ),
    exportButton(
      'GEXF',
      'export-gexf',
      () => {
        const positions = new Map<string, { x: number; y: number }>();
        graph.graph.forEachNode((key, a) => positions.set(key, { x: a.x as number, y: a.y as number }));
        const { colors, sizes } = nodeStyles(model, state.color, state.size);
        return new Blob([toGexf(model, { positions, colors, sizes, edgeColors: TYPE_COLORS })], {
          type: 'application/gexf+xml',
        });
      },
      `${base}.gexf`,
    ),
    exportButton(
      'Members CSV',
      'export-members',
      () => new Blob([membersCsv(detail.members)], { type: 'text/csv' }),
      `${base}-members.csv`,
    ),
    exportButton(
      'Interactions CSV',
      'export-interactions',
      () => new Blob([interactionsCsv(detail.interactions)], { type: 'text/csv' }),
      `${base}-interactions.csv`,
    ),
  );

  const timeline = timelineView({
    ts: detail.interactions.ts,
    types: detail.interactions.type,
    span: model.span,
    window: state.window,
    onWindow: (window, final) => {
      state.window = window;
      apply(final);
    },
  });

  const element = h(
    'div',
    { class: 'cluster-page' },
    h(
      'header',
      { class: 'page-head' },
      h(
        'div',
        {},
        h(
          'nav',
          { class: 'crumbs' },
          h('a', { href: page.href('/'), 'data-nav': '' }, 'Runs'),
          ' / ',
          h('a', { href: page.href(`/runs/${encodeURIComponent(run.id)}`), 'data-nav': '' }, run.id),
          ' / ',
          cluster.cluster_id,
        ),
        h(
          'h1',
          {},
          h('span', { class: `badge kind-${cluster.kind}` }, kindLabel(cluster.kind)),
          ` ${formatCount(cluster.n_actors)} accounts → ${formatCount(cluster.n_targets)} target${cluster.n_targets === 1 ? '' : 's'}`,
          h(
            'span',
            { class: 'muted head-span' },
            ` · ${formatDateTime(cluster.first_ts)}, ${formatDuration(cluster.last_ts - cluster.first_ts)}`,
          ),
        ),
      ),
      exports,
    ),
    h(
      'div',
      { class: 'cluster-layout' },
      h(
        'aside',
        { class: 'left' },
        caseView(run.id, cluster.cluster_id),
        evidenceView(cluster),
        h(
          'section',
          { class: 'panel filters', 'aria-label': 'Filters' },
          h('h2', {}, 'Show'),
          checkboxGroup('interactions', INTERACTION_TYPES, state.types, (t) => TYPE_COLORS[t]),
          checkboxGroup('roles', NODE_ROLES, state.roles),
          encodingSelect('Colour by', 'color'),
          encodingSelect('Size by', 'size'),
        ),
      ),
      h(
        'section',
        { class: 'center' },
        h(
          'div',
          { class: 'graph-tools' },
          search,
          datalist,
          searchNote,
          layoutButton,
          h('button', { type: 'button', class: 'button ghost', onclick: () => graph.resetCamera() }, 'Fit'),
        ),
        h('div', { class: 'graph-wrap' }, graphBox, legend, status),
        timeline.element,
      ),
      h('aside', { class: 'right' }, tabs, side),
    ),
  );

  let graph!: GraphView;
  return {
    element,
    /** Called once the element is in the document: sigma needs a sized container. */
    mount() {
      graph = new GraphView(graphBox, model, visibility, state, {
        onSelect: (key) => select(key, false),
        onLayoutChange: (running) => {
          layoutButton.textContent = running ? 'Stop layout' : 'Run layout';
          layoutButton.dataset.running = String(running);
        },
      });
      layoutButton.addEventListener('click', () =>
        graph.layoutRunning ? graph.stopLayout() : graph.startLayout(),
      );
      showStatus();
      showLegend();
      // Side panel and layout after the first frame is on screen.
      requestAnimationFrame(() =>
        setTimeout(() => {
          showSide(state.selected ? 'account' : 'comments');
          graph.startLayout();
        }),
      );
    },
    dispose() {
      timeline.stop();
      graph?.kill();
    },
  };
}
