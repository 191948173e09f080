import type Graph from 'graphology';

/**
 * Seeded starting positions: targets at the centre, each actor on a ring around the target it hit
 * most, so that ForceAtlas2 starts from a readable picture and the same cluster always looks alike.
 */
export function initialPositions(graph: Graph, seed: number): void {
  let state = seed >>> 0 || 1;
  const random = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const targets = graph.filterNodes((_n, a) => a.role === 'target');
  targets.forEach((node, i) => {
    const angle = (2 * Math.PI * i) / Math.max(1, targets.length);
    const radius = targets.length > 1 ? 40 : 0;
    graph.mergeNodeAttributes(node, { x: radius * Math.cos(angle), y: radius * Math.sin(angle) });
  });
  graph.forEachNode((node, attributes) => {
    if (attributes.role === 'target') return;
    const anchor = graph.outNeighbors(node).find((n) => graph.getNodeAttribute(n, 'role') === 'target');
    const cx = anchor ? (graph.getNodeAttribute(anchor, 'x') as number) : 0;
    const cy = anchor ? (graph.getNodeAttribute(anchor, 'y') as number) : 0;
    const angle = random() * 2 * Math.PI;
    const radius = 10 + random() * 20;
    graph.mergeNodeAttributes(node, { x: cx + radius * Math.cos(angle), y: cy + radius * Math.sin(angle) });
  });
}

/** A 32-bit seed from a cluster id, so that each cluster has its own stable layout. */
export function seedOf(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return hash >>> 0;
}
