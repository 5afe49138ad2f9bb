// Where the server may connect on someone else's say-so (an organisation's identity provider, whose
// address its admin types): public unicast addresses only, never into the network the server sits in.
// The classification is ipaddr.js's (its special ranges: loopback, link-local, private, unique-local,
// carrier-grade NAT, unspecified, multicast, broadcast, reserved and documentation, IPv4-mapped and the
// other IPv6 forms that carry an IPv4 address); anything but its "unicast" is refused.
import ipaddr from "ipaddr.js";

/** Every address a host name has now (A and AAAA). Rejects when the name cannot be resolved. */
export type ResolveHost = (host: string) => Promise<string[]>;

/**
 * How the server reaches identity providers. `resolve` answers what a name points to now (checked when
 * settings are saved and before each discovery). `fetch`, where the platform lets us, connects only to an
 * address it has itself checked, so a name cannot point elsewhere between the check and the connection
 * (DNS rebinding); the Worker has none and uses the platform's fetch.
 */
export interface Outbound {
  resolve: ResolveHost;
  fetch?: typeof fetch;
}

/** The server would not connect: the host is, or resolves to, an address inside. */
export class InwardAddress extends Error {
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(`${host} is an address inside the network (${address})`);
  }
}

/** A host as written in a URL (IPv6 in brackets) to the address it is, or null for a name. */
function addressLiteral(host: string): string | null {
  const h = host.replace(/^\[(.*)\]$/, "$1");
  if (ipaddr.IPv4.isValidFourPartDecimal(h)) return h;
  if (h.includes(":") && ipaddr.IPv6.isValid(h)) return h;
  return null;
}

/** Whether the server may connect to this address for a stranger; with allowLoopback (tests only), loopback too. */
function isPublicAddress(address: string, allowLoopback = false): boolean {
  if (!ipaddr.isValid(address)) return false;
  const range = ipaddr.parse(address).range();
  return range === "unicast" || (allowLoopback && range === "loopback");
}

/** Names that are loopback by definition (RFC 6761), whatever a resolver says. */
const LOOPBACK_NAME = /(^|\.)localhost\.?$/i;

/**
 * The addresses to connect to for a host (a literal, or every address its name has now), each checked:
 * throws InwardAddress if any is not public, so a name that points both out and in is refused.
 */
export async function publicAddresses(
  host: string,
  resolve: ResolveHost,
  allowLoopback = false,
): Promise<string[]> {
  const literal = addressLiteral(host);
  if (LOOPBACK_NAME.test(host)) {
    if (!allowLoopback) throw new InwardAddress(host, "loopback");
    return ["127.0.0.1"];
  }
  const addresses = literal ? [literal] : await resolve(host.replace(/\.$/, ""));
  if (!addresses.length) throw new Error(`${host} has no address`);
  for (const address of addresses)
    if (!isPublicAddress(address, allowLoopback)) throw new InwardAddress(host, address);
  return addresses;
}

/**
 * For a check made when settings are saved: InwardAddress if the host is or resolves inward; a name that
 * cannot be resolved now passes (it may be set up later, and every connection is checked again).
 */
export async function refuseInward(host: string, resolve: ResolveHost, allowLoopback = false) {
  try {
    await publicAddresses(host, resolve, allowLoopback);
  } catch (e) {
    if (e instanceof InwardAddress) throw e;
  }
}
