import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearLeftovers, writeRunDirectory } from '../../jobs/output/index.ts';
import { ownerTag } from '../../jobs/runtime/owner.ts';
import { runCli } from '../helpers/cli.ts';

/** The owner tag of a process that has exited: what a killed run's leftovers carry. */
async function goneOwner(): Promise<string> {
  const child = spawn(process.execPath, ['-e', '']);
  await once(child, 'exit');
  return ownerTag().replace(String(process.pid), String(child.pid));
}

async function makeRun(dir: string, content: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'manifest.json'), content);
}

describe('run directories left by killed runs', () => {
  let root: string;
  let gone: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'swarmscope-run-directory-'));
    gone = await goneOwner();
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("removes a gone process's staging directory on the next write, and keeps a live one's", async () => {
    const parent = join(root, 'staging');
    const out = join(parent, 'run');
    await makeRun(join(parent, `.run.tmp-${gone}-0badc0de`), 'half written');
    await makeRun(join(parent, `.run.tmp-${ownerTag()}-0000beef`), 'being written');
    await makeRun(join(parent, `.other.tmp-${gone}-0badc0de`), 'another output');
    await writeRunDirectory(out, (tmp) => writeFile(join(tmp, 'manifest.json'), 'new'));
    expect((await readdir(parent)).sort()).toEqual(
      [`.other.tmp-${gone}-0badc0de`, `.run.tmp-${ownerTag()}-0000beef`, 'run'].sort(),
    );
    expect(await readFile(join(out, 'manifest.json'), 'utf8')).toBe('new');
  });

  it('puts back a previous run that a killed write had moved aside, even when the next write fails', async () => {
    const parent = join(root, 'aside');
    const out = join(parent, 'run');
    await makeRun(join(parent, `.run.old-${gone}-0badc0de`), 'previous good run');
    await makeRun(join(parent, `.run.tmp-${gone}-0badc0de`), 'the killed run');
    await expect(
      writeRunDirectory(out, async () => {
        throw new Error('the input cannot be read');
      }),
    ).rejects.toThrow('the input cannot be read');
    expect(await readdir(parent)).toEqual(['run']);
    expect(await readFile(join(out, 'manifest.json'), 'utf8')).toBe('previous good run');
  });

  it('clears every leftover when asked to (a caller holding a lock on the output)', async () => {
    const parent = join(root, 'locked');
    await makeRun(join(parent, `.run.tmp-${ownerTag()}-0000beef`), 'left by this process');
    expect(await clearLeftovers(join(parent, 'run'))).toEqual([]);
    expect(await clearLeftovers(join(parent, 'run'), { all: true })).toEqual([
      { path: join(parent, `.run.tmp-${ownerTag()}-0000beef`), action: 'removed' },
    ]);
  });

  it('generate, as a user runs it, clears what a killed generate left beside its output', async () => {
    const parent = join(root, 'cli');
    await makeRun(join(parent, `.world.tmp-${gone}-0badc0de`), 'half written');
    const result = await runCli([
      'generate',
      '--seed',
      '3',
      '--events',
      '10000',
      '--out',
      join(parent, 'world'),
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(await readdir(parent)).toEqual(['world']);
  });
});
