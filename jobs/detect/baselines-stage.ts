import { SharedStringsView } from '../ingest/dictionary.ts';
import { createHostilityCheck } from './text.ts';
import type { BaselinesResult, BaselinesTask } from './types.ts';

/** Comments a base rate is estimated from at most: an even stride over the input, so it is deterministic. */
const BASE_RATE_SAMPLE = 20_000;

/**
 * Share of the kept comments (`text` codes ≥ 0 where `keep`) that are hostile, estimated on a
 * sample of BASE_RATE_SAMPLE at an even stride: banter trips lexicons everywhere.
 */
export function hostileBaseRate(
  text: Int32Array,
  keep: Uint8Array,
  isHostile: (code: number) => boolean,
): number {
  let comments = 0;
  for (let i = 0; i < text.length; i++) if (keep[i] && text[i]! >= 0) comments++;
  const stride = Math.max(1, Math.floor(comments / BASE_RATE_SAMPLE));
  let seen = 0;
  let sampled = 0;
  let hostile = 0;
  for (let i = 0; i < text.length; i++) {
    if (!keep[i] || text[i]! < 0 || seen++ % stride !== 0) continue;
    sampled++;
    if (isHostile(text[i]!)) hostile++;
  }
  return sampled ? hostile / sampled : 0;
}

/** The input's baselines on a pool thread (the comments on shared memory), while the main thread partitions. */
export function baselinesStage(task: BaselinesTask): BaselinesResult {
  const started = performance.now();
  const texts = new SharedStringsView(task.texts);
  const lexicon = createHostilityCheck();
  const rate = hostileBaseRate(task.text, task.keep, (code) => lexicon(texts.get(code)));
  return { hostileBaseRate: rate, baselinesMs: performance.now() - started };
}
