import { type Logger, pino } from 'pino';

export type { Logger };

/**
 * Structured logs (one JSON object a line) on stderr, so that stdout stays free for what `--json`
 * asks for. SWARMSCOPE_LOG_LEVEL=silent quiets them (tests of pure code).
 */
export function createLogger(bindings: Record<string, unknown> = {}): Logger {
  return pino(
    { level: process.env.SWARMSCOPE_LOG_LEVEL ?? 'info', base: { pid: process.pid, ...bindings } },
    pino.destination({ dest: 2, sync: true }),
  );
}

export interface Progress {
  /** Adds to the count done; logs at most once every `intervalMs`. */
  tick(count?: number): void;
  /** Logs the final count, rate and elapsed time, and returns the elapsed milliseconds. */
  done(extra?: Record<string, unknown>): number;
}

/** Progress of one long piece of work: counts and rates, logged on a timer rather than per item. */
export function progress(
  log: Logger,
  stage: string,
  unit: string,
  total?: number,
  intervalMs = 1000,
): Progress {
  const start = performance.now();
  let count = 0;
  let lastLog = start;
  const fields = (now: number) => {
    const seconds = (now - start) / 1000;
    return {
      stage,
      [unit]: count,
      ...(total === undefined ? {} : { total, percent: total ? Math.round((100 * count) / total) : 100 }),
      per_second: seconds > 0 ? Math.round(count / seconds) : 0,
      elapsed_ms: Math.round(now - start),
    };
  };
  return {
    tick(n = 1) {
      count += n;
      const now = performance.now();
      if (now - lastLog >= intervalMs) {
        lastLog = now;
        log.info(fields(now), `${stage}: ${count} ${unit}`);
      }
    },
    done(extra = {}) {
      const now = performance.now();
      log.info({ ...fields(now), ...extra, done: true }, `${stage} done: ${count} ${unit}`);
      return now - start;
    },
  };
}
