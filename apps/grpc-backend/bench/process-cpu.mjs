// CPU time a process has used so far (user + system), from /proc: a measure of the work a
// server does per call that other load on a shared machine barely disturbs.
import { readFileSync } from 'node:fs';

const ticksPerSecond = 100; // USER_HZ on Linux

export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of the line (utime, stime), counted after the command name.
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}
