import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('../brian2/brunel.py', import.meta.url));

/** The parameters of apps/bench/brian2/brunel.py (see its docstring for the network). */
export interface BrunelParams {
  device: 'runtime' | 'cpp_standalone';
  /** Multiplies N_E, N_I, C_E, C_I (J divided by it); 1 = Brunel's Fig. 8C. */
  scale: number;
  durationMs: number;
  dtMs: number;
  seed: number;
  /** OpenMP threads for cpp_standalone. */
  threads: number;
  /** Measured runs inside the one Python process (see brunel.py's Timing). */
  repeat: number;
  /** Kill the Python process (and the simulation binary it started) after this many seconds. */
  timeoutS: number;
}

/** What brunel.py prints (one JSON object). */
export interface BrunelResult {
  device: string;
  brian2Version: string;
  codegenTarget: string;
  threads: number;
  nE: number;
  nI: number;
  synapses: number;
  bioS: number;
  setupS: number;
  runS: number;
  runSamplesS: number[];
  /** CPU seconds per measured run (runtime: around net.run; cpp_standalone: the whole binary, all threads). */
  cpuSamplesS: number[];
  buildS: number | null;
  wallPerBioS: number;
  rateEHz: number;
  rateIHz: number;
  /** Per measured run. */
  spikes: number;
  synapticEvents: number;
  synapticEventsPerS: number;
  peakRssMiB: number;
  /** The OpenMP wait policy the run used (cpp_standalone with threads > 1), see ompWaitPolicy. */
  ompWaitPolicy?: string;
}

/** Raised when brunel.py runs past its time limit: the suite reports it in the row instead of failing. */
export class Brian2TimeoutError extends Error {}

/**
 * OpenMP threads spin at every barrier (10,000 per biological second here) by default; when the machine has more
 * runnable processes than cores, a spinning thread's partner is descheduled and each step waits for a time slice
 * (measured here: 2 threads 40x slower than 1 on a loaded 2-core machine). So Brian2 gets PASSIVE (sleeping) waits
 * when the 1-minute load exceeds the core count, and the library default otherwise; OMP_WAIT_POLICY set by the user
 * wins. The row reports which.
 */
export function ompWaitPolicy(env: NodeJS.ProcessEnv = process.env, load = loadavg()[0], cores = cpus().length): string {
  if (env.OMP_WAIT_POLICY) return env.OMP_WAIT_POLICY;
  return load > cores ? 'PASSIVE' : 'default';
}

export type Brian2Availability = { ok: true; version: string; installed: boolean } | { ok: false; reason: string };

function brian2Version(): string | undefined {
  try {
    return execFileSync(PYTHON, ['-c', 'import brian2; print(brian2.__version__)'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, PYTHONWARNINGS: 'ignore' } }).trim();
  } catch {
    return undefined;
  }
}

/**
 * Brian2 from Debian (python3-brian, run by /usr/bin/python3). If it is missing, tries `apt-get install` (as root, or
 * through passwordless sudo) and says what happened either way: the caller puts the reason in the report.
 */
export function ensureBrian2(log: (s: string) => void = (s) => process.stderr.write(s + '\n')): Brian2Availability {
  const have = brian2Version();
  if (have) return { ok: true, version: have, installed: false };
  log('bench: Brian2 is missing; installing Debian package python3-brian with apt-get ...');
  const asRoot = process.getuid?.() === 0;
  const cmd = asRoot ? ['apt-get'] : ['sudo', '-n', 'apt-get'];
  try {
    execFileSync(cmd[0], [...cmd.slice(1), 'update', '-qq'], { stdio: ['ignore', 'ignore', 'pipe'] });
    execFileSync(cmd[0], [...cmd.slice(1), 'install', '-y', '-qq', 'python3-brian'], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    const msg = (e as { stderr?: Buffer }).stderr?.toString().trim() || (e as Error).message;
    return { ok: false, reason: `Brian2 not installed and 'apt-get install python3-brian' failed (${msg.split('\n').slice(-1)[0]}); install it with: sudo apt-get install python3-brian` };
  }
  const now = brian2Version();
  return now ? { ok: true, version: now, installed: true } : { ok: false, reason: `python3-brian installed but '${PYTHON} -c "import brian2"' still fails` };
}

/**
 * Runs brunel.py (p.repeat measured runs) in its own Python process. Standalone projects are built in a folder per network shape (and
 * thread count) under the OS temp folder, so repeated runs reuse the compiled objects.
 */
export async function runBrian2Brunel(p: BrunelParams): Promise<BrunelResult> {
  const args = [SCRIPT, '--device', p.device, '--scale', String(p.scale), '--duration-ms', String(p.durationMs), '--dt-ms', String(p.dtMs), '--seed', String(p.seed), '--threads', String(p.threads), '--repeat', String(p.repeat)];
  if (p.device === 'cpp_standalone') {
    const dir = join(tmpdir(), 's2sim-bench-brian2', `brunel-s${p.scale}-d${p.durationMs}-dt${p.dtMs}-t${p.threads}`);
    mkdirSync(dir, { recursive: true });
    args.push('--build-dir', dir);
  }
  const policy = p.device === 'cpp_standalone' && p.threads > 1 ? ompWaitPolicy() : undefined;
  const env = { ...process.env, PYTHONWARNINGS: 'ignore', ...(policy && policy !== 'default' ? { OMP_WAIT_POLICY: policy } : {}) };
  const { code, stdout, stderr, timedOut } = await new Promise<{ code: number | null; stdout: string; stderr: string; timedOut: boolean }>((resolve, reject) => {
    // Its own process group, so that a timeout also ends the simulation binary that Python started.
    const child = spawn(PYTHON, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-8000)));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, p.timeoutS * 1000);
    child.on('error', reject);
    child.on('close', (c) => {
      clearTimeout(timer);
      resolve({ code: c, stdout: out, stderr: err, timedOut });
    });
  });
  const what = `Brian2 Brunel (${p.device}${p.device === 'cpp_standalone' ? `, ${p.threads} thread${p.threads > 1 ? 's' : ''}` : ''}, scale ${p.scale})`;
  if (timedOut) throw new Brian2TimeoutError(`${what} ran past its ${p.timeoutS} s limit and was stopped (1-minute load ${loadavg()[0].toFixed(1)} on ${cpus().length} cores)`);
  if (code !== 0) throw new Error(`${what} failed (exit ${code}): ${stderr.trim().split('\n').slice(-5).join('\n')}`);
  const line = stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  if (!line) throw new Error(`${what} printed no JSON result; its output ended with: ${stdout.slice(-500)}`);
  return { ...(JSON.parse(line) as BrunelResult), ...(policy ? { ompWaitPolicy: policy } : {}) };
}
