import './styles.css';
import { api, NotFoundError, reviewer } from './api.ts';
import { h } from './dom.ts';
import { matchRoute } from './router.ts';
import { notFoundView } from './views/not-found/view.ts';
import { queueView } from './views/queue/view.ts';

const root = document.getElementById('app')!;
let dispose: (() => void) | undefined;

const context = {
  href: (path: string) => path,
  replaceQuery(params: URLSearchParams) {
    const query = params.toString();
    history.replaceState(null, '', `${location.pathname}${query ? `?${query}` : ''}`);
  },
};

/** The reviewer's name, sent with claims, decisions and reveals (a proxy's X-Forwarded-User wins). */
function reviewerField(): HTMLElement {
  const input = h('input', {
    type: 'text',
    value: reviewer.get(),
    placeholder: 'your name',
    'data-testid': 'reviewer',
    maxlength: 64,
  });
  input.addEventListener('change', () => reviewer.set(input.value.trim()));
  return h('label', { class: 'reviewer' }, 'Reviewer ', input);
}

function frame(...children: Node[]) {
  root.replaceChildren(
    h(
      'header',
      { class: 'topbar' },
      h('a', { href: '/', 'data-nav': '', class: 'brand' }, 'swarmscope'),
      h('span', { class: 'muted' }, 'coordinated harassment explorer'),
      reviewerField(),
    ),
    h('main', { class: 'content' }, ...children),
  );
}

async function render(): Promise<void> {
  dispose?.();
  dispose = undefined;
  document.documentElement.removeAttribute('data-first-frame');
  const route = matchRoute(location.pathname);
  const params = new URLSearchParams(location.search);
  try {
    if (route.page === 'unknown') throw new NotFoundError(`There is no page at ${location.pathname}.`);
    if (route.page === 'cluster') {
      // The graph code (sigma, graphology) loads while the server prepares the cluster.
      const [detail, { clusterView }] = await Promise.all([
        api.cluster(route.run, route.cluster),
        import('./views/cluster/view.ts'),
      ]);
      // Marks for the benchmark's breakdown of the time to the first frame.
      performance.mark('cluster:data');
      const view = clusterView(detail, params, context);
      frame(view.element);
      performance.mark('cluster:dom');
      view.mount();
      performance.mark('cluster:graph');
      dispose = view.dispose;
      document.title = `${detail.cluster.cluster_id} · ${detail.run.id} · swarmscope`;
      return;
    }
    const { runs } = await api.runs();
    if (route.page === 'home') {
      if (!runs.length) {
        frame(
          h(
            'div',
            { class: 'empty-state' },
            h('h1', {}, 'No runs yet'),
            h('p', {}, 'The directory given to --runs holds no run directory (one with a manifest.json).'),
          ),
        );
        return;
      }
      history.replaceState(null, '', `/runs/${encodeURIComponent(runs[0]!.id)}${location.search}`);
      return render();
    }
    if (!runs.some((r) => r.id === route.run))
      throw new NotFoundError(`No run "${route.run}" under the runs directory.`);
    frame(queueView(runs, route.run, params, context));
    document.title = `${route.run} · swarmscope`;
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    frame(notFoundView(error.message, '/'));
    document.title = 'Not found · swarmscope';
  }
}

function navigate(href: string): void {
  history.pushState(null, '', href);
  void render();
}

document.addEventListener('click', (event) => {
  const link = (event.target as Element).closest?.('a[data-nav]') as HTMLAnchorElement | null;
  if (
    !link ||
    event.defaultPrevented ||
    event.button !== 0 ||
    event.metaKey ||
    event.ctrlKey ||
    event.shiftKey
  )
    return;
  event.preventDefault();
  navigate(link.getAttribute('href')!);
});
window.addEventListener('popstate', () => void render());
render().catch((error: Error) =>
  frame(h('div', { class: 'error' }, h('h1', {}, 'Something went wrong'), h('p', {}, error.message))),
);
