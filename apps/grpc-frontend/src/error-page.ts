import { html } from './html.js';
import { pageLayout } from './page-layout.js';

export interface ErrorPageData {
  statusCode: number;
  title: string;
  detail: string;
  /** Ask the browser to try again by itself (meta refresh; no script needed). */
  retryAfterSeconds?: number | undefined;
}

/** What a person sees when the page cannot be built: what happened, never internals. */
export function renderErrorPage(data: ErrorPageData): string {
  const retry =
    data.retryAfterSeconds === undefined
      ? ''
      : html`<p class="hint">This page tries again every ${data.retryAfterSeconds} seconds.</p>`;
  return pageLayout(
    data.title,
    html`<section role="alert">
      <span class="status">${data.statusCode}</span>
      <h1>${data.title}</h1>
      <p class="lead">${data.detail}</p>
      ${retry}
    </section>`,
    { refreshSeconds: data.retryAfterSeconds },
  );
}
