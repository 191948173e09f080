import { formatTimestamp } from '../../shared/contract/index.ts';
import type { PlannedScenario } from './scenarios/index.ts';
import { ROLE, type Script } from './script.ts';
import type { AttackKind, AttackTruth, BenignKind, BenignTruth } from './types.ts';

const ATTACK_KINDS: readonly string[] = ['pile_on', 'brigade'] satisfies AttackKind[];

/**
 * The answer key, read back from the planted events that made it into the window: participants are
 * the accounts that acted on a scenario's targets, and its span is their first to last action.
 */
export function truthOf(
  scenarios: PlannedScenario[],
  script: Script,
  planted: Int32Array,
  accountIds: string[],
): { attacks: AttackTruth[]; benign: BenignTruth[] } {
  const actors = scenarios.map(() => new Set<number>());
  const first = scenarios.map(() => Number.POSITIVE_INFINITY);
  const last = scenarios.map(() => Number.NEGATIVE_INFINITY);
  for (const p of planted) {
    const s = script.scenario[p] as number;
    const scenario = scenarios[s]!;
    if (script.role[p] !== ROLE.participant || !scenario.targets.includes(script.target[p] as number))
      continue;
    const ts = script.ts[p] as number;
    actors[s]!.add(script.actor[p] as number);
    first[s] = Math.min(first[s] as number, ts);
    last[s] = Math.max(last[s] as number, ts);
  }
  const attacks: AttackTruth[] = [];
  const benign: BenignTruth[] = [];
  scenarios.forEach((scenario, s) => {
    const acted = actors[s]!;
    if (acted.size === 0) return;
    const common = {
      id: scenario.id,
      targets: scenario.targets.map((a) => accountIds[a] as string),
      from: formatTimestamp(first[s] as number),
      to: formatTimestamp(last[s] as number),
    };
    const ids = [...acted].map((a) => accountIds[a] as string);
    if (ATTACK_KINDS.includes(scenario.kind))
      attacks.push({
        ...common,
        kind: scenario.kind as AttackKind,
        attackers: ids,
        instigator: scenario.instigator === null ? null : (accountIds[scenario.instigator] as string),
        timing: scenario.timing ?? 'tight',
        new_accounts: scenario.newAccounts.filter((a) => acted.has(a)).map((a) => accountIds[a] as string),
        contents: scenario.contents,
      });
    else benign.push({ ...common, kind: scenario.kind as BenignKind, participants: ids });
  });
  return { attacks, benign };
}
