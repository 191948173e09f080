import { readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { INPUT_FORMATS } from '../../shared/contract/index.ts';
import type { NightDate } from './dates.ts';

/** The partition directory of a date: `root/date=YYYY-MM-DD`. */
export function partitionDir(eventsRoot: string, date: NightDate): string {
  return join(eventsRoot, `date=${date}`);
}

/** Every accepted events file of a date's partition (recursively, in name order); none when it is absent. */
export async function partitionFiles(eventsRoot: string, date: NightDate): Promise<string[]> {
  const dir = partitionDir(eventsRoot, date);
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.') && extname(entry.name) in INPUT_FORMATS)
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}
