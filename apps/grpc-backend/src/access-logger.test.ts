import { describe, expect, it } from 'vitest';
import { captureLogger } from '../test/support/capture-logger.js';
import { accessLogger } from './access-logger.js';

describe('accessLogger', () => {
  it('still redacts secrets at the top level and in request headers', () => {
    const captured = captureLogger('info');
    const logger = accessLogger(captured.logger);
    logger.info(
      { authorization: 'Bearer s3cret', token: 't0ken', req: { headers: { authorization: 'Bearer x' } } },
      'line',
    );
    const [line] = captured.lines();
    expect(line).toMatchObject({
      authorization: '[REDACTED]',
      token: '[REDACTED]',
      req: { headers: { authorization: '[REDACTED]' } },
      'service.name': 'grpc-backend',
    });
    expect(JSON.stringify(captured.lines())).not.toMatch(/s3cret|t0ken/);
  });
});
