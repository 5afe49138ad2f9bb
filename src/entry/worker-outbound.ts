// The Worker's way to reach identity providers. A Worker cannot choose the address its fetch connects to,
// so nothing can be pinned: names are resolved only to check them (when settings are saved, and before
// each discovery), through Cloudflare's DNS over HTTPS, the same resolver workerd's own node:dns asks.
// Address literals are refused without asking anyone.
import type { Outbound } from "../lib/outbound.js";

const DOH = "https://cloudflare-dns.com/dns-query";
const TYPES = { A: 1, AAAA: 28 } as const;

export function workerOutbound(): Outbound {
  const ask = async (host: string, type: keyof typeof TYPES) => {
    const url = `${DOH}?name=${encodeURIComponent(host)}&type=${type}`;
    const res = await fetch(url, { headers: { accept: "application/dns-json" } });
    if (!res.ok) throw new Error(`DNS over HTTPS answered ${res.status}`);
    const body = (await res.json()) as { Status?: number; Answer?: Array<{ type: number; data: string }> };
    return (body.Answer ?? []).filter((a) => a.type === TYPES[type]).map((a) => a.data);
  };
  return {
    resolve: async (host) => {
      const [a, aaaa] = await Promise.all([ask(host, "A"), ask(host, "AAAA")]);
      return [...a, ...aaaa];
    },
  };
}
