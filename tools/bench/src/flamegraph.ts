// A flame graph (SVG) from a V8 CPU profile (`node --cpu-prof`): one box per call path, as wide
// as the time spent in it and below it; idle time left out. Boxes of the same function under the
// same parent are merged, so a request's path reads as one column.
import path from 'node:path';

/** The parts of a V8 CPU profile (`node --cpu-prof`) a flame graph needs. */
export interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface Box {
  name: string;
  value: number;
  children: Map<string, Box>;
}

const ROW = 17;
const WIDTH = 1200;
const MIN_WIDTH = 0.4;

const ESCAPES: Record<string, string> = {
  '<': '&lt;',
  '>': '&gt;',
  '&': '&amp;',
  '"': '&quot;',
  "'": '&apos;',
};

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ESCAPES[c] ?? c);
}

/** `name file:line`, with node_modules and the workspace root trimmed off the file. */
function frameName(callFrame: CallFrame, root: string | undefined): string {
  const { functionName, url, lineNumber } = callFrame;
  let file = url.replace(/^file:\/\//, '');
  const modules = file.lastIndexOf('node_modules/');
  if (modules !== -1) file = file.slice(modules + 'node_modules/'.length);
  else if (root && file.startsWith(root)) file = path.relative(root, file);
  const where = file ? ` ${file}:${lineNumber + 1}` : '';
  return `${functionName || '(anonymous)'}${where}`;
}

function colourOf(name: string): string {
  if (/^\((garbage collector|program)\)/.test(name)) return '#c7c7c7';
  if (/ node:/.test(name) || !name.includes(' ')) return '#f2b872';
  if (/ (apps|libs|tools)\//.test(name)) return '#7fb8e8';
  return '#f08a6c';
}

/** The merged call tree of a profile: { name, value (µs), children: Map }. */
export function callTree(profile: CpuProfile, root?: string): Box {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfTime = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    selfTime.set(id, (selfTime.get(id) ?? 0) + Math.max(0, profile.timeDeltas[index] ?? 0));
  });
  const tree: Box = { name: 'all', value: 0, children: new Map() };
  const visit = (node: CpuProfile['nodes'][number], into: Box): number => {
    const name = frameName(node.callFrame, root);
    if (name.startsWith('(idle)')) return 0;
    let box = into.children.get(name);
    if (!box) {
      box = { name, value: 0, children: new Map() };
      into.children.set(name, box);
    }
    let total = selfTime.get(node.id) ?? 0;
    for (const child of node.children ?? []) total += visit(nodes.get(child)!, box);
    box.value += total;
    return total;
  };
  const top = profile.nodes[0];
  for (const child of top?.children ?? []) tree.value += visit(nodes.get(child)!, tree);
  return tree;
}

/** The SVG of a profile's flame graph, with a title line. */
export function flameGraphSvg(
  profile: CpuProfile,
  { title = 'CPU profile', root }: { title?: string; root?: string } = {},
): string {
  const tree = callTree(profile, root);
  const boxes: { box: Box; x: number; level: number; width: number }[] = [];
  let depth = 0;
  const place = (box: Box, x: number, level: number): void => {
    const width = (box.value / tree.value) * WIDTH;
    if (width < MIN_WIDTH) return;
    depth = Math.max(depth, level);
    boxes.push({ box, x, level, width });
    let offset = x;
    for (const child of [...box.children.values()].sort((a, b) => a.name.localeCompare(b.name))) {
      place(child, offset, level + 1);
      offset += (child.value / tree.value) * WIDTH;
    }
  };
  if (tree.value > 0) place(tree, 0, 0);
  const height = (depth + 1) * ROW + 40;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="monospace" font-size="11">`,
    `<text x="4" y="16" font-size="13">${escapeXml(title)} — ${(tree.value / 1000).toFixed(0)} ms of CPU sampled (idle left out); hover a box for its share</text>`,
  ];
  for (const { box, x, level, width } of boxes) {
    const y = height - (level + 1) * ROW;
    const share = ((100 * box.value) / tree.value).toFixed(1);
    const label = width > 30 ? escapeXml(box.name.slice(0, Math.floor(width / 6.6))) : '';
    parts.push(
      `<g><title>${escapeXml(box.name)} (${share}%)</title><rect x="${x.toFixed(2)}" y="${y}" width="${Math.max(0.1, width - 0.3).toFixed(2)}" height="${ROW - 1}" fill="${colourOf(box.name)}"/>` +
        (label ? `<text x="${(x + 2).toFixed(2)}" y="${y + 12}">${label}</text>` : '') +
        '</g>',
    );
  }
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/** The functions that took the most time of their own, as [name, share of busy time]. */
export function topFunctions(
  profile: CpuProfile,
  { root, count = 15 }: { root?: string; count?: number } = {},
): [string, number][] {
  const selfTime = new Map<string, number>();
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  let busy = 0;
  profile.samples.forEach((id, index) => {
    const name = frameName(nodes.get(id)!.callFrame, root);
    if (name.startsWith('(idle)')) return;
    const delta = Math.max(0, profile.timeDeltas[index] ?? 0);
    busy += delta;
    selfTime.set(name, (selfTime.get(name) ?? 0) + delta);
  });
  return [...selfTime]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, time]): [string, number] => [name, busy > 0 ? time / busy : 0]);
}
