/** A program the suite runs, and the Debian package that has it. */
export const requiredCommands: readonly { command: string; debian: string; for: string }[] = [
  { command: 'wrk', debian: 'wrk', for: 'HTTP load' },
  { command: 'pgbench', debian: 'postgresql-client', for: "db-api's bar floor" },
  { command: 'psql', debian: 'postgresql-client', for: 'creating the benchmark database' },
  { command: 'redis-server', debian: 'redis-server', for: 'a private Redis' },
  { command: 'redis-cli', debian: 'redis-tools', for: 'probing it' },
  { command: 'redis-benchmark', debian: 'redis-tools', for: "the counter's Redis row" },
];

/** Python modules the seed's Flask apps import, and their Debian packages (with gunicorn itself). */
export const requiredPythonModules: readonly { module: string; debian: string }[] = [
  { module: 'gunicorn', debian: 'gunicorn' },
  { module: 'flask', debian: 'python3-flask' },
  { module: 'flask_compress', debian: 'python3-flask-compress' },
  { module: 'redis', debian: 'python3-redis' },
];

export interface Probe {
  /** Whether a file exists (the apps' builds). */
  exists(file: string): boolean;
  /** Whether a program is on PATH. */
  hasCommand(command: string): boolean;
  /** Whether the seed's Python can import a module. */
  hasPythonModule(module: string): boolean;
}

/** What is missing before a run, as sentences naming the fix; empty when all is there. */
export function missingPrerequisites(probe: Probe, builds: readonly string[], python: string): string[] {
  const problems: string[] = [];
  const unbuilt = builds.filter((file) => !probe.exists(file));
  if (unbuilt.length > 0) {
    problems.push(`Build first: npm run build (missing ${unbuilt.join(', ')})`);
  }
  const packages = new Set<string>();
  const missing: string[] = [];
  for (const { command, debian } of requiredCommands) {
    if (!probe.hasCommand(command)) {
      missing.push(command);
      packages.add(debian);
    }
  }
  if (!probe.hasCommand(python)) {
    missing.push(python);
    packages.add('python3');
  } else {
    for (const { module, debian } of requiredPythonModules) {
      if (!probe.hasPythonModule(module)) {
        missing.push(`${python} module ${module}`);
        packages.add(debian);
      }
    }
  }
  if (missing.length > 0) {
    problems.push(
      `Missing ${missing.join(', ')}; on Debian: apt-get install ${[...packages].join(' ')} ` +
        '(or bash scripts/ensure-services.sh, which installs them)',
    );
  }
  return problems;
}
