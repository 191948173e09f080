import { readFile } from 'node:fs/promises';
import type { SignalSpec } from '../../shared/contract/index.ts';
import { inputError, optionError } from '../runtime/errors.ts';
import { type DetectConfig, SIGNAL_NAMES, type SignalName, type SignalRole } from './types.ts';

export const DETECTOR_VERSION = 'detect-1';

export const DEFAULT_CONFIG: DetectConfig = {
  new_account_days: 7,
  burst_bin_minutes: [10, 60, 360],
  burst_candidate_z: 4,
  burst_min_actors: 8,
  coaction_windows_seconds: [60, 600, 3600],
  coaction_window_weights: [1, 0.5, 0.25],
  coaction_max_neighbors: 8,
  coaction_min_weight: 0.1,
  min_shared_targets: 2,
  louvain_resolution: 1,
  brigade_target_share: 0.3,
  brigade_target_lift: 5,
  brigade_min_targets: 2,
  min_actors: 8,
  instigator_lookback_minutes: 360,
  near_duplicate_jaccard: 0.8,
  near_duplicate_min_authors: 3,
  synchrony_seconds: { follow: 10, like: 10, comment: 60, report: 300, share: 60 },
  flag_score: 0.5,
  repeat_overlap: 0.7,
  signals: {
    burst_z: { threshold: 8, weight: 0.2 },
    new_account_share: { threshold: 0.4, weight: 0.6 },
    outsider_share: { threshold: 0.8, weight: 0.6 },
    instigator_share: { threshold: 0.3, weight: 0.7 },
    near_duplicate_share: { threshold: 0.3, weight: 0.6 },
    hostile_share: { threshold: 0.3, weight: 0.9 },
    report_share: { threshold: 0.15, weight: 0.7 },
    synchrony: { threshold: 0.5, weight: 0.3 },
    self_targeting_share: { threshold: 0.5, weight: 0.9 },
  },
};

/** What each signal means, as clusters.arrow's column and the manifest's `signals` document it. */
export const SIGNAL_DOCS: Record<SignalName, { role: SignalRole; label: string; description: string }> = {
  burst_z: {
    role: 'coordination',
    label: 'Burst strength',
    description:
      'robust z-score (median/MAD over every bin of the input, empty ones included) of the distinct actors per bin on the target, at the bin width that found the burst; for a brigade the highest over its targets during its span',
  },
  new_account_share: {
    role: 'coordination',
    label: 'New accounts',
    description: 'share of the actors whose account was younger than new_account_days at their first action',
  },
  outsider_share: {
    role: 'reach',
    label: 'Outsiders',
    description:
      'share of (actor, target) pairs where the actor neither followed the target nor acted on it before the cluster',
  },
  instigator_share: {
    role: 'coordination',
    label: 'Shared instigator',
    description:
      'share of the other actors who follow, or acted on, the one account that acted on the target in the lookback before the cluster (the call-out), above the share of all accounts that do',
  },
  near_duplicate_share: {
    role: 'coordination',
    label: 'Near-duplicate comments',
    description:
      'share of the comments in a group of near-identical comments (MinHash on character 5-grams, estimated Jaccard ≥ near_duplicate_jaccard) from ≥ near_duplicate_min_authors accounts',
  },
  hostile_share: {
    role: 'harm',
    label: 'Hostile language',
    description:
      "share of the cluster's comments that are hostile (a lexicon term: obscenity, @2toad/profanity in 12 languages, harassment terms in English, Indonesian and Turkish; or a copy in a near-duplicate group a third of whose copies are), above that share among all the input's comments",
  },
  report_share: {
    role: 'harm',
    label: 'Reports',
    description:
      'share of (actor, target) pairs where the actor reported the target or its videos in the cluster',
  },
  synchrony: {
    role: 'coordination',
    label: 'Timing synchrony',
    description:
      "excess share of the actions that another actor repeated on the same object within the type's synchrony window (10 s likes and follows, 60 s comments and shares, 5 min reports), above what the object's own rate explains",
  },
  self_targeting_share: {
    role: 'discount',
    label: 'Reciprocity',
    description:
      'share of (actor, target) pairs where the target acted back on the actor (follow-for-follow rings, mutual fans); lowers the score',
  },
};

export function signalSpecs(config: DetectConfig): SignalSpec[] {
  return SIGNAL_NAMES.map((name) => ({
    column: name,
    label: SIGNAL_DOCS[name].label,
    description: SIGNAL_DOCS[name].description,
    threshold: config.signals[name].threshold,
    direction: 'above',
    weight:
      SIGNAL_DOCS[name].role === 'discount' ? -config.signals[name].weight : config.signals[name].weight,
  }));
}

type Check = (value: unknown) => string | null;

const positive: Check = (v) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? null : 'a number > 0');
const unit: Check = (v) =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1 ? null : 'a number from 0 to 1';
const wholeAtLeast =
  (min: number): Check =>
  (v) =>
    Number.isInteger(v) && (v as number) >= min ? null : `a whole number ≥ ${min}`;
const ascendingPositives: Check = (v) =>
  Array.isArray(v) && v.length > 0 && v.every((x, i) => positive(x) === null && (i === 0 || x > v[i - 1]))
    ? null
    : 'a non-empty list of ascending numbers > 0';

const CHECKS: Record<Exclude<keyof DetectConfig, 'signals' | 'synchrony_seconds'>, Check> = {
  new_account_days: positive,
  burst_bin_minutes: ascendingPositives,
  burst_candidate_z: positive,
  burst_min_actors: wholeAtLeast(2),
  coaction_windows_seconds: ascendingPositives,
  coaction_window_weights: (v) =>
    Array.isArray(v) && v.length > 0 && v.every((x) => unit(x) === null)
      ? null
      : 'a list of numbers from 0 to 1',
  coaction_max_neighbors: wholeAtLeast(1),
  coaction_min_weight: unit,
  min_shared_targets: wholeAtLeast(1),
  louvain_resolution: positive,
  brigade_target_share: unit,
  brigade_target_lift: positive,
  brigade_min_targets: wholeAtLeast(2),
  min_actors: wholeAtLeast(2),
  instigator_lookback_minutes: positive,
  near_duplicate_jaccard: unit,
  near_duplicate_min_authors: wholeAtLeast(2),
  flag_score: unit,
  repeat_overlap: unit,
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(where: string, key: string, problem: string): never {
  throw optionError(`${where} key "${key}"`, problem);
}

/**
 * The defaults with `overrides` merged over them, checked key by key; a bad key fails with a message
 * naming it (`where` says where the overrides came from: "--config FILE" or "config").
 */
export function resolveDetectConfig(overrides: unknown = {}, where = 'config'): DetectConfig {
  if (!isRecord(overrides)) throw optionError(where, 'must be a JSON object');
  const config = structuredClone(DEFAULT_CONFIG);
  for (const [key, value] of Object.entries(overrides)) {
    if (key === 'signals') {
      if (!isRecord(value)) fail(where, key, 'must be an object of signals');
      for (const [name, setting] of Object.entries(value)) {
        if (!(SIGNAL_NAMES as readonly string[]).includes(name))
          fail(where, `signals.${name}`, `is not a signal (known: ${SIGNAL_NAMES.join(', ')})`);
        if (!isRecord(setting)) fail(where, `signals.${name}`, 'must be an object { threshold, weight }');
        const current = config.signals[name as SignalName];
        for (const [field, v] of Object.entries(setting)) {
          if (field !== 'threshold' && field !== 'weight')
            fail(where, `signals.${name}.${field}`, 'is unknown (known: threshold, weight)');
          const problem = field === 'weight' ? unit(v) : positive(v);
          if (problem)
            fail(where, `signals.${name}.${field}`, `must be ${problem}, got ${JSON.stringify(v)}`);
          current[field] = v as number;
        }
      }
    } else if (key === 'synchrony_seconds') {
      if (!isRecord(value)) fail(where, key, 'must be an object of seconds by event type');
      for (const [type, v] of Object.entries(value)) {
        if (!(type in config.synchrony_seconds))
          fail(where, `synchrony_seconds.${type}`, 'is not an event type');
        const problem = positive(v);
        if (problem) fail(where, `synchrony_seconds.${type}`, `must be ${problem}, got ${JSON.stringify(v)}`);
        config.synchrony_seconds[type as keyof DetectConfig['synchrony_seconds']] = v as number;
      }
    } else if (key in CHECKS) {
      const problem = CHECKS[key as keyof typeof CHECKS](value);
      if (problem) fail(where, key, `must be ${problem}, got ${JSON.stringify(value)}`);
      (config as unknown as Record<string, unknown>)[key] = value;
    } else {
      fail(where, key, 'is not a detector setting (see the README, section Detection)');
    }
  }
  if (config.coaction_window_weights.length !== config.coaction_windows_seconds.length)
    fail(where, 'coaction_window_weights', 'must have one weight per coaction_windows_seconds entry');
  return config;
}

/** Reads `--config FILE` (JSON): errors name the file, and the key when one is bad. */
export async function loadDetectConfig(path: string): Promise<Partial<DetectConfig>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw inputError(path, `cannot be read (${(error as Error).message})`, error);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw inputError(path, `is not valid JSON (${(error as Error).message})`, error);
  }
  resolveDetectConfig(parsed, `--config ${path}`);
  return parsed as Partial<DetectConfig>;
}
