import { LINK_COUNT } from './route';

/**
 * Packet kinds [ST, G23]: multicast (a 32-bit key routed by the table), point-to-point (to one chip, by the P2P
 * table), nearest-neighbour (to the chip at the end of one link, or all six) and fixed-route (one route register
 * per chip). Any packet may carry a payload of 0-4 32-bit words (0, 32, 64, 96 or 128 bits).
 */
export const PacketType = { MC: 0, P2P: 1, NN: 2, FR: 3 } as const;
export type PacketType = (typeof PacketType)[keyof typeof PacketType];
export const PACKET_TYPE_NAMES = ['MC', 'P2P', 'NN', 'FR'] as const;
export const MAX_PAYLOAD_WORDS = 4;
/** An NN packet whose link field says this goes out on all six links. */
export const NN_ALL_LINKS = 7;

/**
 * A packet's kind byte: bits 0-1 type, bits 2-4 payload words (0-4), bits 5-7 the NN link (0-5, or 7 for all).
 * One byte per packet keeps batches small and lets the router switch on `kind & 3`.
 */
export function packKind(type: PacketType, payloadWords = 0, nnLink = 0): number {
  if (!Number.isInteger(payloadWords) || payloadWords < 0 || payloadWords > MAX_PAYLOAD_WORDS)
    throw new RangeError(`payload of ${payloadWords} words: a packet carries 0-4 words (up to 128 bits)`);
  if (nnLink !== NN_ALL_LINKS && (nnLink < 0 || nnLink >= LINK_COUNT)) throw new RangeError(`NN link ${nnLink} is not 0-5 or 7`);
  return type | (payloadWords << 2) | (nnLink << 5);
}

export const kindType = (kind: number): PacketType => (kind & 3) as PacketType;
export const kindPayloadWords = (kind: number): number => (kind >>> 2) & 7;
export const kindNnLink = (kind: number): number => kind >>> 5;

/** Bits a packet occupies on a link: header, 32-bit key field, payload. */
export function packetBits(kind: number, headerBits: number): number {
  return headerBits + 32 + 32 * kindPayloadWords(kind);
}

/** The key field of a P2P packet: destination chip in the high 16 bits, source chip in the low 16 bits. */
export function p2pKey(destination: number, source: number): number {
  if (destination < 0 || destination > 0xffff || source < 0 || source > 0xffff) throw new RangeError('P2P chip indices are 16-bit');
  return ((destination << 16) | source) >>> 0;
}
export const p2pDestination = (key: number): number => key >>> 16;

/** Port numbers: 0-5 are links; 6 + p is local PE p (as route bits). */
export const localPort = (pe: number): number => LINK_COUNT + pe;
export const isLinkPort = (port: number): boolean => port < LINK_COUNT;
