// The Node entry's way to reach identity providers: every connection goes to an address checked at the
// moment of connecting (undici's connector, given the checked address and the original name for TLS), so
// a name that resolved outward when the settings were saved cannot be made to point inward later.
import dns from "node:dns";
import { Agent, buildConnector, fetch as undiciFetch } from "undici";
import { type Outbound, publicAddresses, type ResolveHost } from "../lib/outbound.js";

export interface NodeOutboundOptions {
  /** Loopback allowed too (OIDC_ALLOW_INSECURE_ISSUER, tests only). */
  allowLoopback: boolean;
  /**
   * DNS servers to ask instead of the system's resolver ("127.0.0.1:5353"): tests point this at their own
   * DNS server. Unset in service: names resolve as for everything else on the machine (/etc/hosts too).
   */
  dnsServers?: string[];
}

function resolver(dnsServers: string[] | undefined): ResolveHost {
  if (!dnsServers) {
    return async (host) =>
      (await dns.promises.lookup(host, { all: true, order: "verbatim" })).map((a) => a.address);
  }
  const r = new dns.promises.Resolver({ timeout: 2000, tries: 2 });
  r.setServers(dnsServers);
  return async (host) => {
    const [v4, v6] = await Promise.allSettled([r.resolve4(host), r.resolve6(host)]);
    const found = [
      ...(v4.status === "fulfilled" ? v4.value : []),
      ...(v6.status === "fulfilled" ? v6.value : []),
    ];
    if (!found.length && v4.status === "rejected") throw v4.reason;
    return found;
  };
}

export function nodeOutbound(options: NodeOutboundOptions): Outbound {
  const resolve = resolver(options.dnsServers);
  const connector = buildConnector({ timeout: 10_000 });
  const agent = new Agent({
    connect(opts, callback) {
      publicAddresses(opts.hostname, resolve, options.allowLoopback).then(
        ([address]) =>
          // `host` keeps the name, from which undici takes the TLS server name the certificate must match.
          connector({ ...opts, hostname: address! }, callback),
        (e: Error) => callback(e, null),
      );
    },
  });
  return {
    resolve,
    fetch: ((input: string | URL, init?: RequestInit) =>
      undiciFetch(input, { ...(init as object), dispatcher: agent })) as unknown as typeof fetch,
  };
}
