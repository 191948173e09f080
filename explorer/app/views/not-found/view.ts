import { h } from '../../dom.ts';

/** What an unknown run, cluster or page shows: what was asked for, and the way back. */
export function notFoundView(message: string, home: string): HTMLElement {
  return h(
    'div',
    { class: 'not-found', 'data-testid': 'not-found' },
    h('h1', {}, '404 · Not found'),
    h('p', {}, message),
    h('a', { href: home, 'data-nav': '', class: 'button' }, 'Back to the runs'),
  );
}
