import { UndirectedGraph } from 'graphology';
import louvainModule from 'graphology-communities-louvain';
import { connectedComponents } from 'graphology-components';

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

/**
 * Groups of accounts that act together: the co-action pairs as a weighted graph, Louvain
 * communities, each split into its connected components (Louvain can return disconnected ones).
 * Groups of at least `minSize` accounts, each sorted, in order of their smallest account code.
 */
export function coordinationGroups(pairs: PairTable, options: CoordinationOptions): Int32Array[] {
  const graph = new UndirectedGraph({ allowSelfLoops: false });
  const { accountCount } = options;
  for (let i = 0; i < pairs.key.length; i++) {
    const key = pairs.key[i]!;
    const low = Math.floor(key / accountCount);
    const high = key - low * accountCount;
    graph.mergeNode(low);
    graph.mergeNode(high);
    graph.addEdge(low, high, { weight: pairs.weight[i]! });
  }
  if (graph.order === 0) return [];
  const community = louvain(graph, {
    rng: options.rng,
    getEdgeWeight: 'weight',
    resolution: options.resolution,
  });
  const members = new Map<number, string[]>();
  graph.forEachNode((node) => {
    const c = community[node]!;
    getOrCreate(members, c, () => [] as string[]).push(node);
  });
  const groups: Int32Array[] = [];
  for (const nodes of members.values()) {
    if (nodes.length < options.minSize) continue;
    const sub = new UndirectedGraph();
    for (const node of nodes) sub.addNode(node);
    for (const node of nodes)
      graph.forEachEdge(node, (_edge, _attributes, source, target) => {
        if (source === node && community[target] === community[node]) sub.mergeEdge(source, target);
      });
    for (const component of connectedComponents(sub))
      if (component.length >= options.minSize) groups.push(Int32Array.from(component, Number).sort());
  }
  return groups.sort((a, b) => a[0]! - b[0]!);
}
