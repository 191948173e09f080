import { profaneWords } from '@2toad/profanity';
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

/** A word, as both the lexicon's entries and the comments are cut into words. */
const WORD = /[\p{L}\p{M}\p{N}_]+/gu;
/** Scripts written without spaces between words: their entries are matched as substrings. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
/** Entries written with symbols ("a$$", "b!tch") would lose them when cut into words: obscenity covers those. */
const SYMBOLS = /[^\p{L}\p{M}\p{N}_\s'’-]/u;
const MAX_PHRASE_WORDS = 4;

function words(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

/**
 * Entries that, once the 12 lists are merged, flag ordinary text: Latin-script entries of up to three
 * characters ("t", "no"; obscenity covers English's short words with proper boundaries), bare
 * numbers (counts and prices are not insults) and COMMON_WORDS. Found when "tu devrais t’excuser" read as hostile.
 */
function isCollision(entry: string): boolean {
  return (
    COMMON_WORDS.includes(entry) ||
    /^[\p{Script=Latin}\p{N}\p{P}\s]{1,3}$/u.test(entry) ||
    /^[\p{N}\s]+$/u.test(entry)
  );
}

/** The merged lists as word sequences ("hijo de puta", "ass fucker") and as unspaced substrings. */
function buildPhrases(): { phrases: Set<string>; unspaced: RegExp | null } {
  const phrases = new Set<string>();
  const unspaced: string[] = [];
  for (const language of LANGUAGES)
    for (const entry of profaneWords.get(language) ?? []) {
      const lower = entry.toLowerCase();
      if (SYMBOLS.test(lower)) continue;
      // Judged as words: the lists hold entries like "- oui".
      const key = words(lower).join(' ');
      if (isCollision(key)) continue;
      if (UNSPACED.test(key)) unspaced.push(key);
      else phrases.add(key);
    }
  for (const term of HARASSMENT_TERMS) phrases.add(words(term).join(' '));
  phrases.delete('');
  unspaced.sort((a, b) => b.length - a.length);
  const escaped = unspaced.map((entry) => entry.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return { phrases, unspaced: escaped.length ? new RegExp(escaped.join('|'), 'g') : null };
}

/** The internals of obscenity 0.4's RegExpMatcher that `englishPrefilter` reads (private in its typings). */
interface MatcherInternals {
  blacklistedTerms: { regExp: RegExp }[];
  blacklistMatcherTransformers: unknown;
  applyTransformers(input: string, transformers: unknown): [number[], string];
}

/**
 * Whether obscenity's matcher could match `text` at all: its ~120 term patterns (literals, optionals,
 * wildcards, word boundaries; no captures) as one alternation over the text it transforms itself, which
 * matches exactly when one of them does. `hasMatch` runs each pattern in turn, ten times the cost, and
 * almost no comment matches any.
 */
function englishPrefilter(matcher: RegExpMatcher): (text: string) => boolean {
  const internals = matcher as unknown as MatcherInternals;
  if (typeof internals.applyTransformers !== 'function' || !Array.isArray(internals.blacklistedTerms))
    throw new Error(
      'obscenity: RegExpMatcher internals changed; update englishPrefilter in shared/text/hostile.ts',
    );
  const anyTerm = new RegExp(
    internals.blacklistedTerms.map((term) => `(?:${term.regExp.source})`).join('|'),
    's',
  );
  return (text) => anyTerm.test(internals.applyTransformers(text, internals.blacklistMatcherTransformers)[1]);
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
 * explorer and reports (masking): obscenity (English, leet-speak aware), @2toad/profanity's lists in
 * its 12 languages less the collisions, and HARASSMENT_TERMS. Comments are cut into words once and
 * looked up in a set, which keeps the detector's pass over millions of comments cheap. A lexicon misses much and trips on banter, which
 * is why hostility only ever counts as a share of a cluster's actors, never alone.
 */
export function createHostileLexicon(): HostileLexicon {
  const english = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
  const mayMatchEnglish = englishPrefilter(english);
  const { phrases, unspaced } = buildPhrases();

  /** Spans of the lexicon's word sequences, longest first at each word; the first one only when `first`. */
  function phraseSpans(text: string, first: boolean): number[] {
    const spans: number[] = [];
    const found = [...text.matchAll(WORD)];
    const lower = found.map((match) => match[0].toLowerCase());
    for (let i = 0; i < found.length; i++) {
      for (let n = Math.min(MAX_PHRASE_WORDS, found.length - i); n >= 1; n--) {
        if (!phrases.has(n === 1 ? lower[i]! : lower.slice(i, i + n).join(' '))) continue;
        const last = found[i + n - 1]!;
        spans.push(found[i]!.index, last.index + last[0].length);
        if (first) return spans;
        i += n - 1;
        break;
      }
    }
    if (unspaced && UNSPACED.test(text))
      for (const match of text.toLowerCase().matchAll(unspaced)) {
        spans.push(match.index, match.index + match[0].length);
        if (first) return spans;
      }
    return spans;
  }

  // The last word of each multi-word entry: only a word among these can end such an entry.
  const lastWords = new Set<string>();
  for (const phrase of phrases)
    if (phrase.includes(' ')) lastWords.add(phrase.slice(phrase.lastIndexOf(' ') + 1));

  /**
   * Whether `phraseSpans(text, true)` finds a span, without the spans: each word looked up alone, and
   * the up to MAX_PHRASE_WORDS words ending with it joined only when it ends an entry.
   */
  function hasPhrase(text: string): boolean {
    const recent: string[] = [];
    for (const match of text.matchAll(WORD)) {
      const word = match[0].toLowerCase();
      if (phrases.has(word)) return true;
      if (lastWords.has(word))
        for (let n = 2; n <= Math.min(MAX_PHRASE_WORDS, recent.length + 1); n++)
          if (phrases.has(`${recent.slice(recent.length - n + 1).join(' ')} ${word}`)) return true;
      recent.push(word);
      if (recent.length === MAX_PHRASE_WORDS) recent.shift();
    }
    return unspaced !== null && UNSPACED.test(text) && text.toLowerCase().search(unspaced) >= 0;
  }

  return {
    test: (text) => (mayMatchEnglish(text) && english.hasMatch(text)) || hasPhrase(text),
    spans(text) {
      const spans: [number, number][] = mayMatchEnglish(text)
        ? english.getAllMatches(text, true).map((match) => [match.startIndex, match.endIndex + 1])
        : [];
      const found = phraseSpans(text, false);
      for (let i = 0; i < found.length; i += 2) spans.push([found[i]!, found[i + 1]!]);
      spans.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      const merged: number[] = [];
      for (const [start, end] of spans) {
        const last = merged.length - 1;
        if (last > 0 && start <= merged[last]!) merged[last] = Math.max(merged[last]!, end);
        else merged.push(start, end);
      }
      return merged;
    },
  };
}
