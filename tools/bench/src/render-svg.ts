import { escapeXml, figure } from './format.js';
import type { BenchResults } from './results.js';
import { measuredRatios, ratioTargets, ratioText } from './targets.js';

const width = 980;
const labelWidth = 420;
const barWidth = 400;
const barHeight = 18;
const rowHeight = 26;
const font = 'font-family="system-ui, sans-serif" font-size="12"';
const colours = { pass: '#2e7d32', fail: '#c62828', missing: '#9e9e9e', grpc: '#1565c0', rest: '#ef6c00' };

function text(x: number, y: number, content: string, attributes = ''): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attributes}>${escapeXml(content)}</text>`;
}

function rect(x: number, y: number, w: number, h: number, fill: string): string {
  return `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${Math.max(0, w).toFixed(1)}" height="${h}" fill="${fill}"/>`;
}

/** One panel of horizontal bars: each target's ratio, coloured by pass or fail, with its goal marked. */
function ratioPanel(
  results: BenchResults,
  kind: 'floor' | 'seed',
  title: string,
  top: number,
): { svg: string[]; height: number } {
  const measured = measuredRatios(results);
  const targets = ratioTargets.filter((target) => target.kind === kind);
  const values = targets.map((target) => measured.get(target.id)?.rps ?? Number.NaN);
  const scaleMax =
    Math.max(kind === 'floor' ? 1.2 : 3, ...values.filter(Number.isFinite), ...targets.map((t) => t.goal)) *
    1.05;
  const x0 = labelWidth;
  const svg = [text(10, top + 16, title, 'font-weight="bold" font-size="14"')];
  let y = top + 30;
  // Parity (1 = as fast as what it is compared with).
  const parity = x0 + (1 / scaleMax) * barWidth;
  svg.push(
    `<line x1="${parity.toFixed(1)}" y1="${y - 4}" x2="${parity.toFixed(1)}" y2="${y + targets.length * rowHeight}" stroke="#616161" stroke-dasharray="3,3"/>`,
    text(
      parity + 3,
      y - 6,
      kind === 'floor' ? '100% of the floor' : '1× the seed',
      'fill="#616161" font-size="10"',
    ),
  );
  y += 6;
  targets.forEach((target, index) => {
    const value = values[index] ?? Number.NaN;
    const ok = Number.isFinite(value);
    const colour = !ok ? colours.missing : value >= target.goal ? colours.pass : colours.fail;
    svg.push(text(10, y + 13, target.label));
    svg.push(rect(x0, y, ok ? (value / scaleMax) * barWidth : 0, barHeight, colour));
    const goalX = x0 + (target.goal / scaleMax) * barWidth;
    svg.push(
      `<line x1="${goalX.toFixed(1)}" y1="${y - 2}" x2="${goalX.toFixed(1)}" y2="${y + barHeight + 2}" stroke="#000" stroke-width="2"/>`,
    );
    const label = ok
      ? `${ratioText(value, target.goal)} (goal ${ratioText(target.goal, target.goal)})`
      : 'not measured';
    const barEnd = x0 + (ok ? (value / scaleMax) * barWidth : 0);
    svg.push(text(Math.max(barEnd, goalX) + 6, y + 13, label));
    y += rowHeight;
  });
  return { svg, height: y - top + 10 };
}

/** gRPC getAll against the REST twin: server CPU per call by payload size, each size on its own scale. */
function payloadPanel(results: BenchResults, top: number): { svg: string[]; height: number } {
  const payloads = results.apps.find((app) => app.payloads)?.payloads ?? [];
  const svg = [
    text(
      10,
      top + 16,
      'gRPC against REST by payload size: server CPU per call (shorter is better)',
      'font-weight="bold" font-size="14"',
    ),
  ];
  let y = top + 30;
  if (payloads.length === 0) {
    svg.push(text(10, y + 13, 'not measured', `fill="${colours.missing}"`));
    return { svg, height: y - top + 30 };
  }
  for (const payload of payloads) {
    const scaleMax = Math.max(payload.grpc.cpuMsPerCall, payload.rest.cpuMsPerCall) || 1;
    svg.push(text(10, y + 13, `${figure(payload.length)} items`, 'font-weight="bold"'));
    const bars: [string, string, { cpuMsPerCall: number; bytes: number; rps: number }][] = [
      ['gRPC getAll', colours.grpc, payload.grpc],
      ['REST GET /api/items', colours.rest, payload.rest],
    ];
    for (const [name, colour, figures] of bars) {
      svg.push(text(120, y + 13, name));
      const length = (figures.cpuMsPerCall / scaleMax) * barWidth * 0.6;
      svg.push(rect(labelWidth, y, length, barHeight, colour));
      svg.push(
        text(
          labelWidth + length + 6,
          y + 13,
          `${figure(figures.cpuMsPerCall, 3)} ms, ${figure(figures.bytes)} B, ${figure(figures.rps, 1)} req/s`,
        ),
      );
      y += rowHeight;
    }
    y += 6;
  }
  return { svg, height: y - top + 10 };
}

/** docs/benchmarks/report.svg: the ratio targets against floor and seed, and gRPC against REST. */
export function renderSvg(results: BenchResults): string {
  const header = [
    text(10, 22, 'Platform benchmarks', 'font-weight="bold" font-size="16"'),
    text(
      10,
      40,
      `${results.date}, ${results.machine.cpus} × ${results.machine.model}, Node ${results.node}`,
      'fill="#616161"',
    ),
  ];
  const floors = ratioPanel(
    results,
    'floor',
    'Each app against its floor (requests/s ratio; black tick: goal)',
    50,
  );
  const seed = ratioPanel(
    results,
    'seed',
    'WEB_CONCURRENCY=2 against the seed’s Flask app under gunicorn -w 2',
    50 + floors.height,
  );
  const payload = payloadPanel(results, 50 + floors.height + seed.height);
  const height = Math.ceil(50 + floors.height + seed.height + payload.height);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${font}>`,
    `<title>Platform benchmarks, ${escapeXml(results.date)}</title>`,
    rect(0, 0, width, height, '#ffffff'),
    ...header,
    ...floors.svg,
    ...seed.svg,
    ...payload.svg,
    '</svg>',
    '',
  ].join('\n');
}
