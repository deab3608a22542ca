import { redisSettingsShape } from '@platform/redis';
import { z } from '@platform/settings';

const keyPart = z
  .string()
  .max(100)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits, _ . : or -');

/** The counter's own settings, on top of the platform's: Redis (see @platform/redis) and its key (see README). */
export const counterSettingsShape = {
  ...redisSettingsShape,
  /** Several counters share one Redis under different namespaces. */
  COUNTER_NAMESPACE: keyPart.default('counter'),
  COUNTER_KEY: keyPart.default('hits'),
} as const;

export type CounterSettingsShape = typeof counterSettingsShape;
type Parsed = z.infer<z.ZodObject<CounterSettingsShape>>;
export type CounterSettings = Readonly<Parsed>;

/** The Redis key the counter increments: `<namespace>:<key>`. */
export function counterKeyFrom(settings: Pick<CounterSettings, 'COUNTER_NAMESPACE' | 'COUNTER_KEY'>): string {
  return `${settings.COUNTER_NAMESPACE}:${settings.COUNTER_KEY}`;
}
