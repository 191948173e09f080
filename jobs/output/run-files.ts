import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Table, tableFromIPC } from 'apache-arrow';
import {
  CLUSTER_COLUMNS,
  type ColumnSpec,
  INTERACTION_COLUMNS,
  MEMBER_COLUMNS,
  REJECT_COLUMNS,
  RUN_FILES,
  type RunManifest,
  type TableSpec,
} from '../../shared/contract/index.ts';
import { buildTable, type ColumnValues, writeArrowFile } from '../formats/arrow.ts';
import { writeTableBatches } from '../formats/index.ts';
import { inputError } from '../runtime/errors.ts';

export type Columns = Record<string, ColumnValues>;

/** Everything a run directory holds, as named columns; extra columns follow the contract's. */
export interface RunContent {
  manifest: RunManifest;
  clusters: Columns;
  members: Columns;
  interactions: Columns;
  /** The rejected rows: columns, or batches of them (written one at a time, so any number of rows fits). */
  rejects: Columns | AsyncIterable<Columns>;
  /** Per-member evidence columns beyond MEMBER_COLUMNS, and their meaning. */
  memberExtras?: TableSpec;
  /** Cluster columns beyond CLUSTER_COLUMNS and the signals (such as a nightly run's track_id). */
  clusterExtras?: TableSpec;
}

function signalColumns(manifest: RunManifest): TableSpec {
  return manifest.signals.map(
    (signal): ColumnSpec => ({
      name: signal.column,
      type: 'float64',
      required: true,
      description: signal.description,
    }),
  );
}

/** Writes the run's files into `dir` (a temporary directory of writeRunDirectory). */
export async function writeRunFiles(dir: string, content: RunContent): Promise<void> {
  const clusterSpec = [
    ...CLUSTER_COLUMNS,
    ...signalColumns(content.manifest),
    ...(content.clusterExtras ?? []),
  ];
  await writeArrowFile(join(dir, RUN_FILES.clusters), buildTable(clusterSpec, content.clusters));
  await writeArrowFile(
    join(dir, RUN_FILES.members),
    buildTable([...MEMBER_COLUMNS, ...(content.memberExtras ?? [])], content.members),
  );
  await writeArrowFile(
    join(dir, RUN_FILES.interactions),
    buildTable(INTERACTION_COLUMNS, content.interactions),
  );
  const rejects = content.rejects;
  await writeTableBatches(
    join(dir, RUN_FILES.rejects),
    'arrow',
    REJECT_COLUMNS,
    Symbol.asyncIterator in rejects ? (rejects as AsyncIterable<Columns>) : [rejects as Columns],
  );
  // The manifest goes last: a directory with a manifest is a complete run.
  await writeFile(join(dir, RUN_FILES.manifest), `${JSON.stringify(content.manifest, null, 2)}\n`);
}

export interface RunTables {
  dir: string;
  manifest: RunManifest;
  clusters: Table;
  members: Table;
  interactions: Table;
}

async function readArrow(path: string): Promise<Table> {
  try {
    return tableFromIPC(await readFile(path));
  } catch (error) {
    throw inputError(path, `cannot be read as an Arrow IPC file (${(error as Error).message})`, error);
  }
}

export async function readManifest(dir: string): Promise<RunManifest> {
  const path = join(dir, RUN_FILES.manifest);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw inputError(path, 'is missing: not a run directory', error);
  }
  try {
    return JSON.parse(text) as RunManifest;
  } catch (error) {
    throw inputError(path, `is not valid JSON (${(error as Error).message})`, error);
  }
}

/** Reads a run directory's manifest and the tables the explorer and the reports use. */
export async function readRun(dir: string): Promise<RunTables> {
  const manifest = await readManifest(dir);
  const [clusters, members, interactions] = await Promise.all([
    readArrow(join(dir, RUN_FILES.clusters)),
    readArrow(join(dir, RUN_FILES.members)),
    readArrow(join(dir, RUN_FILES.interactions)),
  ]);
  return { dir, manifest, clusters, members, interactions };
}
