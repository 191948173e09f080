import { type ClusterModel, INTERACTION_TYPES } from '../cluster/model.ts';

export function xmlEscape(text: string): string {
  return text.replace(
    /[<>&"']/g,
    (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos' }[c]};`,
  );
}

function rgb(hex: string): string {
  const v = (k: number) => Number.parseInt(hex.slice(k, k + 2), 16);
  return `r="${v(1)}" g="${v(3)}" b="${v(5)}"`;
}

export interface GexfLook {
  positions: Map<string, { x: number; y: number }>;
  colors: string[];
  sizes: ArrayLike<number>;
  edgeColors: Record<string, string>;
}

/**
 * The cluster as GEXF 1.3 (opens in Gephi): accounts with role, age and activity attributes, one
 * edge per (actor, target, type) weighted by its interactions, with the explorer's layout and colours.
 */
export function toGexf(model: ClusterModel, look: GexfLook): string {
  const { nodes, edges } = model;
  const { cluster, run } = model.detail;
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" version="1.3">',
    `  <meta><creator>swarmscope</creator><description>${xmlEscape(`run ${run.id}, cluster ${cluster.cluster_id} (${cluster.kind}, score ${cluster.score})`)}</description></meta>`,
    '  <graph defaultedgetype="directed" mode="static">',
    '    <attributes class="node">',
    '      <attribute id="role" title="role" type="string"/>',
    '      <attribute id="age_days" title="account age (days)" type="double"/>',
    '      <attribute id="followers" title="followers" type="long"/>',
    '      <attribute id="activity" title="interactions" type="integer"/>',
    '      <attribute id="is_new" title="new account" type="boolean"/>',
    '    </attributes>',
    '    <attributes class="edge">',
    '      <attribute id="type" title="interaction type" type="string"/>',
    '      <attribute id="first_ts" title="first interaction" type="string"/>',
    '    </attributes>',
    '    <nodes>',
  ];
  for (let n = 0; n < nodes.key.length; n++) {
    const key = xmlEscape(nodes.key[n]!);
    const p = look.positions.get(nodes.key[n]!) ?? { x: 0, y: 0 };
    const values = [
      `<attvalue for="role" value="${nodes.role[n]}"/>`,
      nodes.ageDays[n] === null ? '' : `<attvalue for="age_days" value="${nodes.ageDays[n]!.toFixed(2)}"/>`,
      nodes.followers[n] === null ? '' : `<attvalue for="followers" value="${nodes.followers[n]}"/>`,
      `<attvalue for="activity" value="${nodes.activity[n]}"/>`,
      `<attvalue for="is_new" value="${nodes.isNew[n]}"/>`,
    ].join('');
    out.push(
      `      <node id="${key}" label="${key}"><attvalues>${values}</attvalues><viz:color ${rgb(look.colors[n]!)}/><viz:size value="${Number(look.sizes[n]).toFixed(1)}"/><viz:position x="${p.x.toFixed(2)}" y="${p.y.toFixed(2)}" z="0"/></node>`,
    );
  }
  out.push('    </nodes>', '    <edges>');
  for (let e = 0; e < edges.source.length; e++) {
    const type = INTERACTION_TYPES[edges.type[e]!]!;
    const weight = edges.timeOffsets[e + 1]! - edges.timeOffsets[e]!;
    const first = new Date(edges.times[edges.timeOffsets[e]!]!).toISOString();
    out.push(
      `      <edge id="${e}" source="${xmlEscape(nodes.key[edges.source[e]!]!)}" target="${xmlEscape(nodes.key[edges.target[e]!]!)}" weight="${weight}" label="${type}"><attvalues><attvalue for="type" value="${type}"/><attvalue for="first_ts" value="${first}"/></attvalues><viz:color ${rgb(look.edgeColors[type]!)}/></edge>`,
    );
  }
  out.push('    </edges>', '  </graph>', '</gexf>', '');
  return out.join('\n');
}
