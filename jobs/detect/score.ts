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

/**
 * Score in [0, 1] = harm × coordination × (1 − reciprocity discount). Harm (hostile language,
 * reports) and coordination (new accounts, a shared instigator, near-duplicates, synchrony,
 * outsiders, a burst) must both be present: a viral burst, a fandom or a giveaway has coordination
 * without harm; organic criticism has harm without much coordination; follow rings act on each other.
 */
export function scoreCluster(signals: Record<SignalName, number>, config: DetectConfig): number {
  const harm = combine(signals, config, 'harm');
  const coordination = combine(signals, config, 'coordination');
  const discount = combine(signals, config, 'discount');
  return harm * coordination * (1 - discount);
}
