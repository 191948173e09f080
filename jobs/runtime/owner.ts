import { hostname } from 'node:os';

/** Whether process `pid` of this host is still running. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The part of a temporary file's name that tells which process made it, `<pid>@<host>`: a later run
 * can then remove what a killed one left (a kill -9 or the OOM killer runs no clean-up), and never
 * what a running one, here or on another host sharing the folder, still writes.
 */
export function ownerTag(): string {
  return `${process.pid}@${hostname()}`;
}

/** Whether `tag` (an ownerTag) names a process of this host that is gone. */
export function ownerGone(tag: string): boolean {
  const at = tag.indexOf('@');
  const pid = Number(tag.slice(0, at));
  return at > 0 && Number.isInteger(pid) && tag.slice(at + 1) === hostname() && !processAlive(pid);
}
