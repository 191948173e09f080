import type { Logger } from '../runtime/log.ts';
import type { NightSummary } from './types.ts';

/** One line a chat webhook (Slack, Mattermost, Teams) shows as is. */
export function summaryText(summary: NightSummary): string {
  if (summary.status === 'failed') return `swarmscope nightly ${summary.date}: FAILED: ${summary.error}`;
  if (summary.status !== 'completed')
    return `swarmscope nightly ${summary.date}: ${summary.status.replace('_', ' ')}`;
  const kinds = Object.entries(summary.by_kind)
    .map(([kind, n]) => `${n} ${kind}`)
    .join(', ');
  const { tracks } = summary;
  return (
    `swarmscope nightly ${summary.date}: ${summary.clusters_flagged} clusters flagged` +
    `${kinds ? ` (${kinds})` : ''}; ${tracks.new} new, ${tracks.recurring} recurring, ` +
    `${tracks.escalating} escalating; ${summary.repeat_actors} repeat actors`
  );
}

/**
 * POSTs the night's summary as JSON to `url`. A webhook that fails is logged, never fatal: the run's
 * output and exit code do not depend on the receiver.
 */
export async function notify(
  url: string,
  summary: NightSummary,
  log: Logger,
  timeoutMs = 10_000,
): Promise<boolean> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        source: 'swarmscope',
        event: 'nightly',
        text: summaryText(summary),
        ...summary,
      }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    log.info({ notify: url, date: summary.date }, 'webhook notified');
    return true;
  } catch (error) {
    log.warn({ notify: url, date: summary.date, err: (error as Error).message }, 'webhook failed');
    return false;
  }
}
