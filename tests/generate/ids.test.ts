import { describe, expect, it } from 'vitest';
import { ContentKeys } from '../../jobs/generate/event-batch.ts';
import { IdScheme } from '../../jobs/generate/ids.ts';
import { Rng } from '../../jobs/generate/rng.ts';

describe('content ids and their dictionary keys', () => {
  const ids = new IdScheme(7);

  it('reads back the creator and number of any video id, and nothing from ids of other kinds', () => {
    const rng = new Rng(3);
    for (let i = 0; i < 2000; i++) {
      const creator = rng.int(5_000_000);
      const video = rng.int(2000);
      expect(ids.parseVideo(ids.video(creator, video))).toEqual({ creator, video });
    }
    expect(ids.parseVideo(ids.live(12, 3))).toBeNull();
    expect(ids.parseVideo('vzzzzzzz000')).toBeNull();
  });

  it('keys a video the same whether it came as numbers or as a planted string, and other content apart', () => {
    const keys = new ContentKeys(ids);
    const byNumbers = keys.ofVideo(41, 5, ids.video(41, 5));
    expect(keys.of(ids.video(41, 5))).toBe(byNumbers);
    expect(keys.of(ids.video(41, 6))).not.toBe(byNumbers);
    // A new post numbered past the pre-window range is keyed by its string, consistently.
    const late = ids.video(41, 1500);
    expect(keys.ofVideo(41, 1500, late)).toBe(keys.of(late));
    const live = keys.of(ids.live(41, 1));
    expect(live).toBeLessThan(0);
    expect(keys.of(ids.live(41, 1))).toBe(live);
    expect(keys.of(ids.live(41, 2))).not.toBe(live);
  });
});
