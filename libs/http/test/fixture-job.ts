// A minimal job started by run-job.test.ts in a child process; its first argument says what to do.
import { z } from '@platform/settings';
import { runJob, UsageError } from '../src/index.js';

await runJob({
  app: 'fixture-job',
  root: import.meta.dirname,
  shape: { GREETING: z.string().min(1) },
  run: async ({ settings, logger, args, signal }) => {
    const [mode] = args;
    logger.info({ mode }, 'job started');
    if (mode === 'print') process.stdout.write(`${settings.GREETING}\n`);
    if (mode === 'fail') throw new Error('it broke');
    if (mode === 'usage') throw new UsageError('usage: fixture-job print|fail|usage|wait');
    if (mode === 'wait') {
      // Waits for the first signal with a timer open, and leaves it open: the job still ends.
      setInterval(() => undefined, 1_000);
      await new Promise((resolve) => signal.addEventListener('abort', resolve));
      return 3;
    }
    return undefined;
  },
});
