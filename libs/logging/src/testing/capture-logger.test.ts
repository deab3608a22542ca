import { describe, expect, it } from 'vitest';
import { captureLogger } from '../testing.js';

describe('captureLogger', () => {
  it('keeps every line as a parsed object with the platform fields, oldest first', () => {
    const { logger, entries } = captureLogger({ app: 'orders', environment: 'ci', processId: 'r2' });
    logger.child({ module: 'checkout' }).info({ items: 3 }, 'first');
    logger.warn('second');
    expect(entries()).toHaveLength(2);
    expect(entries()[0]).toMatchObject({
      message: 'first',
      'log.level': 'info',
      'service.name': 'orders',
      'service.environment': 'ci',
      app: 'orders.r2',
      index: 'orders_ci',
      module: 'checkout',
      items: 3,
    });
    expect(entries()[1]).toMatchObject({ message: 'second', 'log.level': 'warn' });
  });

  it('defaults to app and environment "test" at level debug, so debug lines are kept and trace is not', () => {
    const { logger, entries } = captureLogger();
    logger.trace('hidden');
    logger.debug('shown');
    expect(entries()).toEqual([
      expect.objectContaining({ message: 'shown', app: 'test.test', index: 'test_test' }),
    ]);
  });

  it('honours another level', () => {
    const { logger, entries } = captureLogger({ level: 'trace' });
    logger.trace('kept');
    expect(entries().map((entry) => entry['message'])).toEqual(['kept']);
  });

  it('redacts secrets as the production logger does, plus extra paths', () => {
    const { logger, text, entries } = captureLogger({ redact: ['card.number'] });
    logger.info({ password: 'pw-value', card: { number: '4111-1111' } }, 'login');
    expect(text()).not.toContain('pw-value');
    expect(text()).not.toContain('4111-1111');
    expect(entries()[0]).toMatchObject({ password: '[REDACTED]', card: { number: '[REDACTED]' } });
  });

  it('finds the first matching line, and forgets every line on clear', () => {
    const { logger, find, entries, text, clear } = captureLogger();
    logger.info({ step: 1 }, 'a');
    logger.info({ step: 2 }, 'b');
    logger.info({ step: 2 }, 'c');
    expect(find((entry) => entry['step'] === 2)).toMatchObject({ message: 'b' });
    expect(find((entry) => entry['step'] === 3)).toBeUndefined();
    expect(text().trim().split('\n')).toHaveLength(3);
    clear();
    expect(entries()).toEqual([]);
    expect(text()).toBe('');
    logger.info('after');
    expect(entries().map((entry) => entry['message'])).toEqual(['after']);
  });

  it('keeps each captured logger apart', () => {
    const one = captureLogger();
    const two = captureLogger();
    one.logger.info('only in one');
    expect(one.entries()).toHaveLength(1);
    expect(two.entries()).toEqual([]);
  });
});
