/** A number with thousands separators and fixed decimals; "–" when not finite or missing. */
export function figure(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Text safe inside an XML element or a double-quoted attribute. */
export function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

/** Text safe inside a Markdown table cell. */
export function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

/** A Markdown table with a header row; right-aligned columns are given by index. */
export function table(header: string[], rows: string[][], rightAligned: number[] = []): string {
  const align = header.map((_, index) => (rightAligned.includes(index) ? '---:' : '---'));
  return [header, align, ...rows].map((row) => `| ${row.map(cell).join(' | ')} |`).join('\n');
}
