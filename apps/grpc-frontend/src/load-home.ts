import type { ApiClient, ItemOutput } from '@platform/api-client';

/** What the page needs from the backend; tests pass their own. */
export type PageApi = Pick<ApiClient, 'sayHello' | 'getAll' | 'getStream'>;

export interface HomeData {
  greeting: string;
  all: ItemOutput[];
  streamed: ItemOutput[];
}

export interface LoadHomeOptions {
  name: string;
  allLength: number;
  streamLength: number;
  /** One deadline for the whole page: the three calls run at once. */
  deadlineMs: number;
  /** Aborted when the visitor goes away; cancels the calls still open. */
  signal: AbortSignal;
  /** The page request's id, passed on so the backend's log lines join ours. */
  requestId?: string | undefined;
}

async function collect(items: AsyncIterable<ItemOutput>): Promise<ItemOutput[]> {
  const collected: ItemOutput[] = [];
  for await (const item of items) collected.push(item);
  return collected;
}

/** The three calls of the seed's page, in parallel; the first failure cancels the others. */
export async function loadHome(api: PageApi, options: LoadHomeOptions): Promise<HomeData> {
  const { name, allLength, streamLength, deadlineMs, signal, requestId } = options;
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  signal.addEventListener('abort', abort, { once: true });
  const call = { deadlineMs, signal: controller.signal, requestId };
  try {
    const [greeting, all, streamed] = await Promise.all([
      api.sayHello(name, call),
      api.getAll(allLength, call),
      collect(api.getStream(streamLength, call)),
    ]);
    return { greeting, all, streamed };
  } catch (error) {
    controller.abort();
    throw error;
  } finally {
    signal.removeEventListener('abort', abort);
  }
}
