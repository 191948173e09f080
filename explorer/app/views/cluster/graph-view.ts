import Graph from 'graphology';
import { inferSettings } from 'graphology-layout-forceatlas2';
import FA2Layout from 'graphology-layout-forceatlas2/worker';
import Sigma from 'sigma';
import { drawDarkNodeHover } from './hover.ts';
import { initialPositions, seedOf } from './layout.ts';
import type { ClusterModel } from './model.ts';
import { INTERACTION_TYPES } from './model.ts';
import type { ClusterViewState } from './state.ts';
import { nodeStyles, TYPE_COLORS } from './style.ts';
import type { Visibility } from './visibility.ts';

const DIM_NODE = '#2a303b';
const DIM_EDGE = '#1f242d';
/** ForceAtlas2 stops by itself after this long: a settled picture, and no CPU burnt for nothing. */
const LAYOUT_MS = 6000;

export interface GraphViewEvents {
  onSelect(key: string | null): void;
  onLayoutChange(running: boolean): void;
}

/** The cluster's graph in sigma: filters and the window via reducers, layout in a web worker. */
export class GraphView {
  readonly graph: Graph;
  readonly renderer: Sigma;
  readonly #model: ClusterModel;
  readonly #layout: FA2Layout;
  #visibility: Visibility;
  #colors: string[] = [];
  #sizes = new Float32Array(0);
  #hovered: string | null = null;
  #hoverNeighbours = new Set<string>();
  #selected: string | null = null;
  #layoutTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #onLayoutChange: (running: boolean) => void;

  constructor(
    container: HTMLElement,
    model: ClusterModel,
    visibility: Visibility,
    view: ClusterViewState,
    events: GraphViewEvents,
  ) {
    this.#model = model;
    this.#visibility = visibility;
    this.#selected = view.selected;
    const graph = new Graph({ type: 'directed', multi: true, allowSelfLoops: false });
    const { nodes, edges } = model;
    for (let n = 0; n < nodes.key.length; n++)
      graph.addNode(nodes.key[n]!, { index: n, role: nodes.role[n], label: nodes.key[n] });
    for (let e = 0; e < edges.source.length; e++) {
      const count = edges.timeOffsets[e + 1]! - edges.timeOffsets[e]!;
      graph.addDirectedEdgeWithKey(String(e), nodes.key[edges.source[e]!]!, nodes.key[edges.target[e]!]!, {
        index: e,
        weight: count,
        size: Math.min(4, 0.6 + Math.log2(count) * 0.6),
        color: TYPE_COLORS[INTERACTION_TYPES[edges.type[e]!]!],
      });
    }
    initialPositions(graph, seedOf(model.detail.cluster.cluster_id));
    this.graph = graph;
    this.#restyle(view);

    const large = edges.source.length > 5000;
    this.renderer = new Sigma(graph, container, {
      defaultEdgeType: large ? 'line' : 'arrow',
      renderEdgeLabels: false,
      labelColor: { color: '#d6dae1' },
      labelFont: 'Inter, system-ui, sans-serif',
      labelSize: 12,
      labelRenderedSizeThreshold: 9,
      zIndex: true,
      defaultDrawNodeHover: drawDarkNodeHover,
      nodeReducer: (node, data) => this.#reduceNode(node, data),
      edgeReducer: (edge, data) => this.#reduceEdge(edge, data),
    });
    // Sigma drew the graph in its constructor; the next animation frame is when it reaches the
    // screen. The benchmark and the tests read this mark (ms since navigation).
    requestAnimationFrame(() => {
      document.documentElement.dataset.firstFrame ??= String(Math.round(performance.now()));
    });
    this.renderer.on('enterNode', ({ node }) => this.#hover(node));
    this.renderer.on('leaveNode', () => this.#hover(null));
    this.renderer.on('clickNode', ({ node }) => events.onSelect(node));
    this.renderer.on('clickStage', () => events.onSelect(null));

    this.#layout = new FA2Layout(graph, {
      settings: { ...inferSettings(graph), barnesHutOptimize: graph.order > 500, slowDown: 4 },
      getEdgeWeight: 'weight',
    });
    this.#onLayoutChange = events.onLayoutChange;
  }

  get layoutRunning(): boolean {
    return this.#layout.isRunning();
  }

  startLayout(): void {
    this.#layout.start();
    clearTimeout(this.#layoutTimer);
    this.#layoutTimer = setTimeout(() => this.stopLayout(), LAYOUT_MS);
    this.#onLayoutChange(true);
  }

  stopLayout(): void {
    clearTimeout(this.#layoutTimer);
    this.#layout.stop();
    this.#onLayoutChange(false);
  }

  /** New filters, window, encodings or selection. */
  update(view: ClusterViewState, visibility: Visibility): void {
    this.#visibility = visibility;
    this.#selected = view.selected;
    this.#restyle(view);
    this.renderer.refresh({ skipIndexation: false });
  }

  focus(key: string): void {
    const data = this.renderer.getNodeDisplayData(key);
    if (data) this.renderer.getCamera().animate({ x: data.x, y: data.y, ratio: 0.35 }, { duration: 400 });
  }

  resetCamera(): void {
    this.renderer.getCamera().animatedReset({ duration: 300 });
  }

  kill(): void {
    clearTimeout(this.#layoutTimer);
    this.#layout.kill();
    this.renderer.kill();
  }

  #restyle(view: ClusterViewState): void {
    const styles = nodeStyles(this.#model, view.color, view.size);
    this.#colors = styles.colors;
    this.#sizes = styles.sizes;
  }

  #hover(node: string | null): void {
    this.#hovered = node;
    this.renderer.getContainer().style.cursor = node ? 'pointer' : '';
    this.#hoverNeighbours = new Set(node ? this.graph.neighbors(node) : []);
    this.renderer.refresh({ skipIndexation: true });
  }

  #reduceNode(node: string, data: Record<string, unknown>) {
    const index = data.index as number;
    const shown = this.#visibility.nodes[index] === 1;
    const focus = this.#hovered ?? this.#selected;
    const isFocus = node === focus;
    const faded = focus !== null && !isFocus && !(this.#hovered ? this.#hoverNeighbours.has(node) : false);
    const role = data.role as string;
    return {
      ...data,
      hidden: !shown,
      color: faded && this.#hovered ? DIM_NODE : this.#colors[index],
      size: this.#sizes[index],
      label: isFocus || role !== 'actor' ? (data.label as string) : null,
      highlighted: node === this.#selected,
      forceLabel: isFocus,
      zIndex: isFocus ? 2 : role === 'actor' ? 0 : 1,
    };
  }

  #reduceEdge(edge: string, data: Record<string, unknown>) {
    const index = data.index as number;
    if (this.#visibility.edges[index] !== 1) return { ...data, hidden: true };
    if (this.#hovered === null) return data;
    const [source, target] = this.graph.extremities(edge);
    const touches = source === this.#hovered || target === this.#hovered;
    return { ...data, color: touches ? data.color : DIM_EDGE, zIndex: touches ? 1 : 0 };
  }
}
