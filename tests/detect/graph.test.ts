import { UndirectedGraph } from 'graphology';
import louvainModule from 'graphology-communities-louvain';
import { connectedComponents } from 'graphology-components';
import { describe, expect, it } from 'vitest';
import { communityComponents, coordinationGroups, seededRng } from '../../jobs/detect/graph.ts';
import type { PairTable } from '../../jobs/detect/types.ts';

const louvain = louvainModule as unknown as typeof louvainModule.default;

/** A sparse random pair table (keys ascending, as the merge gives them): loose chains and stars. */
function randomPairs(accounts: number, edges: number, seed: number): PairTable {
  const rng = seededRng(seed);
  const weights = new Map<number, number>();
  while (weights.size < edges) {
    const a = Math.floor(rng() * accounts);
    const b = Math.floor(rng() * accounts);
    if (a !== b) weights.set(Math.min(a, b) * accounts + Math.max(a, b), 0.1 + rng() * 3);
  }
  const keys = [...weights.keys()].sort((x, y) => x - y);
  return {
    key: Float64Array.from(keys),
    weight: Float64Array.from(keys, (k) => weights.get(k)!),
    targets: new Int32Array(keys.length).fill(2),
  };
}

/** The groups as graphology finds them: Louvain, then each community's subgraph split by graphology-components. */
function referenceGroups(pairs: PairTable, accounts: number, seed: number, minSize: number) {
  const graph = new UndirectedGraph({ allowSelfLoops: false });
  for (let i = 0; i < pairs.key.length; i++) {
    const low = Math.floor(pairs.key[i]! / accounts);
    const high = pairs.key[i]! - low * accounts;
    graph.mergeNode(low);
    graph.mergeNode(high);
    graph.addEdge(low, high, { weight: pairs.weight[i]! });
  }
  const community = louvain(graph, { rng: seededRng(seed), getEdgeWeight: 'weight', resolution: 1 });
  const members = new Map<number, string[]>();
  graph.forEachNode((node) =>
    members.set(community[node]!, [...(members.get(community[node]!) ?? []), node]),
  );
  const groups: Int32Array[] = [];
  for (const nodes of members.values()) {
    const sub = new UndirectedGraph();
    for (const node of nodes) sub.addNode(node);
    graph.forEachEdge((_edge, _attributes, source, target) => {
      if (community[source] === community[target] && sub.hasNode(source)) sub.mergeEdge(source, target);
    });
    const components = connectedComponents(sub);
    for (const component of components)
      if (component.length >= minSize) groups.push(Int32Array.from(component, Number).sort());
  }
  return groups.sort((a, b) => a[0]! - b[0]!);
}

describe('coordinationGroups', () => {
  it("gives graphology's groups: seeded Louvain communities split into their connected components", () => {
    for (let seed = 1; seed <= 30; seed++) {
      const accounts = 100 + seed * 20;
      const pairs = randomPairs(accounts, Math.floor(accounts * (1 + (seed % 4))), seed);
      const groups = coordinationGroups(pairs, {
        accountCount: accounts,
        rng: seededRng(seed),
        resolution: 1,
        minSize: 3,
      });
      expect(groups.length).toBeGreaterThan(0);
      expect(groups).toEqual(referenceGroups(pairs, accounts, seed, 3));
    }
  });

  it('splits a disconnected community into its components, by the edges inside it only', () => {
    // Community 0 holds two chains (1-2-3 and 7-8-9), joined only through account 5 of community 1.
    const edges = [
      [1, 2],
      [2, 3],
      [3, 5],
      [5, 7],
      [7, 8],
      [8, 9],
      [4, 5],
      [5, 6],
    ];
    const community = new Int32Array(10);
    for (const account of [4, 5, 6]) community[account] = 1;
    const groups = communityComponents(
      { low: Int32Array.from(edges, (e) => e[0]!), high: Int32Array.from(edges, (e) => e[1]!) },
      [9, 8, 7, 1, 2, 3, 5, 4, 6],
      community,
      3,
    );
    expect(groups.map((g) => [...g])).toEqual([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ]);
    // Smaller components are dropped.
    expect(
      communityComponents(
        { low: Int32Array.of(1, 4), high: Int32Array.of(2, 5) },
        [1, 2, 4, 5],
        new Int32Array(6),
        3,
      ),
    ).toEqual([]);
  });
});
