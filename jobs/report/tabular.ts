import type { SignalSpec, TableSpec } from '../../shared/contract/index.ts';
import { openTableWriter } from '../formats/index.ts';
import type { ClusterReport, ClusterRow, CustodyEntry, NightReport } from './types.ts';

const ROW_COLUMNS: TableSpec = [
  { name: 'cluster_id', type: 'utf8', required: true, description: 'the cluster' },
  { name: 'kind', type: 'utf8', required: true, description: 'pile_on or brigade' },
  { name: 'score', type: 'float64', required: true, description: 'score in [0, 1]' },
  { name: 'band', type: 'utf8', required: true, description: 'high, medium or low' },
  { name: 'first_ts', type: 'timestamp_ms', required: true, description: 'first interaction' },
  { name: 'last_ts', type: 'timestamp_ms', required: true, description: 'last interaction' },
  { name: 'n_actors', type: 'int32', required: true, description: 'accounts that took part' },
  { name: 'n_targets', type: 'int32', required: true, description: 'accounts acted on' },
  { name: 'n_interactions', type: 'int32', required: true, description: 'interactions' },
  {
    name: 'targets',
    type: 'utf8',
    required: true,
    description: 'pseudonyms of the targets, space-separated',
  },
  { name: 'track_id', type: 'utf8', required: false, description: 'track across nights' },
  { name: 'track_status', type: 'utf8', required: false, description: 'new, recurring or escalating' },
  { name: 'nights_seen', type: 'int32', required: false, description: 'nights the track was flagged' },
];

/** The CSV's columns: one row a cluster, then one column a signal (its value). */
export function csvSpec(signals: readonly SignalSpec[]): TableSpec {
  return [
    ...ROW_COLUMNS,
    ...signals.map((s) => ({
      name: s.column,
      type: 'float64' as const,
      required: false,
      description: s.label,
    })),
  ];
}

/** Writes cluster rows as CSV: pseudonyms and numbers only, no text written by the accounts. */
export async function writeClusterCsv(
  path: string,
  rows: ClusterRow[],
  signals: readonly SignalSpec[],
): Promise<void> {
  const spec = csvSpec(signals);
  const writer = await openTableWriter(path, 'csv', spec);
  const columns: Record<string, Array<string | number | null>> = {};
  for (const column of ROW_COLUMNS)
    columns[column.name] = rows.map((row) => {
      const value = row[column.name as keyof ClusterRow];
      return Array.isArray(value) ? value.join(' ') : (value as string | number | null);
    });
  signals.forEach((signal, s) => {
    columns[signal.column] = rows.map((row) => row.evidence[s]?.value ?? null);
  });
  await writer.write(columns);
  await writer.close();
}

/** The JSON export, for transparency reporting: numbers and pseudonyms, without what the accounts wrote. */
export function clusterReportJson(reports: ClusterReport[], custody: CustodyEntry[]): unknown {
  return {
    report: 'cluster',
    run: reports[0]?.run,
    date: reports[0]?.date ?? null,
    clusters: reports.map(({ run: _run, comments, case: found, ...rest }) => ({
      ...rest,
      // Decisions by label and time; who decided and their free-text reasons stay in the HTML/PDF.
      case: found && {
        state: found.state,
        decisions: found.decisions.map(({ at, type, label }) => ({ at, type, label })),
      },
      sample_comments: comments.map(({ text: _text, ...comment }) => comment),
    })),
    custody,
  };
}

export function nightReportJson(night: NightReport, custody: CustodyEntry[]): unknown {
  return { report: 'night', ...night, custody };
}
