import type { EvidenceItem } from '../../../shared/api.ts';

export interface EvidenceRow {
  label: string;
  description: string;
  value: number | null;
  /** "≥ 3" or "≤ 60": the side of the threshold that counts as evidence. */
  rule: string;
  passes: boolean;
  /** Where the value sits on a 0..1 gauge whose middle is the threshold. */
  gauge: number;
  weight: number;
}

/** Each signal beside its threshold, the ones that count first, then by weight. */
export function evidenceRows(items: EvidenceItem[]): EvidenceRow[] {
  return items
    .map((item): EvidenceRow => {
      const ratio = item.value === null || item.threshold === 0 ? 0 : item.value / item.threshold;
      const toward = item.direction === 'above' ? ratio : ratio === 0 ? 2 : 1 / ratio;
      return {
        label: item.label,
        description: item.description,
        value: item.value,
        rule: `${item.direction === 'above' ? '≥' : '≤'} ${item.threshold}`,
        passes: item.passes,
        gauge: item.value === null ? 0 : Math.min(1, Math.max(0, toward / 2)),
        weight: item.weight,
      };
    })
    .sort((a, b) => Number(b.passes) - Number(a.passes) || b.weight - a.weight);
}
