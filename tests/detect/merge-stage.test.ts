import { describe, expect, it } from 'vitest';
import { joinPairs, mergePairs, PairKeysSeen, splitByKey } from '../../jobs/detect/coaction.ts';
import { coordinationGroups, seededRng } from '../../jobs/detect/graph.ts';
import { createDetectPool } from '../../jobs/detect/pipeline.ts';
import type { MergeResult, PairTable } from '../../jobs/detect/types.ts';

const ACCOUNTS = 200;
const config = { min_shared_targets: 2, louvain_resolution: 1, min_actors: 4 };

/** Shard tables of three crews (each pair of a crew on targets in several tables) and random noise. */
function shardTables(): PairTable[] {
  const rng = seededRng(5);
  const crews = [
    [3, 17, 40, 41, 90],
    [100, 101, 150, 160, 199, 7],
    [60, 61, 62, 63],
  ];
  const byTable = Array.from({ length: 6 }, () => new Map<number, { weight: number; targets: number }>());
  const add = (a: number, b: number, table: number) => {
    const key = Math.min(a, b) * ACCOUNTS + Math.max(a, b);
    const entry = byTable[table]!.get(key) ?? { weight: 0, targets: 0 };
    byTable[table]!.set(key, { weight: entry.weight + 0.5 + rng(), targets: entry.targets + 1 });
  };
  for (const crew of crews)
    for (let i = 0; i < crew.length; i++)
      for (let j = i + 1; j < crew.length; j++)
        for (let k = 0; k < 3; k++) add(crew[i]!, crew[j]!, Math.floor(rng() * byTable.length));
  for (let n = 0; n < 600; n++) {
    const a = Math.floor(rng() * ACCOUNTS);
    const b = Math.floor(rng() * ACCOUNTS);
    if (a !== b) add(a, b, Math.floor(rng() * byTable.length));
  }
  return byTable.map((pairs) => {
    const keys = [...pairs.keys()].sort((a, b) => a - b);
    return {
      key: Float64Array.from(keys),
      weight: Float64Array.from(keys, (k) => pairs.get(k)!.weight),
      targets: Int32Array.from(keys, (k) => pairs.get(k)!.targets),
    };
  });
}

function shareAll(tables: PairTable[]): PairTable[] {
  const shared = <T extends Float64Array | Int32Array>(values: T): T => {
    const copy = new (values.constructor as new (b: SharedArrayBuffer) => T)(
      new SharedArrayBuffer(values.byteLength),
    );
    copy.set(values);
    return copy;
  };
  return tables.map((t) => ({ key: shared(t.key), weight: shared(t.weight), targets: shared(t.targets) }));
}

describe('merge stage', () => {
  it('merges the pairs range by range, inline or on workers, with or without the marks, as in one piece', async () => {
    const tables = shareAll(shardTables());
    const whole = mergePairs(tables, config.min_shared_targets);
    const groups = coordinationGroups(whole, {
      accountCount: ACCOUNTS,
      rng: seededRng(3),
      resolution: config.louvain_resolution,
      minSize: config.min_actors,
    });
    // The crews are found: the merged pairs are worth comparing.
    expect(groups.length).toBeGreaterThanOrEqual(3);
    const seen = PairKeysSeen.forKeys(tables.reduce((n, t) => n + t.key.length, 0));
    for (const t of tables) seen.add(t);
    for (const threads of [1, 2]) {
      const pool = await createDetectPool(threads);
      try {
        for (const parts of [1, 2, 3, 7])
          for (const keysSeen of [null, seen.bitmaps]) {
            const ranges = splitByKey(tables, parts);
            expect(ranges).toHaveLength(parts);
            const merged = await Promise.all(
              ranges.map(
                (range) =>
                  pool.run({
                    stage: 'merge',
                    tables: range,
                    keysSeen,
                    minTargets: config.min_shared_targets,
                  }) as Promise<MergeResult>,
              ),
            );
            expect(joinPairs(merged.map((m) => m.pairs))).toEqual(whole);
          }
      } finally {
        await pool.destroy();
      }
    }
  });
});
