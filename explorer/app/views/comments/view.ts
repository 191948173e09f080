import type { InteractionColumns } from '../../../shared/api.ts';
import { clear, h } from '../../dom.ts';
import { formatCount, formatTime } from '../../format.ts';
import { groupComments, segments } from './groups.ts';
import { revealByDefault, setRevealByDefault } from './settings.ts';

/** Comments drawn at once; more on request, so that a flood of thousands stays responsive. */
const PAGE = 200;

/**
 * The cluster's comments, blurred and greyscale until revealed one by one or all at once; hostile
 * terms stay masked until clicked. All text goes in as text nodes.
 */
export function commentsView(x: InteractionColumns, onAuthor: (account: string) => void) {
  let window: [number, number] | null = null;
  let allRevealed = revealByDefault();
  const list = h('div', { class: 'comment-list', 'data-testid': 'comments' });
  const count = h('span', { class: 'muted' });
  const toggleAll = h('button', { type: 'button', class: 'button', 'data-testid': 'reveal-all' });
  const keep = h('input', { type: 'checkbox', 'data-testid': 'reveal-default' });
  keep.checked = allRevealed;

  const comment = (i: number) => {
    const revealed = allRevealed;
    const body = h('p', { class: 'comment-text' });
    for (const segment of segments(x.text[i]!, x.hostile_spans[i] ?? null)) {
      if (!segment.hostile) {
        body.append(segment.text);
        continue;
      }
      const masked = h(
        'button',
        { type: 'button', class: 'masked', title: 'Hostile term: click to show' },
        '▒'.repeat(Math.min(8, segment.text.length)),
      );
      masked.addEventListener('click', (event) => {
        event.stopPropagation();
        masked.replaceWith(h('mark', { class: 'hostile-term' }, segment.text));
      });
      body.append(masked);
    }
    const item = h(
      'article',
      { class: `comment${revealed ? '' : ' blurred'}`, 'data-testid': 'comment' },
      h(
        'header',
        {},
        h('time', {}, formatTime(x.ts[i]!)),
        h('button', { type: 'button', class: 'link', onclick: () => onAuthor(x.actor[i]!) }, x.actor[i]!),
        x.hostile[i] ? h('span', { class: 'badge danger' }, 'hostile') : null,
      ),
      body,
    );
    const reveal = h(
      'button',
      { type: 'button', class: 'button ghost reveal', 'data-testid': 'reveal' },
      'Reveal',
    );
    reveal.addEventListener('click', () => {
      item.classList.remove('blurred');
      reveal.remove();
    });
    if (!revealed) item.append(reveal);
    return item;
  };

  let limit = PAGE;
  const render = () => {
    clear(list);
    const groups = groupComments(x, window);
    const total = groups.reduce((n, g) => n + g.rows.length, 0);
    count.textContent = `${formatCount(total)} comments${window ? ' in the window' : ''}`;
    toggleAll.textContent = allRevealed ? 'Blur all' : 'Reveal all';
    if (!groups.length) list.append(h('p', { class: 'empty' }, 'No comments in this window.'));
    let shown = 0;
    for (const group of groups) {
      if (shown >= limit) break;
      const rows = group.rows.slice(0, limit - shown);
      shown += rows.length;
      if (group.rows.length === 1 && group.duplicateGroup === null) {
        list.append(comment(rows[0]!));
        continue;
      }
      list.append(
        h(
          'details',
          { class: 'duplicate-group', open: true },
          h('summary', {}, `${group.rows.length} near-duplicates from ${group.authors} accounts`),
          rows.map(comment),
        ),
      );
    }
    if (shown < total)
      list.append(
        h(
          'button',
          {
            type: 'button',
            class: 'button ghost more',
            onclick: () => {
              limit += PAGE;
              render();
            },
          },
          `Show ${formatCount(Math.min(PAGE, total - shown))} more of ${formatCount(total - shown)}`,
        ),
      );
  };

  toggleAll.addEventListener('click', () => {
    allRevealed = !allRevealed;
    render();
  });
  keep.addEventListener('change', () => {
    setRevealByDefault(keep.checked);
    allRevealed = keep.checked;
    render();
  });
  const element = h(
    'section',
    { class: 'panel comments', 'aria-label': 'Comments' },
    h('div', { class: 'panel-bar' }, count, toggleAll),
    h('label', { class: 'setting' }, keep, ' Show comments unblurred by default (this browser)'),
    list,
  );
  let rendered = false;
  return {
    /** The panel, drawn on first use so that it never delays the graph. */
    get element() {
      if (!rendered) render();
      rendered = true;
      return element;
    },
    setWindow(next: [number, number] | null) {
      window = next;
      limit = PAGE;
      if (rendered) render();
    },
  };
}
