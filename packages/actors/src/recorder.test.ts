import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Recorder, type RecordBatch } from './recorder';

const row = fc.record({ tick: fc.integer({ min: 0, max: 5 }), pe: fc.integer({ min: 0, max: 4 }), value: fc.integer() });

describe('Recorder.appendCanonical', () => {
  it('orders rows by tick, then PE, keeping each PE’s own order, whatever the partitioning', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 60 }), fc.integer({ min: 1, max: 3 }), (rows, parts) => {
        // Partition by PE (as threads own whole chips), each batch in recording order.
        const batches: RecordBatch[] = Array.from({ length: parts }, (_, k) => {
          const r = new Recorder();
          for (const x of rows) if (x.pe % parts === k) r.append('c', x.tick, x.pe, x.value);
          return r.drain();
        });
        const out = new Recorder();
        out.appendCanonical(batches);
        const got = out.channel('c');
        // Reference: a stable sort of the rows as recorded (JS sort is stable).
        const want = [...rows].sort((a, b) => a.tick - b.tick || a.pe - b.pe);
        expect(Array.from(got.ticks)).toEqual(want.map((x) => x.tick));
        expect(Array.from(got.pes)).toEqual(want.map((x) => x.pe));
        expect(Array.from(got.values)).toEqual(want.map((x) => x.value));
      }),
      { numRuns: 300 },
    );
  });
});
