import { readFileSync } from 'node:fs';

/** USER_HZ: the unit of utime/stime in /proc/<pid>/stat on Linux. */
const ticksPerSecond = 100;

/** A process and all its descendants (node:cluster or gunicorn workers), from /proc; gone ones skipped. */
export function processTree(pid: number): number[] {
  const found: number[] = [];
  const visit = (id: number): void => {
    found.push(id);
    let children = '';
    try {
      children = readFileSync(`/proc/${id}/task/${id}/children`, 'utf8').trim();
    } catch {
      return;
    }
    for (const child of children ? children.split(' ') : []) visit(Number(child));
  };
  visit(pid);
  return found;
}

/** CPU time (user + system, seconds) a process tree has used so far. */
export function cpuSeconds(pid: number): number {
  let ticks = 0;
  for (const id of processTree(pid)) {
    try {
      const stat = readFileSync(`/proc/${id}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // exited in between
    }
  }
  return ticks / ticksPerSecond;
}

/** Resident memory (VmRSS, KiB) of a process tree. */
export function rssKiB(pid: number): number {
  let total = 0;
  for (const id of processTree(pid)) {
    try {
      const status = readFileSync(`/proc/${id}/status`, 'utf8');
      total += Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
    } catch {
      // exited in between
    }
  }
  return total;
}
