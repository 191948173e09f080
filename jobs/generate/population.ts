import { LANGUAGES, type Language } from './phrases.ts';
import { AliasTable, type Rng } from './rng.ts';

const DAY_MS = 86_400_000;

/** Where accounts live: the country sets the language and, through the UTC offset, the daily rhythm. */
export const REGIONS = [
  { country: 'US', lang: 'en', utcOffset: -6, share: 0.16 },
  { country: 'GB', lang: 'en', utcOffset: 0, share: 0.05 },
  { country: 'PH', lang: 'en', utcOffset: 8, share: 0.05 },
  { country: 'NG', lang: 'en', utcOffset: 1, share: 0.04 },
  { country: 'IN', lang: 'en', utcOffset: 5.5, share: 0.05 },
  { country: 'MX', lang: 'es', utcOffset: -6, share: 0.08 },
  { country: 'ES', lang: 'es', utcOffset: 1, share: 0.04 },
  { country: 'CO', lang: 'es', utcOffset: -5, share: 0.04 },
  { country: 'BR', lang: 'pt', utcOffset: -3, share: 0.13 },
  { country: 'PT', lang: 'pt', utcOffset: 0, share: 0.02 },
  { country: 'ID', lang: 'id', utcOffset: 7, share: 0.15 },
  { country: 'TR', lang: 'tr', utcOffset: 3, share: 0.1 },
  { country: 'FR', lang: 'fr', utcOffset: 1, share: 0.09 },
] as const satisfies ReadonlyArray<{ country: string; lang: Language; utcOffset: number; share: number }>;

/** Relative activity by local hour: asleep at 4 am, peak in the evening. */
const DIURNAL = [
  0.42, 0.3, 0.2, 0.14, 0.11, 0.12, 0.19, 0.3, 0.4, 0.46, 0.5, 0.55, 0.6, 0.6, 0.58, 0.6, 0.66, 0.75, 0.86,
  0.95, 1, 0.98, 0.85, 0.62,
];

export function diurnal(utcMs: number, utcOffset: number): number {
  const localHours = utcMs / 3_600_000 + utcOffset;
  const hour = Math.floor(((localHours % 24) + 24) % 24);
  const weekday = new Date(utcMs + utcOffset * 3_600_000).getUTCDay();
  return (DIURNAL[hour] as number) * (weekday === 0 || weekday === 6 ? 1.12 : 1);
}

/**
 * The accounts of a world as parallel typed arrays (index = account number). Accounts planted for
 * attacks are appended after the organic ones, so the arrays have spare capacity.
 */
export class Population {
  length = 0;
  readonly createdAt: Float64Array;
  readonly region: Uint8Array;
  /** How often the account acts (heavy-tailed); 0 for accounts that act only in a planted scenario. */
  readonly activity: Float64Array;
  /** How much attention the account's videos draw (Zipf over creators, 0 for non-creators). */
  readonly fame: Float64Array;
  /** Videos posted before the window: content ids are `0 .. videos-1` of the creator. */
  readonly videos: Uint16Array;
  /** Follower count published in accounts (set once the follow graph is known). */
  readonly followers: Float64Array;

  constructor(readonly capacity: number) {
    this.createdAt = new Float64Array(capacity);
    this.region = new Uint8Array(capacity);
    this.activity = new Float64Array(capacity);
    this.fame = new Float64Array(capacity);
    this.videos = new Uint16Array(capacity);
    this.followers = new Float64Array(capacity);
  }

  lang(account: number): Language {
    return REGIONS[this.region[account] as number]!.lang;
  }

  /** A scenario's extra account (e.g. one created days before a pile-on): acts only where planted. */
  add(createdAt: number, region: number): number {
    if (this.length >= this.capacity) throw new Error('Population capacity exceeded');
    const index = this.length++;
    this.createdAt[index] = createdAt;
    this.region[index] = region;
    return index;
  }
}

export interface PopulationSamplers {
  /** Actors of each region, weighted by activity. */
  actorsByRegion: AliasTable[];
  actorIndexByRegion: Int32Array[];
  /** Creators weighted by fame: the For You feed. */
  creators: AliasTable;
  creatorIndex: Int32Array;
  /** Creators of each language, weighted by fame. */
  creatorsByLang: Map<Language, { table: AliasTable; index: Int32Array }>;
  /** Creators sorted by fame, most famous first (to pick "a mid-size creator", "a public figure"). */
  byFame: Int32Array;
}

/**
 * Organic accounts: creation dates spread over years (plus a trickle of recent sign-ups), a
 * lognormal activity, and Zipf fame over the ~45 % of accounts that post videos.
 */
export function createPopulation(
  rng: Rng,
  organic: number,
  reserve: number,
  windowStart: number,
): Population {
  const population = new Population(organic + reserve);
  const regionTable = new AliasTable(REGIONS.map((r) => r.share));
  const creatorRanks: number[] = [];
  for (let i = 0; i < organic; i++) {
    const recent = rng.chance(0.02);
    const ageDays = recent ? rng.float() * 30 - 3 : 30 + rng.float() ** 1.6 * 6 * 365;
    const index = population.add(
      Math.round(windowStart - ageDays * DAY_MS - rng.int(DAY_MS)),
      regionTable.sample(rng),
    );
    population.activity[index] = rng.lognormal(0, 1.3);
    if (rng.chance(0.45)) creatorRanks.push(index);
  }
  rng.shuffle(creatorRanks);
  creatorRanks.forEach((index, rank) => {
    const fame = 1 / (rank + 1) ** 1.05;
    population.fame[index] = fame;
    // Famous creators post more; everyone who posts has at least one video.
    population.videos[index] = Math.min(
      999,
      1 + Math.floor(rng.lognormal(2.2, 0.9) * (1 + 20 * fame ** 0.3)),
    );
    population.activity[index] = (population.activity[index] as number) * 1.3;
  });
  return population;
}

export function createSamplers(population: Population): PopulationSamplers {
  const actorIndexByRegion = REGIONS.map(() => [] as number[]);
  const creators: number[] = [];
  for (let i = 0; i < population.length; i++) {
    if ((population.activity[i] as number) > 0) actorIndexByRegion[population.region[i] as number]!.push(i);
    if ((population.fame[i] as number) > 0) creators.push(i);
  }
  const creatorIndex = Int32Array.from(creators);
  const byLang = new Map<Language, { table: AliasTable; index: Int32Array }>();
  for (const lang of LANGUAGES) {
    const index = creatorIndex.filter((c) => population.lang(c) === lang);
    if (index.length > 0)
      byLang.set(lang, {
        table: new AliasTable(Array.from(index, (c) => population.fame[c] as number)),
        index,
      });
  }
  return {
    actorsByRegion: actorIndexByRegion.map(
      (ids) => new AliasTable(ids.length ? ids.map((i) => population.activity[i] as number) : [1]),
    ),
    actorIndexByRegion: actorIndexByRegion.map((ids) => Int32Array.from(ids)),
    creators: new AliasTable(Array.from(creatorIndex, (c) => population.fame[c] as number)),
    creatorIndex,
    creatorsByLang: byLang,
    byFame: creatorIndex
      .slice()
      .sort((a, b) => (population.fame[b] as number) - (population.fame[a] as number)),
  };
}
