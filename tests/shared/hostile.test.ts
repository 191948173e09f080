import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from 'obscenity';
import { describe, expect, it } from 'vitest';
import { createHostileLexicon } from '../../shared/text/hostile.ts';

const lexicon = createHostileLexicon();

/** The masked characters of a text, as the explorer and reports show them. */
function masked(text: string): string[] {
  const spans = lexicon.spans(text);
  const parts: string[] = [];
  for (let i = 0; i < spans.length; i += 2) parts.push(text.slice(spans[i], spans[i + 1]));
  return parts;
}

describe('the shared hostile lexicon', () => {
  it('finds swear words, leet-speak and harassment idioms, in several languages', () => {
    expect(masked('you are such a loser, kill yourself')).toEqual(['loser', 'kill yourself']);
    expect(masked('sh1t video')).toEqual(['sh1t']);
    expect(masked('cala a boca, palhaço')).toEqual(['cala a boca', 'palhaço']);
    expect(masked('dasar goblok')).toEqual(['goblok']);
    expect(masked('tam bir gerizekalı')).toEqual(['gerizekalı']);
    expect(masked('eres una mierda, hijo de puta')).toEqual(['mierda', 'hijo de puta']);
    expect(masked('du Arschloch!')).toEqual(['Arschloch']);
    // Scripts beyond Latin: Cyrillic words, and Chinese written without spaces.
    expect(masked('ты 5хит!')).toEqual(['5хит']);
    expect(masked('你是5小时1小时吗')).toEqual(['5小时1小时']);
  });

  it('leaves friendly text and ordinary words of other languages alone', () => {
    for (const text of [
      'que lindo 😍',
      'tu devrais t’excuser',
      'mais oui, bravo',
      'love this!!',
      'no way, amazing',
    ])
      expect(lexicon.spans(text), text).toEqual([]);
  });

  it('says a text is hostile exactly when it can place a term in it, so a mask never misses what the detector counted', () => {
    const texts = [
      'you are such a loser',
      'NINGUÉM GOSTA DE VOCÊ 🤡',
      'bangsat lu',
      'siktir git',
      'great video, thanks',
      'this is a fraud',
      'delete your account now',
      'hola amigos',
      'scheiße',
    ];
    for (const text of texts) expect(lexicon.test(text), text).toBe(lexicon.spans(text).length > 0);
  });

  it("misses none of obscenity's own matches (the lexicon skips obscenity when none of its patterns can match)", () => {
    const english = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
    // Confusables, leet-speak, repeated letters, astral neighbours, word boundaries, whitelisted words.
    const hostile = ['ＦＵＣＫ this', 'fuuuuck', 'a$$hole', 'c0ck', 'what a b1tch', '😀fuck😀', 'BASTARD'];
    const friendly = ['assassin', 'the pen is mightier', 'grape juice', 'cocktail hour'];
    for (const text of hostile) expect(english.hasMatch(text), text).toBe(true);
    for (const text of [...hostile, ...friendly]) {
      const spans = lexicon.spans(text);
      for (const match of english.getAllMatches(text)) {
        const covered = spans.some(
          (start, i) => i % 2 === 0 && start <= match.startIndex && match.endIndex < spans[i + 1]!,
        );
        expect(covered, text).toBe(true);
      }
      if (english.hasMatch(text)) expect(lexicon.test(text), text).toBe(true);
    }
  });
});
