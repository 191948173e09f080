import type { Population, PopulationSamplers } from './population.ts';
import type { Rng } from './rng.ts';

/** The follow graph before the window, in compressed rows: account a follows `followees[offsets[a] .. offsets[a+1]]`. */
export interface FollowGraph {
  offsets: Int32Array;
  followees: Int32Array;
  since: Float64Array;
}

/** Follows a scenario needs (recruits following their instigator) or must not have (attackers following their victim). */
export interface FollowConstraints {
  required: Array<{ follower: number; followee: number; since: number }>;
  forbidden: Set<number>;
}

export function followKey(follower: number, followee: number): number {
  return follower * 4_194_304 + followee;
}

/**
 * Who follows whom: each organic account follows a lognormal number of creators, chosen by fame,
 * mostly in its own language. Planted accounts follow only what their scenario requires.
 */
export function buildFollowGraph(
  rng: Rng,
  population: Population,
  samplers: PopulationSamplers,
  constraints: FollowConstraints,
  windowStart: number,
): FollowGraph {
  const required = [...constraints.required].sort(
    (a, b) => a.follower - b.follower || a.followee - b.followee,
  );
  const offsets = new Int32Array(population.length + 1);
  let followees = new Int32Array(Math.max(1024, population.length * 16));
  let since = new Float64Array(followees.length);
  let edges = 0;
  let next = 0;
  const chosen = new Set<number>();
  const push = (followee: number, at: number) => {
    if (edges === followees.length) {
      const grownFollowees = new Int32Array(edges * 2);
      grownFollowees.set(followees);
      followees = grownFollowees;
      const grownSince = new Float64Array(edges * 2);
      grownSince.set(since);
      since = grownSince;
    }
    followees[edges] = followee;
    since[edges] = at;
    edges++;
  };
  for (let a = 0; a < population.length; a++) {
    offsets[a] = edges;
    chosen.clear();
    const createdAt = population.createdAt[a] as number;
    if ((population.activity[a] as number) > 0 && createdAt < windowStart) {
      const own = samplers.creatorsByLang.get(population.lang(a));
      const wanted = Math.min(samplers.creatorIndex.length - 1, Math.round(rng.lognormal(Math.log(9), 0.9)));
      for (let attempt = 0; chosen.size < wanted && attempt < wanted * 3; attempt++) {
        const followee =
          own && rng.chance(0.7)
            ? (own.index[own.table.sample(rng)] as number)
            : (samplers.creatorIndex[samplers.creators.sample(rng)] as number);
        if (followee === a || chosen.has(followee) || constraints.forbidden.has(followKey(a, followee)))
          continue;
        chosen.add(followee);
        const from = Math.max(createdAt, population.createdAt[followee] as number);
        push(followee, Math.round(from + rng.float() * (windowStart - from)));
      }
    }
    for (; next < required.length && required[next]!.follower === a; next++) {
      const { followee, since: at } = required[next]!;
      if (chosen.has(followee)) continue;
      chosen.add(followee);
      push(followee, at);
    }
  }
  offsets[population.length] = edges;
  return { offsets, followees: followees.slice(0, edges), since: since.slice(0, edges) };
}

/** Published follower counts: followers inside the world, scaled up for the rest of the platform. */
export function assignFollowerCounts(rng: Rng, population: Population, graph: FollowGraph): void {
  const inDegree = new Float64Array(population.length);
  for (const followee of graph.followees) inDegree[followee] = (inDegree[followee] as number) + 1;
  for (let a = 0; a < population.length; a++)
    population.followers[a] = Math.round((inDegree[a] as number) * rng.lognormal(Math.log(25), 0.3));
}
