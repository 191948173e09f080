import type { OutputFormat } from '../formats/index.ts';
import type { Logger } from '../runtime/log.ts';

export type WorldLayout = 'single' | 'partitioned';
export const WORLD_LAYOUTS: readonly WorldLayout[] = ['single', 'partitioned'];

export interface GenerateOptions {
  seed: number;
  /** Total events written, planted scenarios included. */
  events: number;
  out: string;
  format?: OutputFormat;
  days?: number;
  /** First day (UTC), YYYY-MM-DD. Default: the day that makes the last day DEFAULT_LAST_DAY. */
  start?: string;
  layout?: WorldLayout;
  log?: Logger;
}

export type AttackKind = 'pile_on' | 'brigade';
export type BenignKind = 'viral' | 'fandom' | 'live' | 'giveaway' | 'follow_ring' | 'criticism';

export interface AttackTruth {
  id: string;
  kind: AttackKind;
  targets: string[];
  attackers: string[];
  instigator: string | null;
  /** First and last attacker interaction with a target (ISO-8601). */
  from: string;
  to: string;
  timing: 'tight' | 'staggered';
  /** Attackers whose account was created for the attack, days before it. */
  new_accounts: string[];
  /** The content (video) the attack flooded, per target. */
  contents: string[];
}

export interface BenignTruth {
  id: string;
  kind: BenignKind;
  targets: string[];
  participants: string[];
  from: string;
  to: string;
}

/** What was planted in a world: the answer key detectors are tested against. */
export interface Truth {
  seed: number;
  events: number;
  start: string;
  end: string;
  format: OutputFormat;
  layout: WorldLayout;
  days: number;
  accounts: number;
  follows: number;
  attacks: AttackTruth[];
  benign: BenignTruth[];
}
