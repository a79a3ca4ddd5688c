import { createRequire } from 'node:module';

/**
 * libhdf5 (compiled to wasm inside h5wasm) prints its whole error stack to stderr through fs.writeSync(2, ...), in
 * pieces, before the reader that called it turns the failure into a clear message. The CLI promises one paragraph
 * per error, so from a "HDF5-DIAG" header on, fd-2 writes are dropped until the CLI itself writes to stderr again
 * (process.stderr.write ends the block, so the CLI's own messages always pass, also when stderr is a file).
 */
export function quietHdf5Diagnostics(): void {
  const fs = createRequire(import.meta.url)('node:fs') as typeof import('node:fs');
  const write = fs.writeSync;
  let inBlock = false;
  const size = (buf: string | Uint8Array, rest: unknown[]) => (typeof buf === 'string' ? Buffer.byteLength(buf) : ((rest[1] as number | undefined) ?? buf.byteLength - ((rest[0] as number | undefined) ?? 0)));
  fs.writeSync = ((fd: number, buf: string | Uint8Array, ...rest: unknown[]) => {
    if (fd === 2) {
      if (!inBlock) {
        const at = (rest[0] as number | undefined) ?? 0;
        const head = typeof buf === 'string' ? buf : Buffer.from(buf.buffer, buf.byteOffset + at, Math.min(size(buf, rest), 16)).toString();
        if (head.startsWith('HDF5-DIAG')) inBlock = true;
      }
      if (inBlock) return size(buf, rest);
    }
    return (write as (...a: unknown[]) => number)(fd, buf, ...rest);
  }) as typeof fs.writeSync;
  const stderrWrite = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((...args: Parameters<typeof process.stderr.write>) => {
    inBlock = false;
    return stderrWrite(...args);
  }) as typeof process.stderr.write;
}
