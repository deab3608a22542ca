import { counter } from '@platform/metrics';

const hits = counter({
  name: 'counter_hits_total',
  help: 'Hits counted (GET / answered with the new count)',
});

/** One hit counted. */
export function countHit(): void {
  hits.inc();
}
