import { Profanity } from '@2toad/profanity';
import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from 'obscenity';
import { describe, expect, it } from 'vitest';
import { LANGUAGES, mutate, PHRASES } from '../../jobs/generate/phrases.ts';
import { Rng } from '../../jobs/generate/rng.ts';

const obscenity = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
const profanity = new Profanity({ languages: ['en', 'es', 'pt', 'fr', 'de'] });
const lexiconKnows = (text: string) => obscenity.hasMatch(text) || profanity.exists(text);

describe('phrase banks', () => {
  it('has every bank in every language', () => {
    for (const lang of LANGUAGES) {
      const bank = PHRASES[lang];
      for (const list of [
        bank.friendly,
        bank.banter,
        bank.hostile,
        bank.callout,
        bank.live,
        bank.fandom,
        bank.giveaway,
      ])
        expect(list.length, lang).toBeGreaterThan(1);
    }
  });

  it('is honest about lexicons: they catch some hostility, miss most of it, and trip on banter', () => {
    const hostile = LANGUAGES.flatMap((lang) => PHRASES[lang].hostile);
    const caught = hostile.filter(lexiconKnows).length;
    expect(caught).toBeGreaterThan(0);
    expect(caught / hostile.length).toBeLessThan(0.5);
    const banter = LANGUAGES.flatMap((lang) => [...PHRASES[lang].banter, ...PHRASES[lang].friendly]);
    expect(banter.filter(lexiconKnows).length).toBeGreaterThan(0);
  });
});

/** Edits (insert, delete, substitute) between two strings. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(
        previous[j]! + 1,
        row[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    previous = row;
  }
  return previous[b.length]!;
}

describe('mutate', () => {
  it('makes near-copies: at most two letter edits once casing, emoji and tails are set aside', () => {
    const rng = new Rng(3);
    const letters = (text: string) =>
      text
        .toLowerCase()
        .replace(/[^\p{L}]/gu, '')
        .replace(/(lol)+$/, '');
    const original = 'nobody likes you, delete your account';
    const copies = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const copy = mutate(rng, original);
      copies.add(copy);
      expect(editDistance(letters(copy), letters(original)), copy).toBeLessThanOrEqual(2);
    }
    expect(copies.size).toBeGreaterThan(20); // varied enough to dodge exact-match filters
  });
});
