import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LINK_DELTAS, oppositeLink } from './topology';
import { board48Topology, boardsTopology, topologyPreset, triadTopology } from './topologyPresets';

describe('topology', () => {
  it('board48 has the hexagonal outline of HARDWARE.md and no wrap-around', () => {
    const t = board48Topology();
    expect(t.size).toBe(48);
    const ranges = [[0, 3], [0, 4], [0, 5], [0, 6], [0, 7], [1, 7], [2, 7], [3, 7]];
    for (let x = 0; x < 8; x++) for (let y = 0; y < 8; y++) expect(t.index(x, y) >= 0).toBe(y >= ranges[x][0] && y <= ranges[x][1]);
    expect(t.neighbour(0, 0, 3)).toBeNull(); // W of the corner leaves the board
    expect(t.neighbour(0, 0, 1)).toEqual({ x: 1, y: 1 });
    expect(t.neighbour(7, 7, 0)).toBeNull();
    expect(t.ethernetChips()).toEqual([{ x: 0, y: 0 }]);
  });

  it('links are E, NE, N, W, SW, S and opposite is +3 mod 6', () => {
    expect(LINK_DELTAS).toEqual([[1, 0], [1, 1], [0, 1], [-1, 0], [-1, -1], [0, -1]]);
    for (let l = 0; l < 6; l++) {
      expect(LINK_DELTAS[oppositeLink(l)][0]).toBe(0 - LINK_DELTAS[l][0] + 0);
      expect(LINK_DELTAS[oppositeLink(l)][1]).toBe(0 - LINK_DELTAS[l][1] + 0);
    }
  });

  it('a triad is a full 12x12 torus with Ethernet chips at (0,0), (8,4), (4,8)', () => {
    const t = triadTopology();
    expect(t.size).toBe(144);
    expect(Array.from(t.neighbours).every((n) => n >= 0)).toBe(true);
    expect(t.neighbour(11, 11, 1)).toEqual({ x: 0, y: 0 });
    expect(t.neighbour(0, 5, 3)).toEqual({ x: 11, y: 5 });
    expect(t.ethernetChips()).toEqual(expect.arrayContaining([{ x: 0, y: 0 }, { x: 8, y: 4 }, { x: 4, y: 8 }]));
    expect(t.ethernetChips().length).toBe(3);
  });

  it('boards(n) tiles triads, keeps 48 chips per board, and refuses shapes it cannot tile', () => {
    expect(boardsTopology(2).size).toBe(96);
    const six = boardsTopology(6);
    expect([six.width, six.height, six.size]).toEqual([24, 12, 288]);
    const twelve = topologyPreset('boards(12)');
    expect([twelve.width, twelve.height, twelve.size, twelve.ethernetChips().length]).toEqual([24, 24, 576, 12]);
    expect(() => boardsTopology(4)).toThrow(/multiple of 3/);
    expect(() => topologyPreset('ring')).toThrow(/unknown machine preset/);
  });

  it('every link has its way back by the opposite link (property, all presets)', () => {
    const topos = [board48Topology(), boardsTopology(2), triadTopology(), boardsTopology(9)];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: topos.length - 1 }), fc.nat(), fc.integer({ min: 0, max: 5 }), (ti, ci, l) => {
        const t = topos[ti];
        const c = t.chips[ci % t.size];
        const n = t.neighbour(c.x, c.y, l);
        if (!n) return;
        expect(t.neighbour(n.x, n.y, oppositeLink(l))).toEqual(c);
        // Without wrap, a neighbour is exactly one delta away.
        if (!t.wrap) expect([n.x - c.x, n.y - c.y]).toEqual(LINK_DELTAS[l]);
      }),
    );
  });
});
