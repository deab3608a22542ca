import { describe, expect, it } from 'vitest';
import { clock, Progress, remainingSeconds } from './progress.js';

const steps = [
  { name: 'one', estimateSeconds: 10 },
  { name: 'two', estimateSeconds: 20 },
  { name: 'three', estimateSeconds: 30 },
];

describe('remainingSeconds', () => {
  it('adds up the estimates left when nothing has finished', () => {
    expect(remainingSeconds(steps, [], 0, 4)).toBe(6 + 20 + 30);
  });

  it('scales the rest by how the finished steps went against their estimates', () => {
    expect(remainingSeconds(steps, [20], 1, 0)).toBe(40 + 60);
    expect(remainingSeconds(steps, [1], 1, 0)).toBe(10 + 15); // clamped at half
  });
});

describe('Progress', () => {
  function recorder(isTTY: boolean) {
    const written: string[] = [];
    let time = 0;
    const progress = new Progress(steps, { isTTY, write: (text: string) => written.push(text) }, () => time);
    return { written, progress, advance: (seconds: number) => (time += seconds) };
  }

  it('writes a plain line when a step starts and when it ends, with elapsed time and ETA', () => {
    const { written, progress, advance } = recorder(false);
    progress.start('one');
    advance(12);
    progress.finish('ok');
    progress.start('two');
    expect(written).toEqual([
      '[1/3] one: 0:00 (total 0:00, ETA 1:00) started\n',
      '[1/3] one: ok in 0:12 (total 0:12, ETA 1:00)\n',
      '[2/3] two: 0:00 (total 0:12, ETA 1:00) started\n',
    ]);
  });

  it('rewrites the current line in place on a TTY', () => {
    const { written, progress, advance } = recorder(true);
    progress.start('one');
    advance(5);
    progress.finish('failed: no wrk');
    expect(written[0]).toBe('[1/3] one: 0:00 (total 0:00, ETA 1:00)');
    expect(written[1]).toBe('\r\x1b[2K[1/3] one: failed: no wrk in 0:05 (total 0:05, ETA 0:25)\n');
  });

  it('refuses a step that was not planned', () => {
    const { progress } = recorder(false);
    expect(() => progress.start('four')).toThrow('step "four" was not planned');
  });
});

describe('clock', () => {
  it('shows minutes and seconds', () => {
    expect(clock(0)).toBe('0:00');
    expect(clock(61.4)).toBe('1:01');
    expect(clock(600)).toBe('10:00');
  });
});
