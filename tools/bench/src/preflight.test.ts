import { describe, expect, it } from 'vitest';
import { missingPrerequisites, type Probe } from './preflight.js';

const builds = ['apps/db-api/dist/main.js', 'apps/counter/dist/main.js'];

function probe(missing: string[]): Probe {
  return {
    exists: (file) => !missing.includes(file),
    hasCommand: (command) => !missing.includes(command),
    hasPythonModule: (module) => !missing.includes(module),
  };
}

describe('missingPrerequisites', () => {
  it('finds nothing missing when builds, programs and Python modules are there', () => {
    expect(missingPrerequisites(probe([]), builds, '/usr/bin/python3')).toEqual([]);
  });

  it('asks for npm run build and names the missing builds', () => {
    expect(missingPrerequisites(probe(['apps/counter/dist/main.js']), builds, '/usr/bin/python3')).toEqual([
      'Build first: npm run build (missing apps/counter/dist/main.js)',
    ]);
  });

  it('names each missing program and Python module with its Debian package, once each', () => {
    const [problem] = missingPrerequisites(
      probe(['wrk', 'pgbench', 'psql', 'gunicorn', 'flask_compress']),
      builds,
      '/usr/bin/python3',
    );
    expect(problem).toContain(
      'Missing wrk, pgbench, psql, /usr/bin/python3 module gunicorn, /usr/bin/python3 module flask_compress',
    );
    expect(problem).toContain('apt-get install wrk postgresql-client gunicorn python3-flask-compress ');
  });

  it('asks for python3 itself when the seed interpreter is missing', () => {
    const [problem] = missingPrerequisites(probe(['/usr/bin/python3']), builds, '/usr/bin/python3');
    expect(problem).toContain('apt-get install python3 ');
  });
});
