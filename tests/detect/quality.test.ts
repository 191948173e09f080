import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateWorld } from '../../jobs/generate/index.ts';
import { runCli } from '../helpers/cli.ts';
import { scoreRun, worldInputs } from './truth.ts';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'swarmscope-detect-quality-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Generated worlds with planted pile-ons, a brigade and six benign look-alikes, at the default thresholds. */
describe.each([1, 2])('detection quality on generated world %i', (seed) => {
  it('finds the planted attacks, flags mostly attackers, and no benign look-alike', async () => {
    const world = join(dir, `world-${seed}`);
    await generateWorld({ seed, events: 200_000, out: world });
    const out = join(dir, `run-${seed}`);
    const result = await runCli(['detect', ...worldInputs(world), '--out', out, '--threads', '2']);
    expect(result.code, result.stderr.slice(-500)).toBe(0);
    const card = await scoreRun(out, world);
    expect(card.attacks).toBeGreaterThan(0);
    expect(card.found / card.attacks).toBeGreaterThanOrEqual(0.9);
    expect(card.flagged).toBeGreaterThan(0);
    expect(card.mostlyAttackers / card.flagged).toBeGreaterThanOrEqual(0.9);
    expect(card.benignFlagged).toEqual([]);
  });
});
