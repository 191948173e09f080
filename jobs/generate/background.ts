import { eventTypeCode } from '../../shared/contract/index.ts';
import { NO_CONTENT } from './event-batch.ts';
import type { FollowGraph } from './follows.ts';
import { mutate, PHRASES } from './phrases.ts';
import { diurnal, type Population, type PopulationSamplers, REGIONS } from './population.ts';
import { AliasTable, type Rng } from './rng.ts';

const HOUR_MS = 3_600_000;
const FOLLOW = eventTypeCode('follow');
const LIKE = eventTypeCode('like');
const COMMENT = eventTypeCode('comment');
const REPORT = eventTypeCode('report');
const SHARE = eventTypeCode('share');

/** Likes ≫ comments > follows > shares > reports, as on short-video platforms. */
const TYPE_MIX = new AliasTable([0.72, 0.13, 0.085, 0.06, 0.005]);
const TYPE_BY_SLOT = [LIKE, COMMENT, FOLLOW, SHARE, REPORT];

/** One hour of organic events in columns, reused from hour to hour. `video` is NO_CONTENT when content is null. */
export class HourEvents {
  length = 0;
  ts = new Float64Array(0);
  type = new Uint8Array(0);
  actor = new Int32Array(0);
  target = new Int32Array(0);
  video = new Int32Array(0);
  text: Array<string | null> = [];

  reset(length: number): void {
    if (this.ts.length < length) {
      const capacity = Math.ceil(length * 1.25);
      this.ts = new Float64Array(capacity);
      this.type = new Uint8Array(capacity);
      this.actor = new Int32Array(capacity);
      this.target = new Int32Array(capacity);
      this.video = new Int32Array(capacity);
    }
    this.length = length;
    this.text.length = length;
  }
}

/**
 * Organic activity: each hour, as many events as the regions awake at that hour produce; actors by
 * activity; targets mostly among whom the actor follows, else by fame (the For You feed); recent
 * videos draw most attention; comments mostly friendly, sometimes rude banter.
 */
export class Background {
  private readonly regionActivity: Float64Array;

  constructor(
    private readonly rng: Rng,
    private readonly population: Population,
    private readonly samplers: PopulationSamplers,
    private readonly graph: FollowGraph,
  ) {
    this.regionActivity = new Float64Array(REGIONS.length);
    for (let a = 0; a < population.length; a++)
      this.regionActivity[population.region[a] as number]! += population.activity[a] as number;
  }

  private hourWeights(hourStart: number): number[] {
    return REGIONS.map(
      (r, i) => (this.regionActivity[i] as number) * diurnal(hourStart + HOUR_MS / 2, r.utcOffset),
    );
  }

  /** Events per hour for `hours` hours from `start`, summing exactly to `total`. */
  hourlyCounts(start: number, hours: number, total: number): Int32Array {
    const weights = Array.from({ length: hours }, (_, h) =>
      this.hourWeights(start + h * HOUR_MS).reduce((sum, w) => sum + w, 0),
    );
    const sum = weights.reduce((s, w) => s + w, 0);
    const counts = new Int32Array(hours);
    let cumulative = 0;
    let assigned = 0;
    weights.forEach((w, h) => {
      cumulative += w;
      const upTo = Math.round((cumulative / sum) * total);
      counts[h] = upTo - assigned;
      assigned = upTo;
    });
    return counts;
  }

  generateHour(hourStart: number, count: number, out: HourEvents): void {
    const { rng, population, samplers } = this;
    const regions = new AliasTable(this.hourWeights(hourStart));
    out.reset(count);
    for (let i = 0; i < count; i++) out.ts[i] = hourStart + rng.int(HOUR_MS);
    out.ts.subarray(0, count).sort();
    for (let i = 0; i < count; i++) {
      const ts = out.ts[i] as number;
      let actor = -1;
      for (let attempt = 0; attempt < 8 && actor < 0; attempt++) {
        const region = regions.sample(rng);
        const candidate = samplers.actorIndexByRegion[region]![samplers.actorsByRegion[region]!.sample(rng)];
        if (candidate !== undefined && (population.createdAt[candidate] as number) <= ts) actor = candidate;
      }
      if (actor < 0) actor = samplers.creatorIndex[0] as number; // a world's oldest creators always qualify
      const type = TYPE_BY_SLOT[TYPE_MIX.sample(rng)] as number;
      const target = this.pickTarget(actor, type);
      out.actor[i] = actor;
      out.type[i] = type;
      out.target[i] = target;
      out.video[i] =
        type === FOLLOW || (type === REPORT && rng.chance(0.3)) ? NO_CONTENT : this.pickVideo(target);
      out.text[i] = type === COMMENT ? this.comment(actor) : null;
    }
  }

  private pickTarget(actor: number, type: number): number {
    const { rng, samplers, graph, population } = this;
    for (;;) {
      let target: number;
      const from = graph.offsets[actor] as number;
      const followed = (graph.offsets[actor + 1] as number) - from;
      if (type !== FOLLOW && type !== REPORT && followed > 0 && rng.chance(0.7)) {
        target = graph.followees[from + rng.int(followed)] as number;
      } else {
        const own = samplers.creatorsByLang.get(population.lang(actor));
        target =
          own && type !== REPORT && rng.chance(0.65)
            ? (own.index[own.table.sample(rng)] as number)
            : (samplers.creatorIndex[samplers.creators.sample(rng)] as number);
      }
      // Only creators have videos to like, comment on or share; anyone can be followed or reported.
      const needsVideo = type === LIKE || type === COMMENT || type === SHARE;
      if (target !== actor && (!needsVideo || (population.videos[target] as number) > 0)) return target;
    }
  }

  private pickVideo(creator: number): number {
    const videos = this.population.videos[creator] as number;
    return Math.max(0, videos - 1 - Math.floor(this.rng.exponential(2 + videos * 0.05)));
  }

  private comment(actor: number): string {
    const { rng } = this;
    const bank = PHRASES[this.population.lang(actor)];
    const text = rng.chance(0.12) ? rng.pick(bank.banter) : rng.pick(bank.friendly);
    return rng.chance(0.15) ? mutate(rng, text) : text;
  }
}
