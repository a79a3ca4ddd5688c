import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
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
  buildS: number | null;
  wallPerBioS: number;
  rateEHz: number;
  rateIHz: number;
  /** Per measured run. */
  spikes: number;
  synapticEvents: number;
  synapticEventsPerS: number;
  peakRssMiB: number;
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
  try {
    const { stdout } = await run(PYTHON, args, { maxBuffer: 16 * 1024 * 1024, env: { ...process.env, PYTHONWARNINGS: 'ignore' } });
    const line = stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop();
    if (!line) throw new Error(`brunel.py printed no JSON result; its output ended with: ${stdout.slice(-500)}`);
    return JSON.parse(line) as BrunelResult;
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`Brian2 Brunel (${p.device}, scale ${p.scale}) failed: ${(err.stderr || err.message).trim().split('\n').slice(-5).join('\n')}`);
  }
}
