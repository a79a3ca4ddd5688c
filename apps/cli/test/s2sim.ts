import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Helpers for the end-to-end tests: the CLI always runs as a subprocess, as a user runs it. */
export const root = resolve(__dirname, '../../..');
export const bin = join(root, 'apps/cli/bin/s2sim.js');

export function s2sim(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}) {
  return spawnSync(process.execPath, [bin, ...args], { cwd: opts.cwd ?? root, encoding: 'utf8', env: { ...process.env, ...opts.env } });
}

export interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The same as s2sim(), without blocking: tests start their subprocesses together and the machine's cores share them. */
export function s2simP(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Promise<Ran> {
  return new Promise((done) => {
    const p = spawn(process.execPath, [bin, ...args], { cwd: opts.cwd ?? root, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (status) => done({ status, stdout, stderr }));
  });
}

export function s2simAsync(args: string[]) {
  return spawn(process.execPath, [bin, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
}

export const tempDir = () => mkdtempSync(join(tmpdir(), 's2sim-'));

/** Width and height of a PNG, from its IHDR chunk. */
export function pngSize(png: Buffer): { width: number; height: number } {
  if (png.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a') throw new Error('not a PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Width and height of an SVG, from its root element. */
export function svgSize(svg: string): { width: number; height: number } {
  const m = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
  if (!m) throw new Error('no width/height on the svg element');
  return { width: Number(m[1]), height: Number(m[2]) };
}
