// Run: node --import tsx packages/router/examples/quickstart.ts
import {
  board48Topology,
  allocateKeys,
  buildMulticastTree,
  checkMulticastTree,
  tablesFromTrees,
  fitTables,
  orderedCompressor,
  RouterKernel,
  routerOutputs,
  PacketBatch,
  PacketType,
  packKind,
  localPort,
} from '@s2sim/router';

const board = board48Topology();
// One population of 100 neurons on chip (0,0), PE 3, projecting to PEs on three chips.
const [keys] = allocateKeys([{ name: 'exc', slices: [100] }]);
const targets = [
  { chip: board.index(4, 4), pe: 10 },
  { chip: board.index(4, 5), pe: 11 },
  { chip: board.index(7, 7), pe: 12 },
];
const tree = buildMulticastTree(board, { chip: board.index(0, 0), pe: 3 }, targets);
const report = checkMulticastTree(board, tree, targets);
console.log(`tree ok=${report.ok}, mean hops ${report.meanHops} (lower bound ${report.meanHopsLowerBound}), ${report.links} links`);

// One table per chip on the tree, compressed and checked against the 16,384-entry capacity.
const tables = fitTables(tablesFromTrees(board, [{ tree, key: keys.space.key, mask: keys.space.mask }]), orderedCompressor);
console.log(`${tables.size} chips have tables; entries per chip: ${[...tables.values()].map((t) => t.size).join(', ')}`);

// The source chip's router routes a window of spikes (neuron i sends key + i) from PE 3.
const source = board.index(0, 0);
const kernel = new RouterKernel({ table: tables.get(source)! });
const batch = new PacketBatch();
for (let i = 0; i < 100; i++) batch.push(packKind(PacketType.MC), keys.space.key + i, localPort(3), i * 10);
const out = routerOutputs();
kernel.route(batch, out);
console.log(`copies per link: ${out.links.map((b) => b.count).join(', ')}; local: ${out.local.count}`);
console.log(kernel.counters.report('chip(0,0)').filter((s) => s.value !== 0));
