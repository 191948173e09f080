import { CensorType, Profanity, profaneWords } from '@2toad/profanity';
import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from 'obscenity';

/**
 * Attacks on a person that profanity lists miss (they list swear words, not "nobody likes you"):
 * English idioms, and the commonest insults of Portuguese, Indonesian and Turkish, large short-video
 * markets that @2toad/profanity covers thinly or not at all. Matched as whole words or phrases, any case.
 */
const HARASSMENT_TERMS = [
  'kys',
  'kill yourself',
  'delete your account',
  'nobody likes you',
  'get off the internet',
  'loser',
  'pathetic',
  'clown',
  'garbage human',
  'fraud',
  'idiot',
  'stupid',
  'worthless',
  'disgusting',
  // Portuguese
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
  // Indonesian
  'bangsat',
  'anjing',
  'goblok',
  'tolol',
  'bodoh',
  'penipu',
  'babi',
  // Turkish
  'siktir',
  'aptal',
  'salak',
  'gerizekalı',
  'sahtekar',
  'şerefsiz',
];

/** Ordinary words of other languages that the merged @2toad lists hold ("mais" is French for "but"). */
const COMMON_WORDS = ['mais'];

const LANGUAGES = ['en', 'ar', 'de', 'es', 'fr', 'it', 'hi', 'ja', 'ko', 'pt', 'ru', 'zh'];

/** A mark no comment holds: in a censored copy it shows where each profane word starts. */
const MARK = '\u0000';
const WORD_CHAR = /[\p{L}\p{N}_]/u;

/**
 * Entries that, once the 12 lists are merged, flag ordinary text: Latin-script entries of up to three
 * characters ("t", "no", "a$"; obscenity covers English's short words with proper boundaries) and
 * COMMON_WORDS. Found when "tu devrais t’excuser" read as hostile.
 */
function lexiconCollisions(): string[] {
  const short = /^[\p{Script=Latin}\p{N}\p{P}\p{S}\s]{1,3}$/u;
  const words = new Set<string>(COMMON_WORDS);
  for (const list of profaneWords.values()) for (const word of list) if (short.test(word)) words.add(word);
  return [...words];
}

export interface HostileLexicon {
  /** Whether the text holds a hostile term. */
  test(text: string): boolean;
  /**
   * Where the hostile terms sit, as flat [start, end) pairs of UTF-16 offsets, sorted and merged, so a
   * reader can mask exactly those characters. Non-empty exactly when `test` is true.
   */
  spans(text: string): number[];
}

/**
 * The one hostile-language lexicon of swarmscope, used by the detector (hostile_share) and by the
 * explorer and reports (masking): obscenity (English, leet-speak aware), @2toad/profanity in its 12
 * languages less the collisions, and HARASSMENT_TERMS. A lexicon misses much and trips on banter, which
 * is why hostility only ever counts as a share of a cluster's actors, never alone.
 */
export function createHostileLexicon(): HostileLexicon {
  const english = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
  const multilingual = new Profanity({
    languages: LANGUAGES,
    grawlixChar: MARK,
    unicodeWordBoundaries: true,
  });
  multilingual.removeWords(lexiconCollisions());
  const harassment = new RegExp(
    `(?<![\\p{L}\\p{N}])(?:${HARASSMENT_TERMS.join('|')})(?![\\p{L}\\p{N}])`,
    'iu',
  );
  const harassmentAll = new RegExp(harassment.source, 'giu');

  const removed = new Set(lexiconCollisions());
  const phrases = new Set<string>();
  for (const language of LANGUAGES)
    for (const entry of profaneWords.get(language) ?? [])
      if (!removed.has(entry)) phrases.add(entry.toLowerCase());

  const wordEnd = (text: string, from: number) => {
    let end = from;
    while (end < text.length && WORD_CHAR.test(text[end]!)) end++;
    return end;
  };
  /** The end of the longest lexicon entry (up to four words, "hijo de puta") that starts at `start`. */
  const phraseEnd = (text: string, start: number) => {
    let best = wordEnd(text, start + 1);
    let end = best;
    for (let words = 1; words < 4; words++) {
      let next = end;
      while (next < text.length && !WORD_CHAR.test(text[next]!)) next++;
      if (next >= text.length) break;
      end = wordEnd(text, next);
      if (phrases.has(text.slice(start, end).toLowerCase())) best = end;
    }
    return best;
  };

  function profaneWordSpans(text: string): [number, number][] {
    const censored = multilingual.censor(text, CensorType.FirstChar);
    // Case folding can change a text's length; then the copy no longer lines up and is not used.
    if (censored.length !== text.length) return [];
    const spans: [number, number][] = [];
    for (let start = 0; start < text.length; start++)
      if (censored[start] === MARK && text[start] !== MARK) spans.push([start, phraseEnd(text, start)]);
    return spans;
  }

  return {
    test: (text) => english.hasMatch(text) || multilingual.exists(text) || harassment.test(text),
    spans(text) {
      const spans: [number, number][] = english
        .getAllMatches(text, true)
        .map((match) => [match.startIndex, match.endIndex + 1]);
      spans.push(...profaneWordSpans(text));
      for (const match of text.matchAll(harassmentAll))
        spans.push([match.index, match.index + match[0].length]);
      spans.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      const merged: number[] = [];
      for (const [start, end] of spans) {
        const last = merged.length - 1;
        if (last > 0 && start <= merged[last]!) merged[last] = Math.max(merged[last]!, end);
        else merged.push(start, end);
      }
      // A whole-text match the censor could not place (case folding) still masks the whole text.
      return merged.length === 0 && multilingual.exists(text) ? [0, text.length] : merged;
    },
  };
}
