import type { Tree } from '@nx/devkit';
import { unexpected } from './text-edits.js';

export const PROMETHEUS_FILE = 'deploy/monitoring/prometheus/prometheus.yml';

/** Prometheus' configuration with a scrape job for the app's replicas (compose's DNS, its HTTP port). */
export function addScrapeJob(text: string, name: string, port: number): string {
  if (!/^scrape_configs:\n/m.test(text)) throw unexpected(PROMETHEUS_FILE, 'no scrape_configs');
  if (new RegExp(`^ {2}- job_name: ${name}\\n`, 'm').test(text)) {
    throw unexpected(PROMETHEUS_FILE, `a scrape job ${name} exists already`);
  }
  const job = `  - job_name: ${name}\n    dns_sd_configs: [{ names: [${name}], type: A, port: ${port}, refresh_interval: 15s }]\n`;
  return `${text.endsWith('\n') ? text : `${text}\n`}${job}`;
}

/** Adds the scrape job when the workspace has the monitoring profile's Prometheus configuration. */
export function updateScrapeConfig(tree: Tree, name: string, port: number): void {
  const text = tree.read(PROMETHEUS_FILE, 'utf-8');
  if (text === null) return;
  tree.write(PROMETHEUS_FILE, addScrapeJob(text, name, port));
}
