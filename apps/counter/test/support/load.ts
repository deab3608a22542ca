// Concurrent GET / load for the counting tests.
import { performance } from 'node:perf_hooks';

export interface Answer {
  status: number;
  body: string;
  ms: number;
}

/** One request, failing (instead of hanging) past `timeoutMs`. */
export async function get(url: string, accept = 'text/plain', timeoutMs = 5_000): Promise<Answer> {
  const started = performance.now();
  const response = await fetch(url, { headers: { accept }, signal: AbortSignal.timeout(timeoutMs) });
  const body = await response.text();
  return { status: response.status, body, ms: performance.now() - started };
}

/** `total` requests from `concurrency` clients, spread round-robin over `urls`. */
export async function hammer(urls: readonly string[], total: number, concurrency: number): Promise<Answer[]> {
  const answers: Answer[] = [];
  let next = 0;
  const client = async (): Promise<void> => {
    for (let index = next++; index < total; index = next++) {
      answers.push(await get(urls[index % urls.length]!));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  return answers;
}

/** The N of every `Hits: N` answer. */
export function hitsOf(answers: readonly Answer[]): number[] {
  return answers
    .filter((answer) => answer.status === 200)
    .map((answer) => Number(/^Hits: (\d+)$/.exec(answer.body)?.[1]));
}
