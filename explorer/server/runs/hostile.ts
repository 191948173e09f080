import { CensorType, Profanity } from '@2toad/profanity';
import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from 'obscenity';

/**
 * Attacks on a person that profanity lists miss (they list swear words), in English and in
 * Portuguese; matched as whole words, any case.
 */
const HARASSMENT_TERMS = [
  'kill yourself',
  'kys',
  'nobody likes you',
  'delete your account',
  'loser',
  'idiot',
  'pathetic',
  'trash',
  'worthless',
  'clown',
  'disgusting',
  'fraud',
  'stupid',
  'ninguém gosta de você',
  'apaga essa conta',
  'cala a boca',
  'some daqui',
  'lixo',
  'palhaço',
  'fraude',
  'ridículo',
  'idiota',
  'nojo',
];
const harassment = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:${HARASSMENT_TERMS.join('|')})(?![\\p{L}\\p{N}])`,
  'giu',
);
const english = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
/** A mark no comment holds: the censored copy shows where each profane word starts. */
const MARK = '\u0000';
const multilingual = new Profanity({
  languages: ['en', 'ar', 'de', 'es', 'fr', 'it', 'hi', 'ja', 'ko', 'pt', 'ru', 'zh'],
  grawlixChar: MARK,
  unicodeWordBoundaries: true,
});
const WORD_CHAR = /[\p{L}\p{N}_]/u;

function profaneWords(text: string): [number, number][] {
  const censored = multilingual.censor(text, CensorType.FirstChar);
  // Case folding can change a text's length; then the copy no longer lines up and is not used.
  if (censored.length !== text.length) return [];
  const spans: [number, number][] = [];
  for (let start = 0; start < text.length; start++) {
    if (censored[start] !== MARK || text[start] === MARK) continue;
    let end = start + 1;
    while (end < text.length && WORD_CHAR.test(text[end]!)) end++;
    spans.push([start, end]);
  }
  return spans;
}

/**
 * Where hostile terms sit in a comment, as flat [start, end) pairs of UTF-16 offsets, sorted and
 * merged, so that the app can mask exactly those characters until the reviewer reveals them:
 * obscenity (English, leet-speak aware), @2toad/profanity's 12 languages, and HARASSMENT_TERMS.
 */
export function hostileSpans(text: string): number[] {
  const spans: [number, number][] = english
    .getAllMatches(text, true)
    .map((match) => [match.startIndex, match.endIndex + 1]);
  spans.push(...profaneWords(text));
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
