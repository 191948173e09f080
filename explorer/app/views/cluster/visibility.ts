import { type ClusterModel, countInWindow, typeIndex } from './model.ts';
import type { ClusterViewState } from './state.ts';

export interface Visibility {
  edges: Uint8Array;
  nodes: Uint8Array;
  visibleEdges: number;
  /** Interactions behind the visible edges. */
  visibleInteractions: number;
}

/**
 * Which nodes and edges the filters and the time window leave on screen: an edge shows when its
 * type and both ends' roles are kept and it has an interaction in the window; an actor shows when
 * one of its edges does; targets stay as anchors.
 */
export function computeVisibility(
  model: ClusterModel,
  view: Pick<ClusterViewState, 'types' | 'roles' | 'window'>,
): Visibility {
  const { nodes, edges } = model;
  const roleKept = new Uint8Array(nodes.key.length);
  for (let n = 0; n < roleKept.length; n++) roleKept[n] = view.roles.includes(nodes.role[n]!) ? 1 : 0;
  const typeKept = new Uint8Array(8);
  for (const type of view.types) typeKept[typeIndex(type)] = 1;
  const [from, to] = view.window ?? model.span;
  const edgeShown = new Uint8Array(edges.source.length);
  const nodeShown = new Uint8Array(nodes.key.length);
  let visibleEdges = 0;
  let visibleInteractions = 0;
  for (let e = 0; e < edgeShown.length; e++) {
    const s = edges.source[e]!;
    const t = edges.target[e]!;
    if (!typeKept[edges.type[e]!] || !roleKept[s] || !roleKept[t]) continue;
    const inWindow = countInWindow(edges, e, from, to);
    if (inWindow === 0) continue;
    edgeShown[e] = 1;
    nodeShown[s] = 1;
    nodeShown[t] = 1;
    visibleEdges++;
    visibleInteractions += inWindow;
  }
  for (let n = 0; n < nodeShown.length; n++) if (nodes.role[n] === 'target' && roleKept[n]) nodeShown[n] = 1;
  return { edges: edgeShown, nodes: nodeShown, visibleEdges, visibleInteractions };
}
