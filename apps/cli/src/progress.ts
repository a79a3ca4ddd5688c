import cliProgress from 'cli-progress';

/** How a run reports its progress: a bar on a terminal, a plain line every few seconds in a log, or nothing. */
export type ProgressMode = 'bar' | 'lines' | 'none';

export interface ProgressSample {
  ticks: number;
  simulatedMs: number;
  /** Interrupt handlers run so far (timer, packet, DMA, user): the kernel's unit of work, shown as handlers/s. */
  events: number;
}

export interface Progress {
  update(s: ProgressSample): void;
  stop(): void;
}

export function progressMode(quiet: boolean | undefined, json: boolean | undefined, stream: NodeJS.WriteStream = process.stderr): ProgressMode {
  if (quiet) return 'none';
  if (stream.isTTY && !json) return 'bar';
  return json ? 'none' : 'lines';
}

const fmtRate = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : n.toFixed(0) + ' ');

/** Progress on stderr, so stdout stays clean for the summary (and for --json). */
export function createProgress(mode: ProgressMode, totalTicks: number, linePeriodMs = 2000): Progress {
  const t0 = performance.now();
  const rate = (s: ProgressSample) => s.events / Math.max(1e-3, (performance.now() - t0) / 1000);
  if (mode === 'none') return { update() {}, stop() {} };
  if (mode === 'bar') {
    const bar = new cliProgress.SingleBar(
      {
        format: 'running |{bar}| {value}/{total} ticks | {simMs} ms simulated | {eps}handlers/s | ETA {eta_formatted}',
        stream: process.stderr, hideCursor: true, etaBuffer: 50, fps: 10,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(totalTicks, 0, { simMs: 0, eps: '0 ' });
    return {
      update: (s) => bar.update(s.ticks, { simMs: +s.simulatedMs.toFixed(3), eps: fmtRate(rate(s)) }),
      stop: () => bar.stop(),
    };
  }
  let last = t0;
  const line = (s: ProgressSample) => {
    const elapsed = (performance.now() - t0) / 1000;
    const eta = s.ticks > 0 ? (elapsed * (totalTicks - s.ticks)) / s.ticks : NaN;
    process.stderr.write(
      `s2sim: tick ${s.ticks}/${totalTicks} (${((100 * s.ticks) / totalTicks).toFixed(0)}%), ${+s.simulatedMs.toFixed(3)} ms simulated, ` +
        `${fmtRate(rate(s))}handlers/s, ${elapsed.toFixed(1)} s elapsed${Number.isFinite(eta) ? `, ETA ${eta.toFixed(1)} s` : ''}\n`,
    );
  };
  let started = false;
  return {
    update(s) {
      const now = performance.now();
      // The first line says the run has started (a log shows it is alive); later lines come every linePeriodMs.
      if (!started || now - last >= linePeriodMs) {
        started = true;
        last = now;
        line(s);
      }
    },
    stop() {},
  };
}
