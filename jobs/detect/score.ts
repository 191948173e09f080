import { SIGNAL_DOCS } from './config.ts';
import { type DetectConfig, SIGNAL_NAMES, type SignalName, type SignalRole } from './types.ts';

/** How far a signal goes towards full evidence: value / threshold, capped at 1. */
export function strength(value: number, threshold: number): number {
  return Math.max(0, Math.min(1, value / threshold));
}

/** Noisy-or of the signals of one role: each adds weight × strength of what is still missing. */
function combine(signals: Record<SignalName, number>, config: DetectConfig, role: SignalRole): number {
  let missing = 1;
  for (const name of SIGNAL_NAMES) {
    if (SIGNAL_DOCS[name].role !== role) continue;
    const { threshold, weight } = config.signals[name];
    missing *= 1 - weight * strength(signals[name], threshold);
  }
  return 1 - missing;
}

/** A factor in [1 − weight, 1]: full when the signals of the role are at their thresholds. */
function factor(signals: Record<SignalName, number>, config: DetectConfig, role: SignalRole): number {
  let product = 1;
  for (const name of SIGNAL_NAMES) {
    if (SIGNAL_DOCS[name].role !== role) continue;
    const { threshold, weight } = config.signals[name];
    product *= 1 - weight + weight * strength(signals[name], threshold);
  }
  return product;
}

/**
 * Score in [0, 1] = harm × coordination × reach × (1 − reciprocity discount). Harm (hostile
 * language, reports) and coordination (new accounts, a shared instigator, near-duplicates,
 * synchrony, a burst) must both be present: a viral burst, a giveaway or a LIVE audience has
 * coordination without harm; organic criticism has harm without much coordination. Reach scales
 * coordination by how many actors are strangers to the target (fans swarming their idol are not
 * a pile-on), and follow-for-follow rings, whose targets act back, are discounted.
 */
export function scoreCluster(signals: Record<SignalName, number>, config: DetectConfig): number {
  const harm = combine(signals, config, 'harm');
  const coordination = combine(signals, config, 'coordination');
  const reach = factor(signals, config, 'reach');
  const discount = combine(signals, config, 'discount');
  return harm * coordination * reach * (1 - discount);
}

/**
 * The highest score a cluster could reach given some of its signals, the others taken at full
 * strength (and no discount): below the flag, the costly signals need not be computed.
 */
export function scoreUpperBound(known: Partial<Record<SignalName, number>>, config: DetectConfig): number {
  const best = {} as Record<SignalName, number>;
  for (const name of SIGNAL_NAMES)
    best[name] = known[name] ?? (SIGNAL_DOCS[name].role === 'discount' ? 0 : config.signals[name].threshold);
  return scoreCluster(best, config);
}
