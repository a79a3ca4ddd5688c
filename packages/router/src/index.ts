// Public surface of @s2sim/router, re-exported by name.
export { LINK_COUNT, LINK_NAMES, ROUTE_WORDS, MAX_ROUTE_PES, peBit, encodeRoute, decodeRoute, type RouteSpec } from './route';
export { MulticastTable, TableCapacityError, DEFAULT_TABLE_ENTRIES } from './multicastTable';
export { KeyTrie, HOLE } from './keyTrie';
export { CompiledLookup } from './compiledLookup';
export {
  PacketType,
  PACKET_TYPE_NAMES,
  MAX_PAYLOAD_WORDS,
  NN_ALL_LINKS,
  packKind,
  kindType,
  kindPayloadWords,
  kindNnLink,
  packetBits,
  p2pKey,
  p2pDestination,
  localPort,
  isLinkPort,
} from './packet';
export { PacketBatch } from './packetBatch';
export { routerParamsSchema, describeRouterParams, type RouterParams, type RouterParamsInput } from './routerParams';
export {
  RouterCounters,
  ROUTER_STATISTICS,
  LINK_STATISTICS,
  type RouterStatisticName,
  type LinkStatisticName,
} from './routerStatistics';
export { RouterKernel, routerOutputs, MONITOR_PE, type RouterKernelOptions, type RouterOutputs } from './routerKernel';
export { Topology, LINK_DELTAS, oppositeLink, board48Offsets, type ChipXY } from './topology';
export { board48Topology, triadTopology, boardsTopology, topologyPreset, type TopologyPreset } from './topologyPresets';
export { buildMulticastTree, type MulticastTree, type PeAddress } from './multicastTree';
export { checkMulticastTree, type TreeReport } from './treeChecker';
export { p2pNextLinks, p2pRoute, p2pTable } from './p2pRoute';
export { allocateKeys, keyOf, checkKeyAllocation, type KeySource, type KeySpace, type SourceKeys } from './keyAllocation';
export type { TableCompressor, CompressOptions, UnmatchedKeys } from './tableCompressor';
export { compressOrdered, orderedCompressor } from './orderedCompressor';
export { checkTableEquivalence, type EquivalenceResult, type RoutingMismatch } from './tableEquivalence';
export { tablesFromTrees, fitTables, type RoutedSource } from './tableGeneration';
export { parsePacmanJsonTables, parsePacmanCsvTable } from './pacmanFixtures';
