import escapeHtml from 'escape-html';

/** Markup that is already safe; only `html` and `raw` make one. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Interpolation = SafeHtml | string | number | readonly (SafeHtml | string | number)[];

function render(value: Interpolation): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map((item: SafeHtml | string | number) => render(item)).join('');
  return escapeHtml(String(value));
}

/** A template whose interpolations are escaped unless they are SafeHtml themselves. */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += render(value) + (strings[index + 1] ?? '');
  });
  return new SafeHtml(out);
}

/** Trusted markup written in the code (the stylesheet), never user input. */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}
