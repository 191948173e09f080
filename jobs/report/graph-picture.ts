import { UndirectedGraph } from 'graphology';
import forceAtlas2Module from 'graphology-layout-forceatlas2';
import type { ClusterDetail } from '../../explorer/shared/api.ts';
import { seededRng } from '../detect/graph.ts';
import type { GraphNode, GraphPicture } from './types.ts';

// A CommonJS package: Node's ESM default import is the function itself, which its typings call `.default`.
const forceAtlas2 = forceAtlas2Module as unknown as typeof forceAtlas2Module.default;

export interface GraphPictureOptions {
  /** Most accounts drawn: every target, then the most active actors. */
  maxNodes: number;
  iterations: number;
  /** Seed of the initial positions, so the same cluster always gives the same picture. */
  seed: number;
}

export const DEFAULT_GRAPH_PICTURE: GraphPictureOptions = { maxNodes: 150, iterations: 200, seed: 1 };

function nodeRole(members: ClusterDetail['members'], i: number): GraphNode['role'] {
  if (members.role[i] === 'target') return 'target';
  if (members.instigator[i]) return 'instigator';
  return members.is_new[i] ? 'new_actor' : 'actor';
}

/**
 * The cluster's accounts and who acted on whom, laid out with ForceAtlas2 from seeded positions,
 * in a unit square. Large clusters keep every target and their most active actors.
 */
export function graphPicture(detail: ClusterDetail, options: GraphPictureOptions): GraphPicture {
  const { members, interactions } = detail;
  const order = members.account
    .map((_, i) => i)
    .sort(
      (a, b) =>
        Number(members.role[b] === 'target') - Number(members.role[a] === 'target') ||
        Number(members.instigator[b]) - Number(members.instigator[a]) ||
        members.n_actions[b]! - members.n_actions[a]! ||
        members.account[a]!.localeCompare(members.account[b]!),
    );
  // An account both acting and acted on is drawn once, in the first (strongest) of its roles.
  const seen = new Set<string>();
  const kept = order
    .filter((i) => !seen.has(members.account[i]!) && seen.add(members.account[i]!))
    .slice(0, options.maxNodes);
  const graph = new UndirectedGraph<{ x: number; y: number }, { weight: number }>();
  const random = seededRng(options.seed);
  for (const i of kept) graph.addNode(members.account[i]!, { x: random(), y: random() });
  const weights = new Map<string, number>();
  interactions.actor.forEach((actor, i) => {
    const target = interactions.target[i]!;
    if (actor === target || !graph.hasNode(actor) || !graph.hasNode(target)) return;
    const key = `${actor}\u0000${target}`;
    weights.set(key, (weights.get(key) ?? 0) + 1);
  });
  for (const [key, weight] of weights) {
    const [source, target] = key.split('\u0000') as [string, string];
    if (graph.hasEdge(source, target))
      graph.updateEdgeAttribute(source, target, 'weight', (w) => (w ?? 0) + weight);
    else graph.addEdge(source, target, { weight });
  }
  if (graph.order > 1)
    forceAtlas2.assign(graph, {
      iterations: options.iterations,
      getEdgeWeight: 'weight',
      settings: { ...forceAtlas2.inferSettings(graph), barnesHutOptimize: false },
    });
  const xs = graph.mapNodes((_, a) => a.x);
  const ys = graph.mapNodes((_, a) => a.y);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const scale = Math.max(maxX - minX, maxY - minY) || 1;
  const index = new Map(kept.map((i, n) => [members.account[i]!, n]));
  const nodes = kept.map((i): GraphNode => {
    const attributes = graph.getNodeAttributes(members.account[i]!);
    return {
      id: members.account[i]!,
      role: nodeRole(members, i),
      actions: members.n_actions[i]!,
      x: (attributes.x - minX) / scale,
      y: (attributes.y - minY) / scale,
    };
  });
  const edges = graph.mapEdges((_, attributes, source, target) => ({
    source: index.get(source)!,
    target: index.get(target)!,
    weight: attributes.weight,
  }));
  return { nodes, edges, omitted: seen.size - kept.length };
}
