import type { EvidenceItem } from '../../explorer/shared/api.ts';
import { escapeXml as esc, graphSvg, timelineSvg, trendSvg } from './svg.ts';
import type { ClusterReport, ClusterRow, CustodyEntry, NightReport } from './types.ts';

/** The report's only style sheet (inline, so the file stands alone); the explorer allows it by its hash. */
export const REPORT_STYLE = `
body { font-family: system-ui, sans-serif; color: #222; margin: 24px auto; max-width: 760px; font-size: 13px; line-height: 1.45; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 24px 0 8px; border-bottom: 1px solid #ddd; }
h2 { break-after: avoid-page; }
.meta { color: #555; } .kind { font-weight: bold; text-transform: uppercase; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; } th, td { text-align: left; padding: 3px 6px; border-bottom: 1px solid #eee; vertical-align: top; }
th { background: #f4f4f4; } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.pass { color: #b3261e; font-weight: bold; } .fail { color: #777; }
.figures { display: flex; gap: 16px; flex-wrap: wrap; } .figure { background: #f6f6f6; padding: 6px 10px; border-radius: 4px; }
.figure b { display: block; font-size: 16px; }
blockquote { margin: 4px 0; padding: 4px 8px; border-left: 3px solid #f28e2b; background: #fff8f0; }
.hash { font-family: ui-monospace, monospace; font-size: 10px; word-break: break-all; }
section.cluster { page-break-before: always; } section.cluster:first-of-type { page-break-before: auto; }
svg { max-width: 100%; height: auto; }
.keep { break-inside: avoid; } td.time { white-space: nowrap; }
`;

function time(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A heading and what it introduces, kept on one page when printed. */
function block(title: string, content: string): string {
  return `<div class="keep"><h2>${esc(title)}</h2>${content}</div>`;
}

export function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  return `${Math.round(minutes / 1440)} days`;
}

function num(value: number | null, digits = 2): string {
  if (value === null || Number.isNaN(value)) return '–';
  return Number.isInteger(value) ? String(value) : value.toFixed(digits);
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${REPORT_STYLE}</style></head><body>${body}</body></html>\n`;
}

function runLine(run: ClusterReport['run'], date: string | null): string {
  return `<p class="meta">Run ${esc(run.run_id)}${date ? ` · night of ${esc(date)}` : ''} · detector ${esc(run.detector_version)} · finished ${esc(run.finished_at)}</p>`;
}

function evidenceTable(evidence: EvidenceItem[]): string {
  const rows = evidence.map(
    (e) =>
      `<tr><td>${esc(e.label)}<br><small class="meta">${esc(e.description)}</small></td><td class="num">${num(e.value)}</td><td class="num">${e.direction === 'above' ? '≥' : '≤'} ${num(e.threshold)}</td><td class="num">${num(e.weight)}</td><td class="${e.passes ? 'pass' : 'fail'}">${e.passes ? 'evidence' : 'below threshold'}</td></tr>`,
  );
  return `<table><thead><tr><th>Signal</th><th class="num">Value</th><th class="num">Threshold</th><th class="num">Weight</th><th>Reading</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function custodyTable(custody: CustodyEntry[]): string {
  const rows = custody.map(
    (c) =>
      `<tr><td>${esc(c.role.replace('_', ' '))}</td><td>${esc(c.path)}</td><td class="num">${c.bytes}</td><td class="hash">${c.sha256}</td></tr>`,
  );
  return `<h2>Chain of custody</h2><p class="meta">SHA-256 of every file this report was made from.</p><table><thead><tr><th>Role</th><th>File</th><th class="num">Bytes</th><th>SHA-256</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function trackLine(report: ClusterReport): string {
  const track = report.track;
  if (!track) return '';
  const previous = track.previous_date
    ? `, last seen on ${esc(track.previous_date)} as ${esc(track.previous_cluster_id ?? '')} (actor overlap ${num(track.overlap)})`
    : '';
  return `<p><b>Track ${esc(track.track_id)}</b>: ${esc(track.status)}, flagged on ${track.nights_seen} night(s) since ${esc(track.first_date)}${previous}.</p>`;
}

function whatHappened(report: ClusterReport): string {
  const { row } = report;
  const types = Object.entries(report.by_type)
    .sort((a, b) => b[1] - a[1])
    .map(([type, n]) => `${n} ${type}${n === 1 ? '' : 's'}`)
    .join(', ');
  const targets = report.targets.map((t) => t.account).slice(0, 5);
  return `<p>${row.n_actors} accounts made ${row.n_interactions} interactions (${esc(types)}) against ${row.n_targets} target(s) (${esc(targets.join(', '))}${row.n_targets > targets.length ? ', …' : ''}) over ${duration(row.last_ts - row.first_ts)}, from ${time(row.first_ts)} to ${time(row.last_ts)}.</p><p><b>Why flagged:</b> ${esc(row.why_flagged)}</p>`;
}

function membersTable(report: ClusterReport): string {
  const rows = report.top_members.map(
    (m) =>
      `<tr><td>${esc(m.account)}</td><td>${m.instigator ? 'instigator' : esc(m.role)}</td><td class="num">${m.n_actions}</td><td class="time">${time(m.first_ts)}</td><td>${m.is_new ? 'yes' : ''}</td><td>${m.is_outsider ? 'yes' : ''}</td><td>${esc(m.role_evidence ?? '')}</td></tr>`,
  );
  return `<table><thead><tr><th>Account</th><th>Role</th><th class="num">Interactions</th><th>First</th><th>New</th><th>Outsider</th><th>Evidence</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function commentsBlock(report: ClusterReport): string {
  if (!report.comments.length) return '<p class="meta">No comments in this cluster.</p>';
  const items = report.comments.map(
    (c) =>
      `<blockquote>${esc(c.text)}<br><small class="meta">${esc(c.author)} → ${esc(c.target)}, ${time(c.ts)}${c.duplicate_group !== null ? ` · near-duplicate group ${c.duplicate_group}` : ''}${c.hostile ? ' · hostile terms masked' : ''}</small></blockquote>`,
  );
  return `<p class="meta">${report.comments.length} of ${report.n_comments} comments; hostile terms masked.</p>${items.join('')}`;
}

function caseBlock(report: ClusterReport): string {
  const found = report.case;
  if (!found) return '';
  const rows = found.decisions.map(
    (d) =>
      `<tr><td class="time">${esc(d.at.slice(0, 16).replace('T', ' '))} UTC</td><td>${esc(d.by)}</td><td>${d.type === 'decide' ? esc((d.label ?? '').replaceAll('_', ' ')) : 'reopened'}</td><td>${esc(d.reason)}</td></tr>`,
  );
  const table = rows.length
    ? `<table><thead><tr><th>When</th><th>Who</th><th>Decision</th><th>Reason</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
    : '<p class="meta">No decision yet.</p>';
  const assignee = found.assignee ? `, assigned to ${esc(found.assignee)}` : '';
  return block('Case and decisions', `<p>Case ${esc(found.state.replace('_', ' '))}${assignee}.</p>${table}`);
}

function clusterSection(report: ClusterReport): string {
  const { row } = report;
  const figures = [
    ['score', `${num(row.score)} (${row.band})`],
    ['actors', String(row.n_actors)],
    ['targets', String(row.n_targets)],
    ['interactions', String(row.n_interactions)],
    ['span', duration(row.last_ts - row.first_ts)],
  ]
    .map(([label, value]) => `<div class="figure">${esc(label!)}<b>${esc(value!)}</b></div>`)
    .join('');
  const targets = report.targets
    .map((t) => `<tr><td>${esc(t.account)}</td><td class="num">${t.n_actions}</td></tr>`)
    .join('');
  return `<section class="cluster" id="cluster-${esc(row.cluster_id)}">
<h1><span class="kind">${esc(row.kind.replace('_', '-'))}</span> · cluster ${esc(row.cluster_id)}</h1>
${runLine(report.run, report.date)}
<div class="figures">${figures}</div>
${trackLine(report)}
<h2>What happened</h2>${whatHappened(report)}
${caseBlock(report)}
<h2>Targets</h2><table><thead><tr><th>Account</th><th class="num">Interactions received</th></tr></thead><tbody>${targets}</tbody></table>
${block('Evidence', evidenceTable(report.row.evidence))}
${block('Timeline', timelineSvg(report.timeline))}
${block('Graph', graphSvg(report.graph))}
<h2>Top members</h2>${membersTable(report)}
<h2>Sample comments</h2>${commentsBlock(report)}
</section>`;
}

/** One or more cluster reports in one self-contained HTML document (inline SVG, no external asset). */
export function clusterReportHtml(reports: ClusterReport[], custody: CustodyEntry[]): string {
  const title = `swarmscope cluster report: ${reports.map((r) => r.row.cluster_id).join(', ')}`;
  return page(title, `${reports.map(clusterSection).join('\n')}\n${custodyTable(custody)}`);
}

function clusterList(rows: ClusterRow[]): string {
  const body = rows
    .map(
      (r) =>
        `<tr><td>${esc(r.cluster_id)}</td><td>${esc(r.kind)}</td><td class="num">${num(r.score)}</td><td>${r.band}</td><td>${esc(r.track_status ?? '–')}</td><td class="num">${r.n_actors}</td><td>${esc(r.targets.slice(0, 3).join(', '))}${r.targets.length > 3 ? ', …' : ''}</td><td class="time">${time(r.first_ts)}</td></tr>`,
    )
    .join('');
  return `<table><thead><tr><th>Cluster</th><th>Kind</th><th class="num">Score</th><th>Band</th><th>Track</th><th class="num">Actors</th><th>Targets</th><th>Start</th></tr></thead><tbody>${body}</tbody></table>`;
}

function comparison(night: NightReport): string {
  const earlier = night.trend.filter((p) => p.date !== night.date && p.status !== 'missing').slice(-7);
  if (!earlier.length) return '<p class="meta">No earlier nights to compare with.</p>';
  const total = (p: { by_kind: Record<string, number> }) =>
    Object.values(p.by_kind).reduce((a, b) => a + b, 0);
  const mean = earlier.reduce((sum, p) => sum + total(p), 0) / earlier.length;
  return `<p>${night.clusters.length} clusters flagged tonight against a mean of ${num(mean, 1)} over the ${earlier.length} night(s) before.</p>`;
}

/** The night summary: clusters by kind and band, new vs recurring, top targets, repeat actors, trend. */
export function nightReportHtml(night: NightReport, custody: CustodyEntry[]): string {
  const bands = Object.entries(night.by_kind)
    .map(
      ([kind, b]) =>
        `<tr><td>${esc(kind)}</td><td class="num">${b.high}</td><td class="num">${b.medium}</td><td class="num">${b.low}</td><td class="num">${b.high + b.medium + b.low}</td></tr>`,
    )
    .join('');
  const tracks = ['new', 'recurring', 'escalating']
    .map((s) => `<div class="figure">${s}<b>${night.tracks[s] ?? 0}</b></div>`)
    .join('');
  const targets = night.top_targets
    .map(
      (t) =>
        `<tr><td>${esc(t.account)}</td><td class="num">${t.clusters}</td><td class="num">${t.interactions}</td></tr>`,
    )
    .join('');
  const repeats = night.repeat_actors
    .map(
      (a) =>
        `<tr><td>${esc(a.account)}</td><td class="num">${a.nights}</td><td>${esc(a.first_date)}</td></tr>`,
    )
    .join('');
  const body = `<h1>Night summary${night.date ? ` · ${esc(night.date)}` : ''}</h1>
${runLine(night.run, night.date)}
<div class="figures"><div class="figure">flagged<b>${night.clusters.length}</b></div>${tracks}<div class="figure">events read<b>${night.run.counts.events_read}</b></div></div>
<h2>Flagged clusters by kind and score band</h2>
<table><thead><tr><th>Kind</th><th class="num">High (≥ 0.8)</th><th class="num">Medium (≥ 0.6)</th><th class="num">Low</th><th class="num">Total</th></tr></thead><tbody>${bands}</tbody></table>
${block('Compared with earlier nights', comparison(night) + trendSvg(night.trend))}
<h2>Top targets</h2><table><thead><tr><th>Account</th><th class="num">Clusters</th><th class="num">Interactions received</th></tr></thead><tbody>${targets}</tbody></table>
<h2>Repeat actors</h2>${repeats ? `<table><thead><tr><th>Account</th><th class="num">Nights flagged</th><th>First night</th></tr></thead><tbody>${repeats}</tbody></table>` : '<p class="meta">None.</p>'}
<h2>Clusters</h2>${clusterList(night.clusters)}
${custodyTable(custody)}`;
  return page(`swarmscope night summary ${night.date ?? night.run.run_id}`, body);
}
