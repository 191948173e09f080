import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { runSummary } from '../../explorer/server/runs/detail.ts';
import { outputError } from '../runtime/errors.ts';
import type { Logger } from '../runtime/log.ts';
import { custodyManifest, runCustody, sha256File } from './custody.ts';
import { DEFAULT_GRAPH_PICTURE } from './graph-picture.ts';
import { clusterReportHtml, nightReportHtml } from './html.ts';
import { caseOf, type OpenedRun, openRun, readRepeatActors, readTrend, reportDetail } from './load.ts';
import { clusterReport, nightReport } from './model.ts';
import { htmlToPdf } from './pdf.ts';
import { clusterReportJson, nightReportJson, writeClusterCsv } from './tabular.ts';
import type { ClusterReport, CustodyEntry, NightReport, ReportFormat } from './types.ts';

export { type OpenedRun, openedRun, openRun } from './load.ts';
export * from './types.ts';

export interface ReportOptions {
  /** The run directory. */
  run: string;
  /** Clusters to report on; none: the night summary. */
  clusters?: string[];
  format: ReportFormat;
  out: string;
  /** Where the pseudonym key lives (the explorer's --runs); defaults to the run's parent directory. */
  runsRoot?: string;
  log?: Logger;
}

export interface ReportResult {
  out: string;
  sha256: string;
  /** `sha256sum -c` manifest of the report and every file it was made from, beside the report. */
  custody: string;
}

const CLUSTER_REPORT = { maxMembers: 15, maxComments: 8, picture: DEFAULT_GRAPH_PICTURE };

export type BuiltReport =
  | { kind: 'cluster'; reports: ClusterReport[] }
  | { kind: 'night'; night: NightReport };

/** The content of a report on an opened run: cluster reports, or the night summary without clusters. */
export async function buildReport(
  opened: OpenedRun,
  clusters: readonly string[] = [],
): Promise<{ built: BuiltReport; custody: CustodyEntry[] }> {
  const custody = await runCustody(opened.run.dir, opened.run.manifest);
  const track = (id: string) => opened.tracks.get(id) ?? null;
  if (clusters.length) {
    const reports = clusters.map((id) =>
      clusterReport(reportDetail(opened, id), track(id), caseOf(opened, id), {
        date: opened.date,
        ...CLUSTER_REPORT,
      }),
    );
    return { built: { kind: 'cluster', reports }, custody };
  }
  const details = opened.run.clusters.ids.map((id) => ({
    detail: reportDetail(opened, id),
    track: track(id),
  }));
  const night = nightReport(
    runSummary(opened.run),
    opened.date,
    details,
    await readRepeatActors(opened, 20),
    await readTrend(opened),
  );
  return { built: { kind: 'night', night }, custody };
}

export function reportHtml(built: BuiltReport, custody: CustodyEntry[]): string {
  return built.kind === 'cluster'
    ? clusterReportHtml(built.reports, custody)
    : nightReportHtml(built.night, custody);
}

/** Writes a built report in one format to `path`. */
export async function writeFormat(
  path: string,
  format: ReportFormat,
  built: BuiltReport,
  custody: CustodyEntry[],
): Promise<void> {
  switch (format) {
    case 'html':
      return writeFile(path, reportHtml(built, custody));
    case 'pdf':
      return htmlToPdf(reportHtml(built, custody), path);
    case 'json': {
      const json =
        built.kind === 'cluster'
          ? clusterReportJson(built.reports, custody)
          : nightReportJson(built.night, custody);
      return writeFile(path, `${JSON.stringify(json, null, 2)}\n`);
    }
    case 'csv': {
      const rows = built.kind === 'cluster' ? built.reports.map((r) => r.row) : built.night.clusters;
      const run = built.kind === 'cluster' ? built.reports[0]!.run : built.night.run;
      return writeClusterCsv(path, rows, run.signals);
    }
  }
}

/**
 * Writes a report to `out` (replacing it only once complete) and its chain-of-custody manifest to
 * `out.sha256`.
 */
export async function writeReport(options: ReportOptions): Promise<ReportResult> {
  const out = resolve(options.out);
  const existing = await stat(out).catch(() => null);
  if (existing?.isDirectory()) throw outputError(options.out, 'is a directory; --out takes a file path');
  const { built, custody } = await buildReport(
    await openRun(options.run, options.runsRoot),
    options.clusters,
  );
  const tmp = join(dirname(out), `.${basename(out)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await mkdir(dirname(out), { recursive: true });
  } catch (error) {
    throw outputError(options.out, `cannot be written (${(error as Error).message})`, error);
  }
  try {
    await writeFormat(tmp, options.format, built, custody);
    await rename(tmp, out);
  } finally {
    await rm(tmp, { force: true });
  }
  const info = await stat(out);
  const sha256 = await sha256File(out);
  const custodyPath = `${out}.sha256`;
  await writeFile(
    custodyPath,
    custodyManifest(custody, { role: 'report', path: out, bytes: info.size, sha256 }),
  );
  options.log?.info({ out, format: options.format, sha256, bytes: info.size }, `report written: ${out}`);
  return { out, sha256, custody: custodyPath };
}
