import { Prng } from '@s2sim/hardware';
import { ConnectionSet, ConnectionSetBuilder } from './connectionSet';
import { SnnMappingError } from './errors';
import type { Population, Projection, Value } from './model';

/** Draws a PyNN-style value: a constant, or a normal (redrawn outside [min, max], as PyNN's normal_clipped) or uniform distribution. */
export function drawValue(v: Value, rng: Prng): number {
  if (typeof v === 'number') return v;
  if ('uniform' in v) return v.uniform.low + (v.uniform.high - v.uniform.low) * rng.nextFloat();
  const { mean, std } = v.normal;
  const lo = v.min ?? -Infinity, hi = v.max ?? Infinity;
  for (let tries = 0; tries < 1000; tries++) {
    // Box-Muller from two 32-bit uniforms (1 - u keeps log's argument positive).
    const x = mean + std * Math.sqrt(-2 * Math.log(1 - rng.nextFloat())) * Math.cos(2 * Math.PI * rng.nextFloat());
    if (x >= lo && x <= hi) return x;
  }
  return Math.min(hi, Math.max(lo, mean));
}

/** drawValue specialised once per projection: a constant costs nothing per draw (same numbers, same draws). */
function drawer(v: Value, rng: Prng): () => number {
  if (typeof v === 'number') return () => v;
  if ('uniform' in v) {
    const { low, high } = v.uniform;
    return () => low + (high - low) * rng.nextFloat();
  }
  return () => drawValue(v, rng);
}

/** Connections a connector will make at most (fixedProbability: the mean plus 6 sigma), to size the arrays once. */
function capacity(c: Projection['connector'], pre: number, post: number): number {
  switch (c.type) {
    case 'allToAll': return pre * post;
    case 'oneToOne': return pre;
    case 'fixedProbability': {
      const mean = pre * post * c.p_connect;
      return mean + 6 * Math.sqrt(mean) + 64;
    }
    case 'fixedNumberPre': return c.n * post;
    case 'fixedNumberPost': return c.n * pre;
    case 'fromList': return c.connections.length;
    // Shapes not yet checked: the arrays grow as these connect.
    case 'dense':
    case 'conv2d':
      return 0;
  }
}

/**
 * Expands a projection's connector into its connections, drawing from a generator seeded by the run's seed and
 * the projection's index, so the same scenario and seed give the same network on any machine. Delays become whole
 * time steps here (checked: a delay the user wrote must be whole steps; drawn ones are rounded).
 */
export function expandConnector(proj: Projection, pre: Population, post: Population, index: number, seed: number, dtMs: number): ConnectionSet {
  const where = `projections[${index}] (${proj.pre} -> ${proj.post})`;
  const rng = new Prng().seed(seed, 0x5eed0000 + index);
  const c = proj.connector;
  const exact = (typeof proj.delay === 'number' && c.type !== 'fromList') || c.type === 'fromList';
  const out = new ConnectionSetBuilder(post.size, capacity(c, pre.size, post.size), { dtMs, exact, where });
  const weight = drawer(proj.weight, rng);
  const delay = proj.delay === undefined ? () => dtMs : drawer(proj.delay, rng);
  const same = pre.name === post.name;
  const selfOk = !('allow_self_connections' in c) || c.allow_self_connections || !same;
  const bad = (msg: string, hint: string) => new SnnMappingError(`${where}: ${msg}`, hint);
  switch (c.type) {
    case 'allToAll':
      for (let j = 0; j < post.size; j++) for (let i = 0; i < pre.size; i++) if (selfOk || i !== j) out.push(i, j, weight(), delay());
      break;
    case 'oneToOne':
      if (pre.size !== post.size) throw bad(`oneToOne needs equal sizes, got ${pre.size} and ${post.size}`, 'use populations of the same size');
      for (let i = 0; i < pre.size; i++) out.push(i, i, weight(), delay());
      break;
    case 'fixedProbability':
      expandFixedProbability(c.p_connect, pre.size, post.size, selfOk, rng, out, weight, delay);
      break;
    case 'fixedNumberPre':
    case 'fixedNumberPost': {
      const byPre = c.type === 'fixedNumberPost';
      const [outer, inner] = byPre ? [pre.size, post.size] : [post.size, pre.size];
      const avail = inner - (selfOk ? 0 : 1);
      if (!c.with_replacement && c.n > avail) throw bad(`${c.type} n = ${c.n} exceeds the ${avail} neurons available`, 'lower n or set with_replacement: true');
      const stamp = new Uint32Array(inner);
      for (let o = 0; o < outer; o++) {
        for (let k = 0; k < c.n; ) {
          const x = Math.floor(rng.nextFloat() * inner);
          if (!selfOk && x === o) continue;
          if (!c.with_replacement) {
            if (stamp[x] === o + 1) continue;
            stamp[x] = o + 1;
          }
          if (byPre) out.push(o, x, weight(), delay());
          else out.push(x, o, weight(), delay());
          k++;
        }
      }
      break;
    }
    case 'fromList':
      c.connections.forEach((row, r) => {
        const [i, j] = row;
        if (!Number.isInteger(i) || !Number.isInteger(j) || i < 0 || j < 0 || i >= pre.size || j >= post.size) {
          const which = i >= pre.size || i < 0 || !Number.isInteger(i) ? `pre ${i} (size of '${pre.name}' is ${pre.size})` : `post ${j} (size of '${post.name}' is ${post.size})`;
          throw bad(`connections[${r}]: ${which} is not a neuron index`, 'neuron indices are integers from 0 to size - 1');
        }
        out.push(i, j, row.length > 2 ? row[2] : weight(), row.length > 3 ? row[3] : delay());
      });
      break;
    case 'dense': {
      if (c.weights.length !== post.size || c.weights.some((r) => r.length !== pre.size)) {
        throw bad(`dense weights must be ${post.size} rows (post) of ${pre.size} (pre)`, 'weights[post][pre]');
      }
      const d = delay();
      for (let j = 0; j < post.size; j++) for (let i = 0; i < pre.size; i++) if (c.weights[j][i] !== 0) out.push(i, j, c.weights[j][i], d);
      break;
    }
    case 'conv2d':
      expandConv2d(c, pre, post, out, delay(), bad);
      break;
  }
  return out.finish();
}

/** One uniform draw per (post, pre) pair, post-major, as `rng.nextFloat() < p` always did (Prng.forEachBelow). */
function expandFixedProbability(p: number, nPre: number, nPost: number, selfOk: boolean, rng: Prng, out: ConnectionSetBuilder, weight: () => number, delay: () => number): void {
  for (let j = 0; j < nPost; j++) rng.forEachBelow(p, nPre, selfOk ? -1 : j, (i) => out.push(i, j, weight(), delay()));
}

/** Output shape [channels, height, width] of a 2-D convolution. */
export function conv2dOutShape(inShape: [number, number, number], kernel: number[][][][], stride: [number, number], padding: [number, number]): [number, number, number] {
  const kh = kernel[0]?.[0]?.length ?? 0, kw = kernel[0]?.[0]?.[0]?.length ?? 0;
  return [kernel.length, Math.floor((inShape[1] + 2 * padding[0] - kh) / stride[0]) + 1, Math.floor((inShape[2] + 2 * padding[1] - kw) / stride[1]) + 1];
}

function expandConv2d(
  c: Extract<Projection['connector'], { type: 'conv2d' }>, pre: Population, post: Population, out: ConnectionSetBuilder, d: number,
  bad: (m: string, h: string) => Error,
): void {
  const [C, H, W] = c.in_shape;
  if (C * H * W !== pre.size) throw bad(`conv2d in_shape ${C}x${H}x${W} = ${C * H * W} neurons, but '${pre.name}' has ${pre.size}`, 'in_shape is [channels, height, width] of pre');
  if (c.kernel.some((o) => o.length !== C)) throw bad(`conv2d kernel needs ${C} input channels`, 'kernel[out][in][ky][kx]');
  const [OC, OH, OW] = conv2dOutShape(c.in_shape, c.kernel, c.stride, c.padding);
  if (OC * OH * OW !== post.size) throw bad(`conv2d output is ${OC}x${OH}x${OW} = ${OC * OH * OW} neurons, but '${post.name}' has ${post.size}`, 'size post to the output shape');
  const [sy, sx] = c.stride, [py, px] = c.padding;
  for (let oc = 0; oc < OC; oc++) {
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++) {
        const j = (oc * OH + oy) * OW + ox;
        for (let ic = 0; ic < C; ic++) {
          const k = c.kernel[oc][ic];
          for (let ky = 0; ky < k.length; ky++) {
            const iy = oy * sy - py + ky;
            if (iy < 0 || iy >= H) continue;
            for (let kx = 0; kx < k[ky].length; kx++) {
              const ix = ox * sx - px + kx;
              if (ix < 0 || ix >= W || k[ky][kx] === 0) continue;
              out.push((ic * H + iy) * W + ix, j, k[ky][kx], d);
            }
          }
        }
      }
    }
  }
}
