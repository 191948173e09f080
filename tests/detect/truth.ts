import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Truth, worldFiles } from '../../jobs/generate/index.ts';
import { readRun } from '../../jobs/output/index.ts';

/** The detect command's input options for a generated world (Arrow, single layout). */
export function worldInputs(world: string): string[] {
  const files = worldFiles(world);
  return ['--events', files.events, '--accounts', files.accounts, '--follows', files.follows];
}

export interface Scorecard {
  attacks: number;
  /** Attacks with a flagged cluster holding at least half of their attackers. */
  found: number;
  flagged: number;
  /** Flagged clusters whose actors are mostly planted attackers. */
  mostlyAttackers: number;
  /** Benign look-alikes with a flagged cluster on their targets made mostly of their participants. */
  benignFlagged: string[];
}

/** Compares a run directory with the world's truth.json, as the issue counts. */
export async function scoreRun(runDir: string, worldDir: string): Promise<Scorecard> {
  const truth = JSON.parse(await readFile(join(worldDir, 'truth.json'), 'utf8')) as Truth;
  const run = await readRun(runDir);
  const byCluster = new Map<string, { actors: string[]; targets: string[] }>();
  for (const m of run.members.toArray()) {
    const cluster = byCluster.get(m.cluster_id) ?? { actors: [], targets: [] };
    (m.role === 'actor' ? cluster.actors : cluster.targets).push(m.account_id);
    byCluster.set(m.cluster_id, cluster);
  }
  const clusters = [...byCluster.values()].map((c) => c.actors);
  const overlap = (actors: string[], set: Set<string>) => actors.filter((a) => set.has(a)).length;
  let found = 0;
  for (const attack of truth.attacks) {
    const attackers = new Set(attack.attackers);
    if (clusters.some((actors) => overlap(actors, attackers) >= attackers.size / 2)) found++;
  }
  const allAttackers = new Set(truth.attacks.flatMap((a) => a.attackers));
  // Attackers are ordinary active accounts too (they also like the viral video): a benign look-alike
  // counts as flagged when a flagged cluster acts on its targets and is mostly its participants.
  const benignFlagged = truth.benign
    .filter((b) => {
      const participants = new Set(b.participants);
      return [...byCluster.values()].some(
        (c) =>
          c.targets.some((t) => b.targets.includes(t)) &&
          overlap(c.actors, participants) > c.actors.length / 2,
      );
    })
    .map((b) => b.id);
  return {
    attacks: truth.attacks.length,
    found,
    flagged: clusters.length,
    mostlyAttackers: clusters.filter((actors) => overlap(actors, allAttackers) > actors.length / 2).length,
    benignFlagged,
  };
}
