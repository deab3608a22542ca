import type { ItemOutput } from '@platform/api-client';
import { html } from './html.js';
import { pageLayout } from './page-layout.js';

export interface HomePageData {
  /** sayHello(name) */
  greeting: string;
  name: string;
  /** getAll(allLength) */
  all: readonly ItemOutput[];
  allLength: number;
  /** getStream(streamLength) */
  streamed: readonly ItemOutput[];
  streamLength: number;
  /** Where the data came from and how long it took, for the footer. */
  backend: string;
  elapsedMs: number;
}

function itemList(items: readonly ItemOutput[]): ReturnType<typeof html> {
  return html`<ol>
    ${items.map((item) => html`<li value="${item.id}">${item.name}</li>`)}
  </ol>`;
}

/** The seed's page: the greeting, the items of getAll and those of getStream. */
export function renderHomePage(data: HomePageData): string {
  return pageLayout(
    data.greeting,
    html`<header>
        <h1>${data.greeting}</h1>
        <p class="lead">Served by the Api backend over gRPC, rendered on the server.</p>
      </header>
      <div class="grid">
        <section aria-labelledby="all-title">
          <h2 id="all-title"><code>getAll(${data.allLength})</code></h2>
          <p class="hint">One message with every item.</p>
          ${itemList(data.all)}
        </section>
        <section aria-labelledby="stream-title">
          <h2 id="stream-title"><code>getStream(${data.streamLength})</code></h2>
          <p class="hint">One message per item, streamed.</p>
          ${itemList(data.streamed)}
        </section>
      </div>
      <form method="get" action="/">
        <label for="name" hidden>Name</label>
        <input
          id="name"
          name="name"
          value="${data.name}"
          maxlength="100"
          placeholder="Your name"
          aria-label="Name"
        />
        <button type="submit">Say hello</button>
      </form>
      <footer>From ${data.backend} in ${data.elapsedMs} ms.</footer>`,
  );
}
