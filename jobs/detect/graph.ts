import { UndirectedGraph } from 'graphology';
import louvainModule from 'graphology-communities-louvain';

// A CommonJS package: Node's ESM default import is the function itself, which its typings call `.default`.
const louvain = louvainModule as unknown as typeof louvainModule.default;

import { getOrCreate } from './collections.ts';
import type { PairTable } from './types.ts';

/** A seeded PRNG (mulberry32): Louvain's node order, and so its communities, depend only on the seed. */
export function seededRng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface CoordinationOptions {
  accountCount: number;
  rng: () => number;
  resolution: number;
  minSize: number;
}

/** Account ids joined into sets (union-find, path halving): a community's connected components. */
class LinkedAccounts {
  private readonly parent: Int32Array;

  constructor(accountCount: number) {
    // A loop, not Int32Array.from with a callback (a call per account, ~20 ms at 400k accounts).
    this.parent = new Int32Array(accountCount);
    for (let i = 0; i < accountCount; i++) this.parent[i] = i;
  }

  root(account: number): number {
    const { parent } = this;
    let a = account;
    while (parent[a] !== a) {
      parent[a] = parent[parent[a]!]!;
      a = parent[a]!;
    }
    return a;
  }

  link(a: number, b: number): void {
    this.parent[this.root(a)] = this.root(b);
  }
}

/**
 * Groups of accounts that act together: the co-action pairs as a weighted graph, Louvain
 * communities, each split into its connected components (Louvain can return disconnected ones).
 * Groups of at least `minSize` accounts, each sorted, in order of their smallest account code.
 */
export function coordinationGroups(pairs: PairTable, options: CoordinationOptions): Int32Array[] {
  const graph = new UndirectedGraph({ allowSelfLoops: false });
  const { accountCount } = options;
  const edgeCount = pairs.key.length;
  const lows = new Int32Array(edgeCount);
  const highs = new Int32Array(edgeCount);
  // Nodes in order of first appearance, as Louvain's (seeded) visiting order depends on it.
  const inGraph = new Uint8Array(accountCount);
  const nodes: number[] = [];
  const addNode = (account: number) => {
    if (inGraph[account]) return;
    inGraph[account] = 1;
    nodes.push(account);
    graph.addNode(account);
  };
  for (let i = 0; i < edgeCount; i++) {
    const key = pairs.key[i]!;
    const low = Math.floor(key / accountCount);
    const high = key - low * accountCount;
    lows[i] = low;
    highs[i] = high;
    addNode(low);
    addNode(high);
    // Keyed by its place: graphology's generated keys cost more than the rest of the insertion.
    graph.addEdgeWithKey(i, low, high, { weight: pairs.weight[i]! });
  }
  if (graph.order === 0) return [];
  const communityOf = louvain(graph, {
    rng: options.rng,
    getEdgeWeight: 'weight',
    resolution: options.resolution,
  });
  const community = new Int32Array(accountCount);
  for (const account of nodes) community[account] = communityOf[account]!;
  return communityComponents({ low: lows, high: highs }, nodes, community, options.minSize);
}

/**
 * The connected components of each community, by the edges inside it (Louvain can return
 * disconnected communities): those of at least `minSize` accounts, each sorted, in order of their
 * smallest account. `nodes` are the graph's accounts, `community` holds each one's community.
 */
export function communityComponents(
  edges: { low: Int32Array; high: Int32Array },
  nodes: readonly number[],
  community: Int32Array,
  minSize: number,
): Int32Array[] {
  const { low, high } = edges;
  const components = new LinkedAccounts(community.length);
  for (let i = 0; i < low.length; i++)
    if (community[low[i]!] === community[high[i]!]) components.link(low[i]!, high[i]!);
  const members = new Map<number, number[]>();
  for (const account of nodes) getOrCreate(members, components.root(account), () => []).push(account);
  const groups: Int32Array[] = [];
  for (const component of members.values())
    if (component.length >= minSize) groups.push(Int32Array.from(component).sort());
  return groups.sort((a, b) => a[0]! - b[0]!);
}
