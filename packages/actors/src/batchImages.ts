import type { MachineImage } from './machineImage';

/**
 * Merges machine images of batch-parallel copies of one network (each mapped onto its own PEs, with its own keys)
 * into one image, so that the copies run side by side, each on its own sample. Refuses two copies on one PE and
 * two table entries on one chip whose key/mask overlap, which would mix the copies' packets.
 */
export function batchImages(images: readonly MachineImage[]): MachineImage {
  const pes = new Map<string, number>();
  const out: MachineImage = { pes: [], tables: [], dram: [] };
  const entries = new Map<string, Array<{ key: number; mask: number; copy: number }>>();
  images.forEach((img, copy) => {
    for (const p of img.pes) {
      const id = `${p.chip.x},${p.chip.y},${p.pe}`;
      const other = pes.get(id);
      if (other !== undefined) throw new Error(`batch copies ${other} and ${copy} both use chip(${p.chip.x},${p.chip.y}).pe(${p.pe}); map each copy onto its own PEs`);
      pes.set(id, copy);
      out.pes.push(p);
    }
    for (const t of img.tables) {
      const chip = `${t.chip.x},${t.chip.y}`;
      let list = entries.get(chip);
      if (!list) entries.set(chip, (list = []));
      for (const e of t.entries) {
        const clash = list.find((x) => x.copy !== copy && ((x.key ^ e.key) & x.mask & e.mask) === 0);
        if (clash) {
          throw new Error(
            `batch copies ${clash.copy} and ${copy} have overlapping keys on chip(${chip}) (0x${(clash.key >>> 0).toString(16)} and ` +
              `0x${(e.key >>> 0).toString(16)}); give each copy its own key range`,
          );
        }
        list.push({ key: e.key >>> 0, mask: e.mask >>> 0, copy });
      }
      out.tables.push(t);
    }
    out.dram!.push(...(img.dram ?? []));
  });
  return out;
}
