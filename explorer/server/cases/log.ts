import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inputError } from '../../../jobs/runtime/errors.ts';
import { stateDir } from '../runs/pseudonym.ts';
import { applyEvent, type Case, type CaseEvent, caseKey, foldCases, NEW_CASE } from './fold.ts';

/**
 * The cases of every run under a root, kept as JSONL (`.swarmscope/cases.jsonl`) that is only ever
 * appended to. Read once; appends are serialised so that two requests cannot interleave lines.
 */
export class CaseLog {
  readonly path: string;
  readonly #root: string;
  #cases: Promise<Map<string, Case>> | undefined;
  #tail: Promise<unknown> = Promise.resolve();

  constructor(runsRoot: string) {
    this.#root = runsRoot;
    this.path = join(stateDir(runsRoot), 'cases.jsonl');
  }

  async get(run: string, cluster: string): Promise<Case> {
    return (await this.#load()).get(caseKey(run, cluster)) ?? NEW_CASE;
  }

  async all(): Promise<Map<string, Case>> {
    return this.#load();
  }

  /** Appends the event, then folds it in; `check` runs on the current case inside the queue. */
  append(event: CaseEvent, check: (current: Case) => string | null): Promise<Case | string> {
    const result = this.#tail.then(async () => {
      const cases = await this.#load();
      const key = caseKey(event.run, event.cluster);
      const current = cases.get(key) ?? NEW_CASE;
      const refused = check(current);
      if (refused) return refused;
      await mkdir(stateDir(this.#root), { recursive: true, mode: 0o700 });
      await appendFile(this.path, `${JSON.stringify(event)}\n`, { mode: 0o600 });
      const next = applyEvent(current, event);
      cases.set(key, next);
      return next;
    });
    this.#tail = result.catch(() => undefined);
    return result;
  }

  #load(): Promise<Map<string, Case>> {
    this.#cases ??= readFile(this.path, 'utf8').then(
      (text) =>
        foldCases(
          text
            .split('\n')
            .filter((line) => line.trim())
            .map((line, i) => {
              try {
                return JSON.parse(line) as CaseEvent;
              } catch (error) {
                throw inputError(this.path, `line ${i + 1} is not valid JSON`, error);
              }
            }),
        ),
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return new Map<string, Case>();
        throw error;
      },
    );
    return this.#cases;
  }
}
