import type { Item } from '@platform/api-proto';

/** Items 1..length named "name <i>", one at a time, so a stream holds none it has not sent. */
export function* itemsUpTo(length: number): Generator<Item, void, undefined> {
  for (let id = 1; id <= length; id += 1) yield { id, name: `name ${id}` };
}

/** The same items in one array, for getAll and the REST twin. */
export function buildItems(length: number): Item[] {
  const items = new Array<Item>(length);
  for (let index = 0; index < length; index += 1) items[index] = { id: index + 1, name: `name ${index + 1}` };
  return items;
}

/** Where the items come from: generated here, or a store that answers asynchronously. */
export interface ItemSource {
  stream(length: number): Iterable<Item> | AsyncIterable<Item>;
  all(length: number): Item[] | Promise<Item[]>;
}

export const generatedItems: ItemSource = { stream: itemsUpTo, all: buildItems };
