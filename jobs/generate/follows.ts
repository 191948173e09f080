import type { Population, PopulationSamplers } from './population.ts';
import type { Rng } from './rng.ts';

/** The follow graph before the window, in compressed rows: account a follows `followees[offsets[a] .. offsets[a+1]]`. */
export interface FollowGraph {
  offsets: Int32Array;
  followees: Int32Array;
}

/** Follows a scenario needs (recruits following their instigator) or must not have (attackers following their victim). */
export interface FollowConstraints {
  required: Array<{ follower: number; followee: number }>;
  forbidden: Set<number>;
}

/** One number per (follower, followee) pair; worlds stay far below 2^22 accounts. */
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
  let edges = 0;
  let next = 0;
  const chosen = new Set<number>();
  const push = (followee: number) => {
    if (edges === followees.length) {
      const grown = new Int32Array(edges * 2);
      grown.set(followees);
      followees = grown;
    }
    chosen.add(followee);
    followees[edges++] = followee;
  };
  for (let a = 0; a < population.length; a++) {
    offsets[a] = edges;
    chosen.clear();
    if ((population.activity[a] as number) > 0 && (population.createdAt[a] as number) < windowStart) {
      const own = samplers.creatorsByLang.get(population.lang(a));
      const wanted = Math.min(samplers.creatorIndex.length - 1, Math.round(rng.lognormal(Math.log(9), 0.9)));
      for (let attempt = 0; chosen.size < wanted && attempt < wanted * 3; attempt++) {
        const followee =
          own && rng.chance(0.7)
            ? (own.index[own.table.sample(rng)] as number)
            : (samplers.creatorIndex[samplers.creators.sample(rng)] as number);
        if (followee !== a && !chosen.has(followee) && !constraints.forbidden.has(followKey(a, followee)))
          push(followee);
      }
    }
    for (; next < required.length && required[next]!.follower === a; next++)
      if (!chosen.has(required[next]!.followee)) push(required[next]!.followee);
  }
  offsets[population.length] = edges;
  return { offsets, followees: followees.slice(0, edges) };
}

/**
 * Published follower counts: followers inside the world scaled up for the rest of the platform,
 * plus a few friends and family everyone gathers over the first months (the world's graph only
 * records follows of creators).
 */
export function assignFollowerCounts(
  rng: Rng,
  population: Population,
  graph: FollowGraph,
  windowStart: number,
): void {
  const settled = 90 * 86_400_000;
  const inDegree = new Float64Array(population.length);
  for (const followee of graph.followees) inDegree[followee]! += 1;
  for (let a = 0; a < population.length; a++) {
    const age = windowStart - (population.createdAt[a] as number);
    const friends = Math.floor(rng.lognormal(Math.log(4), 1) * Math.max(0, Math.min(1, age / settled)));
    population.followers[a] =
      Math.round((inDegree[a] as number) * rng.lognormal(Math.log(25), 0.3)) + friends;
  }
}
