export { LINK_COUNT, LINK_NAMES, ROUTE_WORDS, MAX_ROUTE_PES, peBit, encodeRoute, decodeRoute, type RouteSpec } from './route';
export { MulticastTable, TableCapacityError } from './multicastTable';
