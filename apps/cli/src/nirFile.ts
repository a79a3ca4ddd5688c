import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { BadInputError } from './inputErrors';

/** A parameter of a NIR node: its shape, and its values (typed array or scalar). */
export interface NirParam {
  shape: number[];
  dtype: string;
  values: number[] | string | number;
}

export interface NirNode {
  /** Path of the node, nested graphs joined with '.'. */
  name: string;
  type: string;
  params: Record<string, NirParam>;
}

export interface NirGraphInfo {
  file: string;
  version: string;
  nodes: NirNode[];
  edges: Array<[string, string]>;
}

const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** HDF5 puts its signature at 0 or at 512, 1024, 2048, ... (after a user block); checked first so that libhdf5 never prints its own diagnostics. */
function isHdf5(file: string): boolean {
  const size = statSync(file).size;
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(8);
    for (let at = 0; at + 8 <= size; at = at === 0 ? 512 : at * 2) {
      readSync(fd, buf, 0, 8, at);
      if (HDF5_SIGNATURE.every((b, i) => buf[i] === b)) return true;
    }
    return false;
  } finally {
    closeSync(fd);
  }
}

type H5Group = { keys(): string[]; get(name: string): unknown };
type H5Dataset = { shape: number[] | null; dtype: string; value: unknown };

const text = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) ? v.join('') : String(v));
const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : Number(v));

/**
 * Reads a NIR graph (HDF5, the layout of NIR's serialization.py): root `version`, group `node` of type NIRGraph
 * with `nodes/<name>/` (a `type` plus one dataset per parameter) and `edges`. Nested graphs are flattened with
 * dotted names. Every problem becomes a BadInputError naming the file and the HDF5 path.
 */
export async function readNirGraph(file: string): Promise<NirGraphInfo> {
  if (!existsSync(file) || !statSync(file).isFile()) throw new BadInputError(file, undefined, 'no such file', 'check the path (it is relative to the current folder)');
  if (!isHdf5(file)) throw new BadInputError(file, undefined, 'not an HDF5 file (no HDF5 signature), so not a NIR graph', 'export the graph again with nir.write(path, graph); the file may be truncated or corrupt');
  const h5wasm = (await import('h5wasm/node')).default;
  await h5wasm.ready;
  // libhdf5 (compiled to wasm) writes its error stack to fd 2 with fs.writeSync; keep it for the message instead.
  const diag: string[] = [];
  const fs = createRequire(import.meta.url)('node:fs') as typeof import('node:fs');
  const write = fs.writeSync;
  fs.writeSync = ((fd: number, buf: string | Uint8Array, offset?: number, length?: number, ...rest: unknown[]) => {
    if (fd !== 2) return (write as (...a: unknown[]) => number)(fd, buf, offset, length, ...rest);
    if (typeof buf === 'string') return diag.push(buf), Buffer.byteLength(buf);
    const n = length ?? buf.length - (offset ?? 0);
    diag.push(Buffer.from(buf.buffer, buf.byteOffset + (offset ?? 0), n).toString());
    return n;
  }) as typeof fs.writeSync;
  let f: H5Group & { close(): void; file_id: bigint | number };
  let keys: string[];
  try {
    f = new h5wasm.File(file, 'r') as unknown as typeof f;
    keys = f.file_id < 0 ? [] : f.keys();
  } catch {
    keys = [];
    f = undefined as unknown as typeof f;
  } finally {
    fs.writeSync = write;
  }
  if (!f || f.file_id < 0) {
    const reason = diag.join('').match(/minor: ([^\n]+)/g)?.at(-1)?.replace('minor: ', '').trim() ?? 'libhdf5 could not open it';
    throw new BadInputError(file, undefined, `HDF5 cannot read the file (${reason})`, 'the file is damaged or incomplete; copy or export it again');
  }
  try {
    if (!keys.includes('node')) throw new BadInputError(file, '/node', 'the HDF5 file has no group "node"', 'this is an HDF5 file but not a NIR graph (written by nir.write)');
    const version = keys.includes('version') ? text((f.get('version') as H5Dataset).value) : 'unknown';
    const out: NirGraphInfo = { file, version, nodes: [], edges: [] };
    walk(file, f.get('node') as H5Group, '', '/node', out);
    return out;
  } finally {
    f.close();
  }
}

function walk(file: string, group: H5Group, prefix: string, path: string, out: NirGraphInfo): void {
  const keys = group.keys();
  for (const need of ['type', 'nodes']) {
    if (!keys.includes(need)) throw new BadInputError(file, `${path}/${need}`, 'missing in a NIRGraph group', 'the file is not a complete NIR graph; export it again');
  }
  const nodes = group.get('nodes') as H5Group;
  for (const name of nodes.keys()) {
    const g = nodes.get(name) as H5Group;
    const gkeys = g.keys();
    if (!gkeys.includes('type')) throw new BadInputError(file, `${path}/nodes/${name}/type`, 'a node without a type', 'every NIR node stores its type');
    const type = text((g.get('type') as H5Dataset).value);
    const full = prefix + name;
    if (type === 'NIRGraph') {
      out.nodes.push({ name: full, type, params: {} });
      walk(file, g, `${full}.`, `${path}/nodes/${name}`, out);
      continue;
    }
    const params: Record<string, NirParam> = {};
    for (const k of gkeys) {
      if (k === 'type') continue;
      const d = g.get(k) as H5Dataset;
      if (!d || d.shape === undefined || d.shape === null) continue;
      const v = d.value as unknown;
      const values = typeof v === 'string' ? v : ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number | bigint>, num) : Array.isArray(v) ? v.map(num) : num(v);
      params[k] = { shape: d.shape, dtype: d.dtype, values };
    }
    out.nodes.push({ name: full, type, params });
  }
  if (keys.includes('edges')) {
    const e = (group.get('edges') as H5Dataset).value as unknown[];
    const flat = Array.from(e ?? [], text);
    for (let i = 0; i + 1 < flat.length; i += 2) out.edges.push([prefix + flat[i], prefix + flat[i + 1]]);
  }
}
