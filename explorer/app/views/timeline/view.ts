import { clear, h, svg } from '../../dom.ts';
import { formatDateTime, formatDuration, formatTime } from '../../format.ts';
import { INTERACTION_TYPES } from '../cluster/model.ts';
import { TYPE_COLORS } from '../cluster/style.ts';
import { brushWindow, histogram, replayWindow, timeAt, xAt } from './bins.ts';

const HEIGHT = 96;
const REPLAY_MS = 8000;

export interface TimelineOptions {
  ts: number[];
  types: string[];
  span: [number, number];
  window: [number, number] | null;
  /** A new window (null = everything); `final` is false while a brush is dragged or a replay plays. */
  onWindow(window: [number, number] | null, final: boolean): void;
}

/** A histogram of the cluster's interactions by type, with a range brush and a replay button. */
export function timelineView(options: TimelineOptions) {
  const { span } = options;
  let window = options.window;
  let frame = 0;
  const plot = svg('svg', {
    class: 'timeline-plot',
    height: HEIGHT,
    role: 'img',
    'aria-label': 'Interactions over time',
  });
  const brush = svg('rect', { class: 'brush', y: 0, height: HEIGHT, x: 0, width: 0 });
  const label = h('span', { class: 'timeline-window', 'data-testid': 'window-label' });
  const play = h('button', { type: 'button', class: 'button', 'data-testid': 'play' }, '▶ Replay');
  const reset = h(
    'button',
    { type: 'button', class: 'button ghost', 'data-testid': 'window-reset' },
    'Whole span',
  );
  const root = h(
    'section',
    { class: 'timeline', 'aria-label': 'Timeline' },
    h(
      'div',
      { class: 'timeline-bar' },
      play,
      reset,
      label,
      h('span', { class: 'hint' }, 'drag on the chart to pick a window'),
    ),
    plot,
  );

  const width = () => Math.max(1, plot.clientWidth || 600);
  const draw = () => {
    clear(plot);
    const w = width();
    const bins = Math.max(10, Math.min(120, Math.floor(w / 8)));
    const hist = histogram(options.ts, options.types, span, bins);
    const barWidth = w / bins;
    const k = INTERACTION_TYPES.length;
    for (let b = 0; b < bins; b++) {
      let y = HEIGHT;
      for (let t = 0; t < k; t++) {
        const count = hist.counts[b * k + t]!;
        if (!count) continue;
        const height = (count / hist.max) * (HEIGHT - 6);
        y -= height;
        plot.appendChild(
          svg('rect', {
            x: b * barWidth + 0.5,
            y,
            width: Math.max(1, barWidth - 1),
            height,
            fill: TYPE_COLORS[INTERACTION_TYPES[t]!],
          }),
        );
      }
    }
    plot.appendChild(brush);
    showWindow();
  };

  const showWindow = () => {
    const w = width();
    if (window) {
      const x0 = xAt(window[0], w, span);
      brush.setAttribute('x', String(x0));
      brush.setAttribute('width', String(Math.max(1, xAt(window[1], w, span) - x0)));
      label.textContent = `${formatTime(window[0])} – ${formatTime(window[1])} (${formatDuration(window[1] - window[0])})`;
    } else {
      brush.setAttribute('width', '0');
      label.textContent = `${formatDateTime(span[0])} – ${formatTime(span[1])}, all ${formatDuration(span[1] - span[0])}`;
    }
  };

  const setWindow = (next: [number, number] | null, final: boolean) => {
    window = next;
    showWindow();
    options.onWindow(next, final);
  };

  const stopReplay = () => {
    cancelAnimationFrame(frame);
    frame = 0;
    play.textContent = '▶ Replay';
  };

  plot.addEventListener('pointerdown', (event) => {
    stopReplay();
    const left = plot.getBoundingClientRect().left;
    const start = timeAt(event.clientX - left, width(), span);
    plot.setPointerCapture(event.pointerId);
    const minWidth = (span[1] - span[0]) / 200;
    const move = (e: PointerEvent) =>
      setWindow(brushWindow(start, timeAt(e.clientX - left, width(), span), minWidth), false);
    const up = (e: PointerEvent) => {
      plot.removeEventListener('pointermove', move);
      plot.removeEventListener('pointerup', up);
      setWindow(brushWindow(start, timeAt(e.clientX - left, width(), span), minWidth), true);
    };
    plot.addEventListener('pointermove', move);
    plot.addEventListener('pointerup', up);
  });

  play.addEventListener('click', () => {
    if (frame) {
      stopReplay();
      options.onWindow(window, true);
      return;
    }
    const range: [number, number] = window ?? span;
    const started = performance.now();
    play.textContent = '❚❚ Pause';
    const step = (now: number) => {
      const progress = (now - started) / REPLAY_MS;
      window = replayWindow(range, progress);
      showWindow();
      options.onWindow(window, progress >= 1);
      if (progress < 1) frame = requestAnimationFrame(step);
      else stopReplay();
    };
    frame = requestAnimationFrame(step);
  });
  reset.addEventListener('click', () => {
    stopReplay();
    setWindow(null, true);
  });

  new ResizeObserver(draw).observe(plot);
  return { element: root, stop: stopReplay };
}
