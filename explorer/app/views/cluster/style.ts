import type { InteractionType, NodeRole } from './model.ts';
import { type ClusterModel, INTERACTION_TYPES } from './model.ts';
import type { Encoding } from './state.ts';

export const BACKGROUND = '#11151c';

export const TYPE_COLORS: Record<InteractionType, string> = {
  follow: '#7aa2f7',
  like: '#f7768e',
  comment: '#e0af68',
  report: '#ff5f57',
  share: '#73daca',
};

export const ROLE_COLORS: Record<NodeRole, string> = {
  target: '#f4f4f5',
  instigator: '#ff9e40',
  actor: '#b392f0',
};

const UNKNOWN = '#8a8f98';
const TARGET_MIN_SIZE = 8;
/** Account age: new accounts hot, old ones cool; a year or more is "old". */
const AGE_STOPS: [number, string][] = [
  [0, '#ff4d4f'],
  [7, '#ffb347'],
  [90, '#8fb8de'],
  [365, '#3f6fb5'],
];
const ACTIVITY_STOPS: [number, string][] = [
  [0, '#4b5d7a'],
  [0.5, '#c0a0ff'],
  [1, '#ffe066'],
];

function mix(stops: [number, string][], value: number): string {
  if (value <= stops[0]![0]) return stops[0]![1];
  for (let i = 1; i < stops.length; i++) {
    const [x1, c1] = stops[i]!;
    const [x0, c0] = stops[i - 1]!;
    if (value <= x1) {
      const t = (value - x0) / (x1 - x0);
      const channel = (k: number) =>
        Math.round(
          Number.parseInt(c0.slice(k, k + 2), 16) * (1 - t) + Number.parseInt(c1.slice(k, k + 2), 16) * t,
        )
          .toString(16)
          .padStart(2, '0');
      return `#${channel(1)}${channel(3)}${channel(5)}`;
    }
  }
  return stops[stops.length - 1]![1];
}

/** Colour and size of every node under the chosen encodings (pure: also drawn into exports). */
export function nodeStyles(model: ClusterModel, color: Encoding, size: Encoding) {
  const { nodes } = model;
  const maxActivity = Math.max(1, ...nodes.activity);
  const colors: string[] = [];
  const sizes = new Float32Array(nodes.key.length);
  const small = nodes.key.length > 1500 ? 2 : 3;
  for (let n = 0; n < nodes.key.length; n++) {
    const age = nodes.ageDays[n];
    const activity = Math.sqrt(nodes.activity[n]! / maxActivity);
    colors.push(
      color === 'role'
        ? ROLE_COLORS[nodes.role[n]!]
        : color === 'age'
          ? age === null || age === undefined
            ? UNKNOWN
            : mix(AGE_STOPS, age)
          : mix(ACTIVITY_STOPS, activity),
    );
    const youth = age === null || age === undefined ? 0 : 1 - Math.min(age, 365) / 365;
    const roleSize = nodes.role[n] === 'target' ? 14 : nodes.role[n] === 'instigator' ? 10 : small + 1;
    const encoded = size === 'role' ? roleSize : size === 'age' ? small + 9 * youth : small + 11 * activity;
    // Targets stay findable whatever the encoding: the cluster is about them.
    sizes[n] = nodes.role[n] === 'target' ? Math.max(TARGET_MIN_SIZE, encoded) : encoded;
  }
  return { colors, sizes };
}

export interface LegendEntry {
  label: string;
  color: string;
  shape: 'node' | 'edge';
}

/** What the colours mean under an encoding, node entries first, then the interaction types. */
export function legendEntries(color: Encoding): LegendEntry[] {
  const nodes: LegendEntry[] =
    color === 'role'
      ? (Object.entries(ROLE_COLORS) as [NodeRole, string][]).map(([role, c]) => ({
          label: role,
          color: c,
          shape: 'node',
        }))
      : color === 'age'
        ? [
            { label: 'new (< 1 day)', color: mix(AGE_STOPS, 0), shape: 'node' },
            { label: '1 week', color: mix(AGE_STOPS, 7), shape: 'node' },
            { label: '3 months', color: mix(AGE_STOPS, 90), shape: 'node' },
            { label: '1 year +', color: mix(AGE_STOPS, 365), shape: 'node' },
            { label: 'age unknown', color: UNKNOWN, shape: 'node' },
          ]
        : [
            { label: 'least active', color: mix(ACTIVITY_STOPS, 0), shape: 'node' },
            { label: 'most active', color: mix(ACTIVITY_STOPS, 1), shape: 'node' },
          ];
  const edges = INTERACTION_TYPES.map(
    (type): LegendEntry => ({ label: type, color: TYPE_COLORS[type], shape: 'edge' }),
  );
  return [...nodes, ...edges];
}
