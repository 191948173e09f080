import { type FlagWindow, pileOnCandidates } from './candidates.ts';
import { type EvidenceContext, screenCandidate, weighScreened } from './evidence.ts';
import type { BurstEpisodes, ShardPileOns } from './types.ts';

/**
 * A shard's pile-on candidates, screened and weighed (evidence null: ruled out), as the shard comes
 * in: they need neither the other shards' pairs nor their reach (the call-outs' is counted from the
 * index).
 */
export function shardPileOns(
  ctx: EvidenceContext,
  shard: number,
  episodes: BurstEpisodes,
  window: FlagWindow,
): ShardPileOns {
  const { config } = ctx;
  let started = performance.now();
  const screened = pileOnCandidates(episodes, ctx.index, config, window).map((candidate) => ({
    candidate,
    screened: screenCandidate(ctx, candidate, config.flag_score),
  }));
  const screeningMs = performance.now() - started;
  started = performance.now();
  const pileOns = screened.map(({ candidate, screened }) => ({
    candidate,
    evidence: screened && weighScreened(ctx, screened, config.flag_score),
  }));
  return { shard, pileOns, screeningMs, weighingMs: performance.now() - started };
}
