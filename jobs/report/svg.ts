import type { GraphNode, GraphPicture, NightPoint, TimeSeries } from './types.ts';

export function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** Colours that stay apart in print and for common colour-vision deficiencies (Tableau 10). */
export const COLORS: Record<string, string> = {
  follow: '#4e79a7',
  like: '#59a14f',
  comment: '#f28e2b',
  report: '#e15759',
  share: '#76b7b2',
  pile_on: '#e15759',
  brigade: '#4e79a7',
  target: '#e15759',
  instigator: '#f28e2b',
  new_actor: '#b07aa1',
  actor: '#4e79a7',
};

const ROLE_LABELS: Record<GraphNode['role'], string> = {
  target: 'target',
  instigator: 'instigator',
  new_actor: 'actor, new account',
  actor: 'actor',
};

function legend(entries: Array<{ label: string; color: string }>, x: number, y: number): string {
  let at = x;
  return entries
    .map(({ label, color }) => {
      const item = `<rect x="${at}" y="${y - 9}" width="10" height="10" fill="${color}"/><text x="${at + 14}" y="${y}">${escapeXml(label)}</text>`;
      at += 24 + label.length * 6.5;
      return item;
    })
    .join('');
}

export interface StackedBars {
  title: string;
  /** One label per bar; shown every `labelEvery` bars. */
  labels: string[];
  labelEvery: number;
  series: Array<{ name: string; values: number[] }>;
  width: number;
  height: number;
}

/** A stacked bar chart with a y axis, x labels and a legend, as standalone SVG. */
export function stackedBarChart(chart: StackedBars): string {
  const { width, height, labels, series } = chart;
  const margin = { top: 28, right: 12, bottom: 46, left: 40 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const totals = labels.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const step = plotW / Math.max(labels.length, 1);
  const barW = Math.max(step * 0.8, 1);
  const y = (value: number) => margin.top + plotH - (value / max) * plotH;
  const parts: string[] = [];
  labels.forEach((label, i) => {
    let base = 0;
    const x = margin.left + i * step + (step - barW) / 2;
    for (const s of series) {
      const value = s.values[i] ?? 0;
      if (value > 0)
        parts.push(
          `<rect x="${x.toFixed(1)}" y="${y(base + value).toFixed(1)}" width="${barW.toFixed(1)}" height="${((value / max) * plotH).toFixed(1)}" fill="${COLORS[s.name] ?? '#999'}"><title>${escapeXml(`${label}: ${value} ${s.name}`)}</title></rect>`,
        );
      base += value;
    }
    if (i % chart.labelEvery === 0)
      parts.push(
        `<text x="${(margin.left + i * step + step / 2).toFixed(1)}" y="${height - margin.bottom + 14}" text-anchor="middle">${escapeXml(label)}</text>`,
      );
  });
  const ticks = [0, Math.round(max / 2), max]
    .filter((v, i, all) => all.indexOf(v) === i)
    .map(
      (v) =>
        `<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/><text x="${margin.left - 4}" y="${y(v) + 4}" text-anchor="end">${v}</text>`,
    );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="sans-serif" font-size="11" role="img" aria-label="${escapeXml(chart.title)}">`,
    `<text x="${margin.left}" y="14" font-weight="bold">${escapeXml(chart.title)}</text>`,
    ...ticks,
    ...parts,
    legend(
      series.map((s) => ({ label: s.name, color: COLORS[s.name] ?? '#999' })),
      margin.left,
      height - 8,
    ),
    '</svg>',
  ].join('');
}

function clock(ms: number, withDate: boolean): string {
  const iso = new Date(ms).toISOString();
  return withDate ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(11, 16);
}

/** The cluster's interactions over time, stacked by type (times in UTC). */
export function timelineSvg(timeline: TimeSeries, width = 680, height = 220): string {
  const bins = Math.max(...timeline.series.map((s) => s.counts.length), 1);
  const multiDay = bins * timeline.binMs > 86_400_000;
  const labels = Array.from({ length: bins }, (_, i) => clock(timeline.start + i * timeline.binMs, multiDay));
  return stackedBarChart({
    title: `Interactions per ${Math.round(timeline.binMs / 60_000)} min (UTC)`,
    labels,
    labelEvery: Math.max(1, Math.ceil(bins / (multiDay ? 5 : 8))),
    series: timeline.series.map((s) => ({ name: s.name, values: s.counts })),
    width,
    height,
  });
}

/** Flagged clusters per night, stacked by kind. */
export function trendSvg(points: NightPoint[], width = 680, height = 220): string {
  const kinds = [...new Set(points.flatMap((p) => Object.keys(p.by_kind)))].sort();
  return stackedBarChart({
    title: `Flagged clusters per night, last ${points.length} nights`,
    labels: points.map((p) => p.date.slice(5)),
    labelEvery: Math.max(1, Math.ceil(points.length / 8)),
    series: kinds.map((kind) => ({ name: kind, values: points.map((p) => p.by_kind[kind] ?? 0) })),
    width,
    height,
  });
}

/** The cluster's graph: accounts as dots sized by activity, who acted on whom as lines, a legend. */
export function graphSvg(picture: GraphPicture, width = 680, height = 440): string {
  const pad = 24;
  const legendH = 24;
  const plotW = width - 2 * pad;
  const plotH = height - 2 * pad - legendH;
  const maxActions = Math.max(1, ...picture.nodes.map((n) => n.actions));
  const maxWeight = Math.max(1, ...picture.edges.map((e) => e.weight));
  const px = (node: GraphNode) => (pad + node.x * plotW).toFixed(1);
  const py = (node: GraphNode) => (pad + node.y * plotH).toFixed(1);
  const radius = (node: GraphNode) => (3 + 7 * Math.sqrt(node.actions / maxActions)).toFixed(1);
  const edges = picture.edges.map((edge) => {
    const [a, b] = [picture.nodes[edge.source]!, picture.nodes[edge.target]!];
    return `<line x1="${px(a)}" y1="${py(a)}" x2="${px(b)}" y2="${py(b)}" stroke="#999" stroke-opacity="0.5" stroke-width="${(0.5 + (2 * edge.weight) / maxWeight).toFixed(2)}"/>`;
  });
  // Targets last, so they sit on top, labelled.
  const order = [...picture.nodes].sort((a, b) => Number(a.role === 'target') - Number(b.role === 'target'));
  const nodes = order.map(
    (node) =>
      `<circle cx="${px(node)}" cy="${py(node)}" r="${radius(node)}" fill="${COLORS[node.role]}" stroke="#fff" stroke-width="0.8"><title>${escapeXml(`${node.id} (${ROLE_LABELS[node.role]}, ${node.actions} interactions)`)}</title></circle>` +
      (node.role === 'target' || node.role === 'instigator'
        ? `<text x="${px(node)}" y="${(Number(py(node)) - 12).toFixed(1)}" text-anchor="middle">${escapeXml(node.id)}</text>`
        : ''),
  );
  const roles = (Object.keys(ROLE_LABELS) as GraphNode['role'][]).filter((role) =>
    picture.nodes.some((n) => n.role === role),
  );
  const note = picture.omitted ? ` (${picture.omitted} less active accounts not drawn)` : '';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="sans-serif" font-size="11" role="img" aria-label="Graph of the cluster">`,
    `<rect width="${width}" height="${height}" fill="#fcfcfc" stroke="#eee"/>`,
    ...edges,
    ...nodes,
    legend(
      roles.map((role) => ({ label: ROLE_LABELS[role], color: COLORS[role]! })),
      pad,
      height - 10,
    ),
    `<text x="${width - pad}" y="${height - 10}" text-anchor="end" fill="#666">dot size: interactions; line: who acted on whom${escapeXml(note)}</text>`,
    '</svg>',
  ].join('');
}
