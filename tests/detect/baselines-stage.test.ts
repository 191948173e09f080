import { describe, expect, it } from 'vitest';
import { baselinesStage, hostileBaseRate } from '../../jobs/detect/baselines-stage.ts';
import { createDetectPool } from '../../jobs/detect/pipeline.ts';
import { createHostilityCheck } from '../../jobs/detect/text.ts';
import type { BaselinesResult } from '../../jobs/detect/types.ts';
import { StringColumnBuilder } from '../../jobs/ingest/dictionary.ts';
import { onSharedMemory } from '../../jobs/runtime/shared-memory.ts';

/** 400 events: every other one a comment, one comment in four hostile; rows 300 on left out. */
function input() {
  const texts = new StringColumnBuilder(true);
  const text = new Int32Array(400).fill(-1);
  for (let row = 0; row < 400; row += 2)
    text[row] = texts.push(row % 8 === 0 ? `you stupid idiot number ${row}` : `lovely video number ${row}`);
  const keep = Uint8Array.from({ length: 400 }, (_, row) => (row < 300 ? 1 : 0));
  return { texts, text, keep };
}

describe('baselines', () => {
  it('measures the share of the kept comments that are hostile', () => {
    const { texts, text, keep } = input();
    const lexicon = createHostilityCheck();
    // 150 kept comments (a stride of 1 under the sample's size), 38 of them hostile.
    expect(hostileBaseRate(text, keep, (code) => lexicon(texts.get(code)))).toBeCloseTo(38 / 150, 12);
  });

  it('measures the same on a pool thread, reading the comments in place', async () => {
    const { texts, text, keep } = input();
    const lexicon = createHostilityCheck();
    const here = hostileBaseRate(text, keep, (code) => lexicon(texts.get(code)));
    const task = {
      stage: 'baselines',
      text: onSharedMemory(text),
      keep: onSharedMemory(keep),
      texts: texts.sharedView(),
    } as const;
    expect(baselinesStage(task).hostileBaseRate).toBe(here);
    const pool = await createDetectPool(2);
    try {
      const there = (await pool.run(task)) as BaselinesResult;
      expect(there.hostileBaseRate).toBe(here);
      expect(task.texts.bytes.buffer).toBeInstanceOf(SharedArrayBuffer);
    } finally {
      await pool.destroy();
    }
  });
});
