/** Median and scale of a target's distinct actors per bin, every bin of the input counted (empty ones too). */
export interface RobustBaseline {
  median: number;
  /** max(1.4826 · MAD, √mean, 1): the MAD alone is 0 for the many quiet targets, whose counts are Poisson-like. */
  scale: number;
}

/** Median of `zeros` zeros followed by `values` (ascending). */
function median(values: Float64Array, zeros: number): number {
  const total = values.length + zeros;
  if (total === 0) return 0;
  const at = (k: number) => (k < zeros ? 0 : values[k - zeros]!);
  return (at(Math.floor((total - 1) / 2)) + at(Math.floor(total / 2))) / 2;
}

/** Baseline from the non-empty bins' counts and the number of bins in all. */
export function robustBaseline(nonEmptyCounts: ArrayLike<number>, binCount: number): RobustBaseline {
  const counts = Float64Array.from(nonEmptyCounts).sort();
  const zeros = Math.max(0, binCount - counts.length);
  const med = median(counts, zeros);
  let sum = 0;
  const deviations = new Float64Array(counts.length);
  for (let i = 0; i < counts.length; i++) {
    sum += counts[i]!;
    deviations[i] = Math.abs(counts[i]! - med);
  }
  deviations.sort();
  // The empty bins all deviate by `med` from the median; merge them into the sorted deviations.
  const all = new Float64Array(counts.length + zeros);
  let d = 0;
  let z = 0;
  for (let i = 0; i < all.length; i++) {
    if (z < zeros && (d >= deviations.length || med <= deviations[d]!)) {
      all[i] = med;
      z++;
    } else all[i] = deviations[d++]!;
  }
  const mad = median(all, 0);
  const mean = binCount > 0 ? sum / binCount : 0;
  return { median: med, scale: Math.max(1.4826 * mad, Math.sqrt(mean), 1) };
}

export interface BurstOptions {
  binMinutes: number[];
  candidateZ: number;
  minActors: number;
  dataStart: number;
  dataEnd: number;
}

export interface Episode {
  start: number;
  end: number;
  z: number;
  scaleMinutes: number;
}

/**
 * Whether some `count` of the rows [from, to) of `ts` (ascending) fall within less than `spanMs`: a
 * bin that wide can only hold `count` distinct actors if they do, so a target without such a crowd
 * needs no binning.
 */
export function crowdedWithin(
  ts: Float64Array,
  count: number,
  spanMs: number,
  from = 0,
  to = ts.length,
): boolean {
  const reach = Math.max(0, count - 1);
  for (let i = from + reach; i < to; i++) if (ts[i]! - ts[i - reach]! < spanMs) return true;
  return false;
}

/** Bins and their distinct actors, reused call after call (a shard has a run per target and video). */
let scratchBins = new Int32Array(1024);
let scratchCounts = new Int32Array(1024);

/**
 * Bursts of distinct actors on one target against its own baseline, at several bin widths: a tight
 * raid stands out in narrow bins, a raid staggered over hours only in wide ones. Every width's
 * episodes are kept (they may nest): the candidates they open are weighed apart, and a weaker one
 * made mostly of a stronger one's actors is dropped as a repeat. `ts` ascending; `stamp` is scratch space, one slot per account,
 * that must hold no value ≥ `stampBase` on entry. Returns the episodes and the next free stamp.
 */
export function targetBursts(
  ts: Float64Array,
  actor: Int32Array,
  options: BurstOptions,
  stamp: Int32Array,
  stampBase: number,
): { episodes: Episode[]; nextStamp: number } {
  const episodes: Episode[] = [];
  let nextStamp = stampBase;
  for (const minutes of options.binMinutes) {
    const binMs = minutes * 60_000;
    // Most targets never gather enough actors in one bin: no binning or baseline is needed to rule them out.
    if (!crowdedWithin(ts, options.minActors, binMs)) continue;
    if (scratchBins.length < ts.length) {
      scratchBins = new Int32Array(ts.length * 2);
      scratchCounts = new Int32Array(ts.length * 2);
    }
    const bins = scratchBins;
    const counts = scratchCounts;
    const binCount = Math.floor((options.dataEnd - options.dataStart) / binMs) + 1;
    let used = 0;
    let currentBin = -1;
    let crowded = false;
    for (let i = 0; i < ts.length; i++) {
      const bin = Math.floor((ts[i]! - options.dataStart) / binMs);
      if (bin !== currentBin) {
        if (used > 0 && counts[used - 1]! >= options.minActors) crowded = true;
        currentBin = bin;
        nextStamp++;
        bins[used] = bin;
        counts[used++] = 0;
      }
      const a = actor[i]!;
      if (stamp[a] !== nextStamp) {
        stamp[a] = nextStamp;
        counts[used - 1]!++;
      }
    }
    if (used > 0 && counts[used - 1]! >= options.minActors) crowded = true;
    if (!crowded) continue;
    const { median, scale } = robustBaseline(counts.subarray(0, used), binCount);
    const zOf = (k: number) => (counts[k]! - median) / scale;
    for (let k = 0; k < used; k++) {
      if (zOf(k) < options.candidateZ || counts[k]! < options.minActors) continue;
      // Grow over neighbouring bins that still stand above the baseline, so the raid's tails come along.
      let first = k;
      let last = k;
      let z = zOf(k);
      while (last + 1 < used && bins[last + 1] === bins[last]! + 1 && zOf(last + 1) > 1) {
        last++;
        z = Math.max(z, zOf(last));
      }
      while (first > 0 && bins[first - 1] === bins[first]! - 1 && zOf(first - 1) > 1) first--;
      const start = options.dataStart + bins[first]! * binMs;
      const end = options.dataStart + (bins[last]! + 1) * binMs;
      episodes.push({ start, end, z, scaleMinutes: minutes });
      k = last;
    }
  }
  episodes.sort((a, b) => a.start - b.start);
  return { episodes, nextStamp };
}
