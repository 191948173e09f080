import { plantBrigade, plantPileOn } from './attacks.ts';
import {
  plantCriticism,
  plantFandom,
  plantFollowRing,
  plantGiveaway,
  plantLive,
  plantViral,
} from './benign.ts';
import type { ScenarioContext } from './context.ts';

export type { PlannedScenario, ScenarioContext } from './context.ts';

/**
 * Plants every scenario of a world. Counts grow with the square root of the world's size, so the
 * default world (200k events) has two pile-ons (one tight, one staggered), a brigade and one of each
 * look-alike, and a 10M-event world a dozen-odd of each.
 */
export function plantScenarios(ctx: ScenarioContext, scale: number): void {
  const instances = Math.max(1, Math.round(Math.sqrt(scale)));
  for (let i = 0; i < Math.max(2, 2 * instances); i++) plantPileOn(ctx, i % 2 === 0 ? 'tight' : 'staggered');
  for (let i = 0; i < instances; i++) plantBrigade(ctx, ctx.rng.chance(0.5) ? 'tight' : 'staggered');
  for (let i = 0; i < instances; i++) {
    plantViral(ctx);
    plantFandom(ctx);
    plantLive(ctx);
    plantGiveaway(ctx);
    plantFollowRing(ctx);
    plantCriticism(ctx);
  }
}
