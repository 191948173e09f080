import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from 'obscenity';

/** Harassment words a profanity list misses; matched as whole words, any case. */
const HARASSMENT_TERMS = [
  'kill yourself',
  'kys',
  'loser',
  'idiot',
  'pathetic',
  'trash',
  'ugly',
  'worthless',
  'clown',
  'disgusting',
  'fraud',
  'stupid',
];
const harassment = new RegExp(`\\b(?:${HARASSMENT_TERMS.join('|')})\\b`, 'giu');
const profanity = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });

/**
 * Where hostile terms sit in a comment, as flat [start, end) pairs of UTF-16 offsets, sorted and
 * merged, so that the app can mask exactly those characters until the reviewer reveals them.
 */
export function hostileSpans(text: string): number[] {
  const spans: [number, number][] = profanity
    .getAllMatches(text, true)
    .map((match) => [match.startIndex, match.endIndex + 1]);
  for (const match of text.matchAll(harassment)) spans.push([match.index, match.index + match[0].length]);
  spans.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: number[] = [];
  for (const [start, end] of spans) {
    const last = merged.length - 1;
    if (last > 0 && start <= merged[last]!) merged[last] = Math.max(merged[last]!, end);
    else merged.push(start, end);
  }
  return merged;
}
