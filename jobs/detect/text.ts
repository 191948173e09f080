import { createHostileLexicon } from '../../shared/text/hostile.ts';
import { getOrCreate } from './collections.ts';

const HASHES = 64;
const BANDS = 16;
const ROWS = HASHES / BANDS;
const SHINGLE = 5;

function fnv1a(text: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A 32-bit mixer (murmur3 finaliser): hash function k of the MinHash is mix(x ^ seed_k). */
function mix(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const SEEDS = Uint32Array.from({ length: HASHES }, (_, k) => mix(k + 0x9e3779b9));

/** Case, spacing and punctuation do not make two comments different. */
export function normalizeComment(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKC')
    .replace(/[\p{P}\p{S}\s]+/gu, ' ')
    .trim();
}

/** MinHash signature of an already normalised comment's character 5-grams (the whole text when shorter). */
function minhashNormalized(s: string): Uint32Array {
  const signature = new Uint32Array(HASHES).fill(0xffffffff);
  const last = Math.max(1, s.length - SHINGLE + 1);
  for (let i = 0; i < last; i++) {
    const shingle = fnv1a(s, i, Math.min(s.length, i + SHINGLE));
    for (let k = 0; k < HASHES; k++) {
      const h = mix(shingle ^ SEEDS[k]!);
      if (h < signature[k]!) signature[k] = h;
    }
  }
  return signature;
}

/** MinHash signature of a comment's character 5-grams (the whole text when shorter). */
export function minhash(text: string): Uint32Array {
  return minhashNormalized(normalizeComment(text));
}

export function estimatedJaccard(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let k = 0; k < HASHES; k++) if (a[k] === b[k]) same++;
  return same / HASHES;
}

/** The fewest equal hashes of two signatures whose estimated Jaccard is at least `jaccard` (HASHES + 1: none). */
function fewestAlike(jaccard: number): number {
  let same = 0;
  while (same <= HASHES && same / HASHES < jaccard) same++;
  return same;
}

/**
 * Whether `a` and `b` differ in at most `allowedMisses` hashes (`estimatedJaccard` at or above the
 * threshold `fewestAlike` was given): stops at the first miss too many, as most compared pairs do.
 */
function similarEnough(a: Uint32Array, b: Uint32Array, allowedMisses: number): boolean {
  let misses = allowedMisses;
  if (misses < 0) return false;
  for (let k = 0; k < HASHES; k++) if (a[k] !== b[k] && --misses < 0) return false;
  return true;
}

/** Normalised comments shorter than this ("first", "W", "lol", "❤️") say nothing about copy-paste. */
const MIN_DUPLICATE_LENGTH = 10;

/** A comment's MinHash signature, or null when it is too short to tell copy-paste (MIN_DUPLICATE_LENGTH). */
export function commentSignature(text: string): Uint32Array | null {
  const normalized = normalizeComment(text);
  return normalized.length < MIN_DUPLICATE_LENGTH ? null : minhashNormalized(normalized);
}

/** A hash of one band of a signature (its ROWS values). */
function bandHash(signature: Uint32Array, band: number): number {
  let h = band;
  for (let k = band * ROWS; k < (band + 1) * ROWS; k++) h = mix(h ^ signature[k]!) + k;
  return h >>> 0;
}

function sameBand(a: Uint32Array, b: Uint32Array, band: number): boolean {
  for (let k = band * ROWS; k < (band + 1) * ROWS; k++) if (a[k] !== b[k]) return false;
  return true;
}

/**
 * Groups of near-identical comments (estimated Jaccard ≥ `jaccard`) written by at least `minAuthors`
 * distinct authors (comments under MIN_DUPLICATE_LENGTH characters are left out): LSH (16 bands of 4 rows) proposes pairs, each checked against its bucket's first
 * comment so that a flood of one text stays linear. Returns a group id per comment (-1: none),
 * numbered in order of first appearance.
 */
export function nearDuplicateGroups(
  texts: readonly string[],
  authors: ArrayLike<number>,
  options: { jaccard: number; minAuthors: number },
): Int32Array {
  return signatureGroups(texts.map(commentSignature), authors, options);
}

/** `nearDuplicateGroups` over the comments' `commentSignature`s (null: too short), which callers may reuse. */
export function signatureGroups(
  signatures: ReadonlyArray<Uint32Array | null>,
  authors: ArrayLike<number>,
  options: { jaccard: number; minAuthors: number },
): Int32Array {
  const n = signatures.length;
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const allowedMisses = HASHES - fewestAlike(options.jaccard);
  // Copies of one text share their signature (the same array): only the first of them goes through
  // the bands. A copy would land in the same buckets after it and be joined with the same comments:
  // it joins the first's set, unless the first was first of no bucket and joined to none (alone too).
  const firstOfSignature = new Map<Uint32Array, number>();
  const copyOf = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const signature = signatures[i];
    if (!signature) continue;
    const first = firstOfSignature.get(signature);
    if (first === undefined) firstOfSignature.set(signature, i);
    else copyOf[i] = first;
  }
  const linked = new Uint8Array(n);
  // Per band, an open-addressing table of each bucket's first comment, the band's values compared
  // exactly on a hash hit: as a map keyed by the band, without building a key string per comment.
  const slots = 2 ** Math.ceil(Math.log2(Math.max(4, firstOfSignature.size * 2)));
  const firstOfBucket = new Int32Array(slots);
  for (let band = 0; band < BANDS; band++) {
    firstOfBucket.fill(-1);
    for (let i = 0; i < n; i++) {
      const signature = signatures[i];
      if (!signature || copyOf[i]! >= 0) continue;
      let slot = bandHash(signature, band) & (slots - 1);
      while (firstOfBucket[slot]! >= 0 && !sameBand(signatures[firstOfBucket[slot]!]!, signature, band))
        slot = (slot + 1) & (slots - 1);
      const first = firstOfBucket[slot]!;
      if (first < 0) {
        firstOfBucket[slot] = i;
        linked[i] = 1;
        continue;
      }
      // Near-copies share every band: once joined, the other bands need no second look.
      const a = find(first);
      const b = find(i);
      if (a === b || similarEnough(signatures[first]!, signature, allowedMisses)) {
        linked[i] = 1;
        parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  }
  for (let i = 0; i < n; i++) if (copyOf[i]! >= 0 && linked[copyOf[i]!]) parent[i] = find(copyOf[i]!);
  // Distinct authors only of the sets with enough comments to have enough authors (most are single).
  const members = new Int32Array(n);
  for (let i = 0; i < n; i++) members[find(i)]!++;
  const authorsOf = new Map<number, Set<number>>();
  for (let i = 0; i < n; i++) {
    const root = find(i);
    if (members[root]! >= options.minAuthors)
      getOrCreate(authorsOf, root, () => new Set<number>()).add(authors[i]!);
  }
  const groupOfRoot = new Map<number, number>();
  const groups = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const root = find(i);
    if (!signatures[i] || (authorsOf.get(root)?.size ?? 0) < options.minAuthors) continue;
    groups[i] = getOrCreate(groupOfRoot, root, () => groupOfRoot.size);
  }
  return groups;
}

/**
 * Whether a comment holds a hostile term of the shared lexicon (`shared/text/hostile.ts`), memoised:
 * copy-paste campaigns repeat the same texts many times.
 */
export function createHostilityCheck(): (text: string) => boolean {
  const lexicon = createHostileLexicon();
  const memo = new Map<string, boolean>();
  return (text) => {
    let hostile = memo.get(text);
    if (hostile === undefined) {
      hostile = lexicon.test(text);
      if (memo.size < 100_000) memo.set(text, hostile);
    }
    return hostile;
  };
}
