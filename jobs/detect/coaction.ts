import { sharedArray } from '../runtime/shared-memory.ts';
import { hashKey } from './collections.ts';
import { sortByPair } from './row-order.ts';
import type { PairKeyBitmaps, PairTable } from './types.ts';

export interface CoactionOptions {
  windowsSeconds: number[];
  windowWeights: number[];
  maxNeighbors: number;
  /** Pairs weighing less on a target are dropped there: loose co-action on a popular object says nothing. */
  minWeight: number;
  accountCount: number;
}

/** Distinct values of `actor[from..to)`; `stamp` is scratch space that holds no `stampValue` on entry. */
export function distinctActors(
  actor: Int32Array,
  from: number,
  to: number,
  stamp: Int32Array,
  stampValue: number,
): number {
  let count = 0;
  for (let i = from; i < to; i++)
    if (stamp[actor[i]!] !== stampValue) {
      stamp[actor[i]!] = stampValue;
      count++;
    }
  return count;
}

/**
 * Sums co-action pairs over targets: `add` each object (video, LIVE room or profile) of a target,
 * then `endTarget`; `finish` for the table sorted by pair key. A pair counts once per target, with
 * its best weight there: the weight of the tightest window it was seen in times the object's
 * popularity weight 1 / ln(distinct actors + 5) (FRAUDAR): co-acting on a hugely popular object
 * says little, on an obscure one a lot. Counting targets rather than objects keeps fans who
 * co-like every post of one idol from looking like a group that raids several accounts.
 */
export class PairAccumulator {
  /**
   * Every co-action an object's events make: the pair (low, high account), its weight and the
   * target, target after target. `finish` sorts them by pair (stably: each pair's in target order),
   * so a pair's best weight on each target and their sum come from one run, with no map per target.
   */
  private low = new Int32Array(1 << 16);
  private high = new Int32Array(1 << 16);
  private weights = new Float64Array(1 << 16);
  private targets = new Int32Array(1 << 16);
  private entries = 0;
  private target = 0;
  private options: CoactionOptions;
  private windowsMs: number[];

  constructor(options: CoactionOptions) {
    this.options = options;
    this.windowsMs = options.windowsSeconds.map((s) => s * 1000);
  }

  /**
   * Starts over under `options`, as new, but with the arrays grown so far: a worker sums shard
   * after shard, and fresh arrays would grow (and fault their pages in) all over again.
   */
  reset(options: CoactionOptions): void {
    this.options = options;
    this.windowsMs = options.windowsSeconds.map((s) => s * 1000);
    this.entries = 0;
    this.target = 0;
  }

  /**
   * One object's events: rows [from, to) of `ts` / `actor`, ascending in time; `stamp` is scratch
   * space that holds no `stampValue` on entry. Returns the object's distinct actors.
   */
  add(
    ts: Float64Array,
    actor: Int32Array,
    from: number,
    to: number,
    stamp: Int32Array,
    stampValue: number,
  ): number {
    const distinct = distinctActors(actor, from, to, stamp, stampValue);
    this.addCounted(ts, actor, from, to, distinct);
    return distinct;
  }

  /** `add`, the object's `distinct` actors counted by the caller. */
  addCounted(ts: Float64Array, actor: Int32Array, from: number, to: number, distinct: number): void {
    const { maxNeighbors, windowWeights } = this.options;
    if (distinct < 2) return;
    const popularity = 1 / Math.log(distinct + 5);
    // The widest window whose weight here still reaches the minimum: none on a hot enough object.
    let tiers = 0;
    while (tiers < windowWeights.length && windowWeights[tiers]! * popularity >= this.options.minWeight)
      tiers++;
    if (tiers === 0) return;
    const windowsMs = this.windowsMs;
    const widest = windowsMs[tiers - 1]!;
    const target = this.target;
    let { low, high, weights, targets, entries } = this;
    for (let i = from; i < to; i++) {
      const a = actor[i]!;
      const tsI = ts[i]!;
      const last = Math.min(to, i + 1 + maxNeighbors);
      for (let j = i + 1; j < last; j++) {
        const dt = ts[j]! - tsI;
        if (dt > widest) break;
        const b = actor[j]!;
        if (a === b) continue;
        let tier = 0;
        while (dt > windowsMs[tier]!) tier++;
        const weight = windowWeights[tier]! * popularity;
        // A pair never seen at a positive weight is not kept (as when absent).
        if (!(weight > 0)) continue;
        if (entries === low.length) {
          this.entries = entries;
          this.grow();
          ({ low, high, weights, targets } = this);
        }
        low[entries] = a < b ? a : b;
        high[entries] = a < b ? b : a;
        weights[entries] = weight;
        targets[entries++] = target;
      }
    }
    this.entries = entries;
  }

  endTarget(): void {
    this.target++;
  }

  finish(): PairTable {
    const n = this.entries;
    const low = this.low.subarray(0, n);
    const high = this.high.subarray(0, n);
    const weights = this.weights.subarray(0, n);
    const targets = this.targets.subarray(0, n);
    sortByPair(low, high, weights, targets);
    let pairs = 0;
    for (let i = 0; i < n; i++) if (i === 0 || low[i] !== low[i - 1] || high[i] !== high[i - 1]) pairs++;
    // On shared memory: the table (tens of millions of pairs at 10M events) reaches the main thread,
    // and the threads that merge it, with no copy; so do the key marks.
    const table = {
      key: sharedArray(Float64Array, pairs),
      weight: sharedArray(Float64Array, pairs),
      targets: sharedArray(Int32Array, pairs),
    };
    const accountCount = this.options.accountCount;
    let p = -1;
    let best = 0;
    for (let i = 0; i < n; i++) {
      const samePair = i > 0 && low[i] === low[i - 1] && high[i] === high[i - 1];
      if (samePair && targets[i] === targets[i - 1]) {
        if (weights[i]! > best) best = weights[i]!;
        continue;
      }
      // The previous target's best is final: summed in target order, as the shards' are in shard order.
      if (p >= 0) table.weight[p]! += best;
      if (!samePair) table.key[++p] = low[i]! * accountCount + high[i]!;
      table.targets[p]!++;
      best = weights[i]!;
    }
    if (p >= 0) table.weight[p]! += best;
    return table;
  }

  private grow(): void {
    const capacity = this.low.length * 2;
    const grown = <T extends Int32Array | Float64Array>(values: T, make: new (n: number) => T): T => {
      const into = new make(capacity);
      into.set(values);
      return into;
    };
    this.low = grown(this.low, Int32Array);
    this.high = grown(this.high, Int32Array);
    this.weights = grown(this.weights, Float64Array);
    this.targets = grown(this.targets, Int32Array);
  }
}

/**
 * Which pair keys may be in two tables or more, the tables marked one by one as they come, in any
 * order: two bitmaps of key hashes (seen in one table, seen in two or more), 4 bits a key expected.
 * Exact where it matters: a key in two tables always has its bit in the second map (a key in one
 * table may have it too, when hashed where another one is).
 */
export class PairKeysSeen {
  private readonly mask: number;
  private readonly once: Int32Array;
  private readonly twice: Int32Array;

  /**
   * `expectedKeys`: the keys of all the tables to come, as well as known. Estimates run high (a key
   * in several tables counts once in the maps, a first table is the largest), and rounded up to a
   * power of two the maps hold 8 to 16 bits an actual key: past that, they outgrow the caches, and
   * every mark and look-up misses them for the few keys more they rule out. 10M events, 3.4M keys
   * in 16 tables: 2^27 bits (at 8 bits an expected key) marked in ~110-170 ms, merged in ~115-130,
   * 116k rows kept; 2^26: ~68 and ~75 ms, 199k kept; 2^24: ~51 and ~114 ms, 651k kept.
   */
  static forKeys(expectedKeys: number): PairKeysSeen {
    const bits = Math.max(16, Math.ceil(Math.log2(expectedKeys * 4)));
    return new PairKeysSeen({
      once: sharedArray(Int32Array, 2 ** (bits - 5)),
      twice: sharedArray(Int32Array, 2 ** (bits - 5)),
    });
  }

  /** Marks made elsewhere (`bitmaps` of another thread's), carried on. */
  constructor(bitmaps: PairKeyBitmaps) {
    this.once = bitmaps.once;
    this.twice = bitmaps.twice;
    this.mask = bitmaps.once.length * 32 - 1;
  }

  /** The marks, to hand to other threads (shared memory: read there, not copied). */
  get bitmaps(): PairKeyBitmaps {
    return { once: this.once, twice: this.twice };
  }

  add({ key }: PairTable): void {
    const { once, twice, mask } = this;
    for (let i = 0; i < key.length; i++) {
      const h = hashKey(key[i]!) & mask;
      if (once[h >>> 5]! & (1 << (h & 31))) twice[h >>> 5]! |= 1 << (h & 31);
      else once[h >>> 5]! |= 1 << (h & 31);
    }
  }

  /** Whether `key` may be in two of the tables added; surely when it is. */
  mayBeInTwo(key: number): boolean {
    const h = hashKey(key) & this.mask;
    return (this.twice[h >>> 5]! & (1 << (h & 31))) !== 0;
  }
}

/** The keys of every one of `tables`, marked. */
function keysSeenIn(tables: PairTable[]): PairKeysSeen {
  const seen = PairKeysSeen.forKeys(tables.reduce((n, t) => n + t.key.length, 0));
  for (const table of tables) seen.add(table);
  return seen;
}

/**
 * Each table's pairs that may reach `minTargets`: on enough targets in that table alone, or with a
 * key that may be in another table too (`seen`, every table added), so that the merge never sees
 * most of those in one table only.
 */
function mayReach(tables: PairTable[], minTargets: number, seen: PairKeysSeen): PairTable[] {
  // The kept rows of a table, then copied: typed arrays and loops (tens of millions of pairs at 10M
  // events), no list of numbers and no callback a pair.
  const kept = new Int32Array(Math.max(0, ...tables.map((t) => t.key.length)));
  return tables.map(({ key, weight, targets }) => {
    let count = 0;
    for (let i = 0; i < key.length; i++)
      if (targets[i]! >= minTargets || seen.mayBeInTwo(key[i]!)) kept[count++] = i;
    const table = {
      key: new Float64Array(count),
      weight: new Float64Array(count),
      targets: new Int32Array(count),
    };
    for (let k = 0; k < count; k++) {
      const i = kept[k]!;
      table.key[k] = key[i]!;
      table.weight[k] = weight[i]!;
      table.targets[k] = targets[i]!;
    }
    return table;
  });
}

/**
 * Merges the shards' sorted pair tables (in shard order, so that the sums are the same for any
 * number of threads) and keeps the pairs seen on at least `minTargets` targets. A tournament tree
 * over the tables' heads hands out the smallest key, the lower table first on a tie: a few
 * comparisons a pair, not a look at every table. `seen`: the tables' keys, marked as they came
 * (else here).
 */
export function mergePairs(shardTables: PairTable[], minTargets: number, seen?: PairKeysSeen): PairTable {
  const tables =
    minTargets > 1 ? mayReach(shardTables, minTargets, seen ?? keysSeenIn(shardTables)) : shardTables;
  const leaves = 2 ** Math.ceil(Math.log2(Math.max(1, tables.length)));
  const heads = new Int32Array(leaves);
  // Each table's key at its head; +Infinity once it is used up (and for the padding leaves).
  const headKeys = new Float64Array(leaves).fill(Number.POSITIVE_INFINITY);
  tables.forEach((t, i) => {
    if (t.key.length) headKeys[i] = t.key[0]!;
  });
  // winner[node]: the table whose head comes first below node; leaves at leaves + table.
  const winner = new Int32Array(2 * leaves);
  const better = (a: number, b: number) =>
    headKeys[a]! < headKeys[b]! || (headKeys[a] === headKeys[b] && a < b) ? a : b;
  for (let t = 0; t < leaves; t++) winner[leaves + t] = t;
  for (let node = leaves - 1; node >= 1; node--)
    winner[node] = better(winner[2 * node]!, winner[2 * node + 1]!);
  const key: number[] = [];
  const weight: number[] = [];
  const targets: number[] = [];
  let current = Number.NaN;
  let sum = 0;
  let count = 0;
  const keepCurrent = () => {
    if (count < minTargets) return;
    key.push(current);
    weight.push(sum);
    targets.push(count);
  };
  for (;;) {
    const t = winner[1]!;
    const k = headKeys[t]!;
    if (k === Number.POSITIVE_INFINITY) break;
    if (k !== current) {
      keepCurrent();
      current = k;
      sum = 0;
      count = 0;
    }
    const table = tables[t]!;
    const at = heads[t]!++;
    sum += table.weight[at]!;
    count += table.targets[at]!;
    headKeys[t] = at + 1 < table.key.length ? table.key[at + 1]! : Number.POSITIVE_INFINITY;
    for (let node = (leaves + t) >> 1; node >= 1; node >>= 1)
      winner[node] = better(winner[2 * node]!, winner[2 * node + 1]!);
  }
  keepCurrent();
  return {
    key: Float64Array.from(key),
    weight: Float64Array.from(weight),
    targets: Int32Array.from(targets),
  };
}

/** The first place in ascending `keys` whose key is at least `key`. */
function lowerBound(keys: Float64Array, key: number): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (keys[middle]! < key) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The tables cut into `parts` ranges of keys, each range's tables as views: merged range by range
 * (`mergePairs`, on as many threads), their pairs joined in range order are those of the whole.
 * The ranges split the longest table evenly (the others' keys are spread alike).
 */
export function splitByKey(tables: PairTable[], parts: number): PairTable[][] {
  const longest = tables.reduce((a, b) => (b.key.length > a.key.length ? b : a));
  // Range p holds the keys from bounds[p] up to bounds[p + 1].
  const bounds = [Number.NEGATIVE_INFINITY];
  for (let p = 1; p < parts; p++)
    bounds.push(longest.key[Math.floor((p * longest.key.length) / parts)] ?? Number.POSITIVE_INFINITY);
  bounds.push(Number.POSITIVE_INFINITY);
  return bounds.slice(1).map((end, p) =>
    tables.map(({ key, weight, targets }) => {
      const from = lowerBound(key, bounds[p]!);
      const to = lowerBound(key, end);
      return {
        key: key.subarray(from, to),
        weight: weight.subarray(from, to),
        targets: targets.subarray(from, to),
      };
    }),
  );
}

/** Merged ranges of pairs joined in order: one table. */
export function joinPairs(ranges: PairTable[]): PairTable {
  const length = ranges.reduce((n, r) => n + r.key.length, 0);
  const joined = {
    key: new Float64Array(length),
    weight: new Float64Array(length),
    targets: new Int32Array(length),
  };
  let at = 0;
  for (const range of ranges) {
    joined.key.set(range.key, at);
    joined.weight.set(range.weight, at);
    joined.targets.set(range.targets, at);
    at += range.key.length;
  }
  return joined;
}
