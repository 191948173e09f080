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

/** The sorted counts of `robustBaseline`, reused call after call (a shard has a baseline per target, video and width). */
let sortedScratch = new Float64Array(1024);
/** How many bins hold each count, for counting sorts; all 0 between calls. */
let tallyScratch = new Int32Array(1024);

/** `counts` ascending into `sorted`: a counting sort when they are small integers (as bins' distinct actors are), else a native sort. */
function sortCounts(counts: ArrayLike<number>, sorted: Float64Array): void {
  const used = counts.length;
  let min = 0;
  let max = 0;
  if (counts instanceof Int32Array)
    for (let i = 0; i < used; i++) {
      min = Math.min(min, counts[i]!);
      max = Math.max(max, counts[i]!);
    }
  if (!(counts instanceof Int32Array) || min < 0 || max > 4 * used + 256) {
    sorted.set(counts);
    sorted.sort();
    return;
  }
  if (tallyScratch.length <= max) tallyScratch = new Int32Array(2 * max + 1);
  const tally = tallyScratch;
  for (let i = 0; i < used; i++) tally[counts[i]!]!++;
  let at = 0;
  for (let c = min; c <= max; c++) {
    for (let k = tally[c]!; k > 0; k--) sorted[at++] = c;
    tally[c] = 0;
  }
}

/** Baseline from the non-empty bins' counts and the number of bins in all. */
export function robustBaseline(nonEmptyCounts: ArrayLike<number>, binCount: number): RobustBaseline {
  const used = nonEmptyCounts.length;
  if (sortedScratch.length < used) sortedScratch = new Float64Array(used * 2);
  const counts = sortedScratch.subarray(0, used);
  sortCounts(nonEmptyCounts, counts);
  const zeros = Math.max(0, binCount - used);
  const med = median(counts, zeros);
  let sum = 0;
  for (let i = 0; i < used; i++) sum += counts[i]!;
  // The MAD without sorting the deviations: those of the sorted counts fall towards the median and
  // rise after it, and the empty bins all deviate by `med`; merged, up to the middle ones.
  const total = used + zeros;
  const middleLow = Math.floor((total - 1) / 2);
  const middleHigh = Math.floor(total / 2);
  let right = 0;
  while (right < used && counts[right]! < med) right++;
  let left = right - 1;
  let emptyLeft = zeros;
  let low = 0;
  let high = 0;
  for (let rank = 0; rank <= middleHigh && total > 0; rank++) {
    const below = left >= 0 ? med - counts[left]! : Number.POSITIVE_INFINITY;
    const above = right < used ? counts[right]! - med : Number.POSITIVE_INFINITY;
    let deviation: number;
    if (emptyLeft > 0 && med <= below && med <= above) {
      deviation = med;
      emptyLeft--;
    } else if (below <= above) {
      deviation = below;
      left--;
    } else {
      deviation = above;
      right++;
    }
    if (rank === middleLow) low = deviation;
    if (rank === middleHigh) high = deviation;
  }
  const mad = (low + high) / 2;
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

/**
 * The shortest time `count` consecutive rows of `ts` (ascending) span, +Infinity with fewer rows:
 * `crowdedWithin(ts, count, w)` for every width `w` at once.
 */
function tightestSpan(ts: Float64Array, count: number): number {
  const reach = Math.max(0, count - 1);
  let tightest = Number.POSITIVE_INFINITY;
  for (let i = reach; i < ts.length; i++)
    if (ts[i]! - ts[i - reach]! < tightest) tightest = ts[i]! - ts[i - reach]!;
  return tightest;
}

/** Per row, where its actor was last seen; bins and their distinct actors: reused call after call. */
let scratchLastSeen = new Int32Array(1024);
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
  const n = ts.length;
  const { dataStart, minActors } = options;
  // Most targets never gather enough actors in one bin: no binning or baseline is needed to rule them out.
  const tightest = tightestSpan(ts, minActors);
  // Loops by index, here and below, not some() or for-of: their callbacks and iterators cost this
  // hot function its optimized code on paths V8 had not seen yet.
  const { binMinutes } = options;
  let anyWidthCrowded = false;
  for (let w = 0; w < binMinutes.length; w++) if (tightest < binMinutes[w]! * 60_000) anyWidthCrowded = true;
  if (!anyWidthCrowded) return { episodes: [], nextStamp: stampBase };
  if (scratchLastSeen.length < n) {
    scratchLastSeen = new Int32Array(n * 2);
    scratchBins = new Int32Array(n * 2);
    scratchCounts = new Int32Array(n * 2);
  }
  // Each row's actor last seen at row lastSeen[i] (negative: not before): an actor is new to a bin
  // when last seen before the bin's first row. One look-up an account for every width.
  const lastSeen = scratchLastSeen;
  for (let i = 0; i < n; i++) {
    lastSeen[i] = stamp[actor[i]!]! - stampBase;
    stamp[actor[i]!] = stampBase + i;
  }
  const bins = scratchBins;
  const counts = scratchCounts;
  const episodes: Episode[] = [];
  for (let w = 0; w < binMinutes.length; w++) {
    const minutes = binMinutes[w]!;
    const binMs = minutes * 60_000;
    if (!(tightest < binMs)) continue;
    let used = 0;
    let currentBin = -1;
    let binFirstRow = 0;
    // The current bin's distinct actors, held here until the bin ends: counted in memory, each
    // row's count would wait for the last row's store.
    let count = 0;
    let crowded = false;
    // Rows before the current bin's end less a sixteenth of a bin are surely in it (rounding errs by
    // far less, a few units in the last place of the times): only the rows past that are divided to
    // find their bin. Bins too narrow for the times' magnitude (none a sane config has) divide every row.
    const margin = binMs / 16;
    const marginHolds = margin > Math.max(Math.abs(dataStart), Math.abs(options.dataEnd)) * 2 ** -40;
    let surelyInBin = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      if (!(ts[i]! < surelyInBin)) {
        const bin = Math.floor((ts[i]! - dataStart) / binMs);
        if (bin !== currentBin) {
          if (used > 0) {
            counts[used - 1] = count;
            if (count >= minActors) crowded = true;
          }
          currentBin = bin;
          binFirstRow = i;
          bins[used++] = bin;
          count = 0;
          if (marginHolds) surelyInBin = dataStart + (bin + 1) * binMs - margin;
        }
      }
      if (lastSeen[i]! < binFirstRow) count++;
    }
    if (used > 0) {
      counts[used - 1] = count;
      if (count >= minActors) crowded = true;
    }
    if (crowded) findEpisodes(bins.subarray(0, used), counts.subarray(0, used), minutes, options, episodes);
  }
  episodes.sort((a, b) => a.start - b.start);
  return { episodes, nextStamp: stampBase + n };
}

/** The episodes of one width's non-empty `bins` and their `counts` of distinct actors, added to `episodes`. */
function findEpisodes(
  bins: Int32Array,
  counts: Int32Array,
  minutes: number,
  options: BurstOptions,
  episodes: Episode[],
): void {
  const binMs = minutes * 60_000;
  const binCount = Math.floor((options.dataEnd - options.dataStart) / binMs) + 1;
  const { median, scale } = robustBaseline(counts, binCount);
  const zOf = (k: number) => (counts[k]! - median) / scale;
  const used = bins.length;
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
