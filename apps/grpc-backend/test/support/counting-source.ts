import { setTimeout as sleep } from 'node:timers/promises';
import type { Item } from '@platform/api-proto';
import { buildItems, itemsUpTo, type ItemSource } from '../../src/items.js';

export interface CountingSource extends ItemSource {
  /** Items the server has taken from the source so far. */
  pulled: () => number;
  /** Resolves when the server has closed the source (finished, cancelled or failed). */
  closed: Promise<void>;
}

/** The real items, counting how many the server pulls and noticing when it lets go. */
export function countingSource(): CountingSource {
  let pulled = 0;
  let onClosed = (): void => {};
  const closed = new Promise<void>((resolve) => (onClosed = resolve));
  return {
    pulled: () => pulled,
    closed,
    all: buildItems,
    *stream(length: number): Generator<Item> {
      try {
        for (const item of itemsUpTo(length)) {
          pulled += 1;
          yield item;
        }
      } finally {
        onClosed();
      }
    },
  };
}

/** A store that answers after `delayMs`, for deadlines. */
export function slowSource(delayMs: number): ItemSource {
  return {
    all: async (length) => {
      await sleep(delayMs);
      return buildItems(length);
    },
    async *stream(length) {
      for (const item of itemsUpTo(length)) {
        await sleep(delayMs);
        yield item;
      }
    },
  };
}
