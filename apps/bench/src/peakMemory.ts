import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Peak resident memory of one case, measured by the kernel rather than by sampling.
 *
 * On Linux, writing "5" to /proc/self/clear_refs resets the process's peak RSS (VmHWM) to its current RSS, so the
 * VmHWM read after a case is that case's high-water mark, however briefly it was reached, even while the event loop
 * was blocked. Elsewhere (or where /proc is read-only) we fall back to getrusage's maxRSS, which cannot be reset and
 * therefore is the process's peak so far (for a spawned process, including its parent's peak at spawn):
 * `resettable` says which one a number is. The harness runs each suite in
 * its own child process, so in the fallback the number is at least not polluted by other suites.
 */
export interface PeakProbe {
  /** RSS when the probe started, MiB (after a GC where --expose-gc allows it). */
  startRssMiB: number;
  /** Ends the probe: peak RSS since start, MiB. */
  stop(): { peakRssMiB: number; resettable: boolean };
}

const MiB = 1024 * 1024;

function readVmHwmKiB(): number | undefined {
  try {
    const m = /VmHWM:\s*(\d+)\s*kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

function resetVmHwm(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** The largest VmHWM seen before a reset: resets must not lose the process's own peak. */
let peakBeforeResetsKiB = 0;

/** Starts measuring the peak RSS of what runs until `stop()`. */
export function startPeakProbe(): PeakProbe {
  (globalThis as { gc?: () => void }).gc?.();
  const startRssMiB = process.memoryUsage.rss() / MiB;
  peakBeforeResetsKiB = Math.max(peakBeforeResetsKiB, readVmHwmKiB() ?? 0);
  const resettable = resetVmHwm() && readVmHwmKiB() !== undefined;
  return {
    startRssMiB,
    stop() {
      const hwm = resettable ? readVmHwmKiB() : undefined;
      if (hwm !== undefined) {
        peakBeforeResetsKiB = Math.max(peakBeforeResetsKiB, hwm);
        return { peakRssMiB: hwm / 1024, resettable: true };
      }
      // ru_maxrss is in KiB on Linux (Node reports it as is).
      return { peakRssMiB: process.resourceUsage().maxRSS / 1024, resettable: false };
    },
  };
}

/**
 * Peak RSS of this process so far, MiB (what the harness reports per suite child). From VmHWM where Linux has it:
 * getrusage's maxRSS of a spawned process starts from its parent's peak (the kernel carries the high-water mark of
 * the address space replaced at exec, which for a vfork-style spawn is the parent's), so it would report the
 * harness's memory as the suite's.
 */
export function processPeakRssMiB(): number {
  const hwm = readVmHwmKiB();
  if (hwm !== undefined) return Math.max(hwm, peakBeforeResetsKiB) / 1024;
  return process.resourceUsage().maxRSS / 1024;
}
