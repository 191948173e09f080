import { INTERACTION_TYPES, typeIndex } from '../cluster/model.ts';

/** Interactions per time bin and type: counts[bin * types + type]. */
export interface Histogram {
  from: number;
  to: number;
  bins: number;
  counts: Int32Array;
  /** The tallest bin's total, for the y scale. */
  max: number;
}

export function histogram(
  ts: ArrayLike<number>,
  types: ArrayLike<string>,
  span: [number, number],
  bins: number,
): Histogram {
  const [from, to] = span;
  const width = Math.max(1, to - from);
  const k = INTERACTION_TYPES.length;
  const counts = new Int32Array(bins * k);
  const totals = new Int32Array(bins);
  for (let i = 0; i < ts.length; i++) {
    const bin = Math.min(bins - 1, Math.max(0, Math.floor(((ts[i]! - from) / width) * bins)));
    const type = Math.max(0, typeIndex(types[i]!));
    counts[bin * k + type]!++;
    totals[bin]!++;
  }
  return { from, to, bins, counts, max: Math.max(1, ...totals) };
}

/** Screen x (0..width) ↔ time over the span. */
export function timeAt(x: number, width: number, span: [number, number]): number {
  const t = span[0] + (Math.min(Math.max(x, 0), width) / width) * (span[1] - span[0]);
  return Math.round(t);
}

export function xAt(t: number, width: number, span: [number, number]): number {
  return ((t - span[0]) / Math.max(1, span[1] - span[0])) * width;
}

/** A window from two brush ends in any order; null when too narrow to mean anything (a click). */
export function brushWindow(a: number, b: number, minWidth: number): [number, number] | null {
  const from = Math.min(a, b);
  const to = Math.max(a, b);
  return to - from < minWidth ? null : [from, to];
}

/**
 * The window shown at a moment of the replay: it opens at `from` and its end sweeps to `to`, so the
 * graph builds up in the order the pile-on happened.
 */
export function replayWindow(window: [number, number], progress: number): [number, number] {
  const p = Math.min(1, Math.max(0, progress));
  return [window[0], window[0] + p * (window[1] - window[0])];
}
