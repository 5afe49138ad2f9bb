// Single sign-on cannot be pointed inside: an issuer that is, or resolves to, an address in a private
// network (loopback, link-local, private, ...) is refused when saved, a name that changes its answer after
// saving (DNS rebinding) is refused when the server connects, and so is a discovery document that names an
// inward endpoint. Names are answered by a real DNS server on loopback (dns2), which the server is pointed
// at; loopback listeners count every connection made to them.

import http from "node:http";
import type { AddressInfo } from "node:net";
import net from "node:net";
import dns2 from "dns2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeOutbound } from "../../src/entry/node-outbound.js";
import { json, makeOrganisation, makeUser, signInSession } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";

const FORM = { "content-type": "application/x-www-form-urlencoded", accept: "text/html" };
/** What the test DNS server answers, by name; changed by the tests as they go. */
const answers = new Map<string, string[]>();
let dnsServer: ReturnType<typeof dns2.createServer>;
let dnsAddress: string;
let h: Harness;
let insecure: Harness;
const listeners: Array<{ server: net.Server; port: number; connections: number }> = [];

async function listen(host: string) {
  const entry = { server: net.createServer(), port: 0, connections: 0 };
  entry.server.on("connection", (s) => {
    entry.connections++;
    s.destroy();
  });
  await new Promise<void>((resolve) => entry.server.listen(0, host, resolve));
  entry.port = (entry.server.address() as AddressInfo).port;
  listeners.push(entry);
  return entry;
}

beforeAll(async () => {
  dnsServer = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = dns2.Packet.createResponseFromRequest(request);
      const [question] = request.questions;
      for (const address of answers.get(question!.name.toLowerCase()) ?? []) {
        const v6 = address.includes(":");
        if (question!.type !== (v6 ? dns2.Packet.TYPE.AAAA : dns2.Packet.TYPE.A)) continue;
        response.answers.push({
          name: question!.name,
          type: v6 ? dns2.Packet.TYPE.AAAA : dns2.Packet.TYPE.A,
          class: dns2.Packet.CLASS.IN,
          ttl: 0,
          address,
        } as (typeof response.answers)[number]);
      }
      send(response);
    },
  });
  const bound = await dnsServer.listen({ udp: { port: 0, address: "127.0.0.1" } });
  dnsAddress = `127.0.0.1:${(bound.udp as AddressInfo).port}`;
  h = await createHarness({ outbound: nodeOutbound({ allowLoopback: false, dnsServers: [dnsAddress] }) });
  insecure = await createHarness({
    config: { OIDC_ALLOW_INSECURE_ISSUER: "true", TRUST_PROXY: "true" },
    outbound: nodeOutbound({ allowLoopback: true, dnsServers: [dnsAddress] }),
  });
});
afterAll(async () => {
  await dnsServer?.close();
  for (const l of listeners) l.server.close();
  await h?.close();
  await insecure?.close();
});

/** A provider on loopback that serves only its discovery document, counting how often it is asked. */
async function discoveryServer() {
  const state = { tokenEndpoint: "", fetches: 0, issuer: "", close: () => {} };
  const idp = http.createServer((req, res) => {
    if (req.url !== "/.well-known/openid-configuration") return res.writeHead(404).end();
    state.fetches++;
    res.setHeader("content-type", "application/json");
    res.end(
      JSON.stringify({
        issuer: state.issuer,
        authorization_endpoint: `${state.issuer}/auth`,
        token_endpoint: state.tokenEndpoint || `${state.issuer}/token`,
        jwks_uri: `${state.issuer}/jwks`,
        response_types_supported: ["code"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
      }),
    );
  });
  await new Promise<void>((resolve) => idp.listen(0, "127.0.0.1", resolve));
  state.issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
  state.close = () => idp.close();
  return state;
}

async function organisation(harness: Harness) {
  const org = await makeOrganisation(harness.db, "commissioner");
  const domain = `sso-${org.id.slice(0, 8)}.example.gov.uk`;
  const admin = await makeUser(harness.db, org.id, "admin", `admin@${domain}`);
  const save = (issuer: string) =>
    harness.app.request(
      `/api/organisations/${org.id}/sign-in`,
      json(
        {
          oidc: { issuer, clientId: "withus", clientSecret: "s3cret-s3cret", emailDomains: [domain] },
          passwordSignIn: true,
        },
        admin.auth,
        "PUT",
      ),
    );
  const startSignIn = (from?: string) =>
    harness.app.request("/sign-in", {
      method: "POST",
      headers: from ? { ...FORM, "x-forwarded-for": from } : FORM,
      body: new URLSearchParams({ email: `pat@${domain}`, sso: "1" }).toString(),
    });
  await makeUser(harness.db, org.id, "reviewer", `pat@${domain}`);
  return { save, startSignIn, admin, domain };
}

const issuerError = async (res: Response) => {
  expect(res.status, await res.clone().text()).toBe(422);
  const problem = (await res.json()) as { errors: Array<{ path: string; message: string }> };
  expect(problem.errors.map((e) => e.path)).toEqual(["oidc/issuer"]);
  return problem.errors[0]!.message;
};

describe("single sign-on never reaches inside", () => {
  it("refuses to save an issuer that is, or resolves to, an inward address, and connects to none of them", async () => {
    const v4 = await listen("127.0.0.1");
    const v6 = await listen("::1");
    const suffix = crypto.randomUUID().slice(0, 8);
    answers.set(`inward-${suffix}.sso-test.example`, ["10.1.2.3"]);
    answers.set(`loop-${suffix}.sso-test.example`, ["127.0.0.1"]);
    answers.set(`mixed-${suffix}.sso-test.example`, ["93.184.215.14", "::ffff:127.0.0.1"]);
    const { save } = await organisation(h);
    for (const issuer of [
      `https://127.0.0.1:${v4.port}`,
      "https://169.254.169.254/",
      `https://[::1]:${v6.port}/`,
      "https://10.0.0.1/",
      "https://100.64.0.1/",
      "https://[::ffff:127.0.0.1]/",
      `https://[fd00::1]:${v6.port}/`,
      `https://localhost:${v4.port}/`,
      `https://inward-${suffix}.sso-test.example/`,
      `https://loop-${suffix}.sso-test.example:${v4.port}/`,
      `https://mixed-${suffix}.sso-test.example:${v4.port}/`,
    ]) {
      expect(await issuerError(await save(issuer)), issuer).toContain("inside a private network");
    }
    // The admin's page says so at the field.
    const { admin, domain } = await organisation(h);
    const s = await signInSession(h.app, admin.email);
    const page = await h.app.request("/admin/sign-in", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html", cookie: s.cookie },
      body: new URLSearchParams({
        _csrf: s.csrfToken,
        issuer: `https://127.0.0.1:${v4.port}/`,
        clientId: "withus",
        clientSecret: "s3cret-s3cret",
        emailDomains: domain,
        passwordSignIn: "yes",
        requireTwoFactor: "no",
      }).toString(),
    });
    expect(page.status).toBe(422);
    const html = await page.text();
    expect(html).toContain("govuk-error-summary");
    expect(html).toMatch(/id="issuer-error"[\s\S]*inside a private network/);
    expect(v4.connections + v6.connections).toBe(0);
  });

  it("a name that pointed outward when saved and inward at sign-in is refused when connecting", async () => {
    const target = await listen("127.0.0.1");
    const name = `rebind-${crypto.randomUUID().slice(0, 8)}.sso-test.example`;
    answers.set(name, ["93.184.215.14"]);
    const { save, startSignIn } = await organisation(h);
    // Saved while it points to a public address (which does not answer on this port: saved all the same).
    expect((await save(`https://${name}:${target.port}`)).status).toBe(200);
    answers.set(name, ["127.0.0.1"]);
    const res = await startSignIn();
    expect(res.status).toBe(403);
    const page = await res.text();
    expect(page).toContain("You have not been signed in");
    expect(page).toContain("inside a private network");
    expect(target.connections).toBe(0);
  });

  it("a discovery document naming an inward token endpoint is refused when saved, and at sign-in", async () => {
    // OIDC_ALLOW_INSECURE_ISSUER lets the provider itself be on loopback; nothing else inward is allowed.
    const idp = await discoveryServer();
    const name = `token-${crypto.randomUUID().slice(0, 8)}.sso-test.example`;
    answers.set(name, ["169.254.169.254"]);
    try {
      const { save, startSignIn } = await organisation(insecure);
      idp.tokenEndpoint = "http://10.0.0.1/token";
      expect(await issuerError(await save(idp.issuer))).toContain(
        "its token endpoint in its discovery document",
      );
      idp.tokenEndpoint = "";
      expect((await save(idp.issuer)).status).toBe(200);
      // The provider changes its document after the settings were saved.
      idp.tokenEndpoint = `https://${name}/token`;
      const res = await startSignIn();
      expect(res.status).toBe(403);
      expect(await res.text()).toContain("inside a private network");
    } finally {
      idp.close();
    }
  });

  it("with OIDC_ALLOW_INSECURE_ISSUER (tests) a provider on loopback is allowed; one without a discovery document is saved, and sign-in says it cannot be reached", async () => {
    const { save, startSignIn } = await organisation(insecure);
    const idp = http.createServer((_req, res) => res.end("{}"));
    await new Promise<void>((resolve) => idp.listen(0, "127.0.0.1", resolve));
    try {
      // Reachable but no discovery document: saved (checked again at sign-in), and sign-in says so.
      expect((await save(`http://127.0.0.1:${(idp.address() as AddressInfo).port}`)).status).toBe(200);
      const res = await startSignIn();
      expect(res.status).toBe(403);
      expect(await res.text()).toContain("could not be reached");
    } finally {
      idp.close();
    }
  });

  it("keeps a provider's discovery document for a few minutes, and limits sign-on starts per address", async () => {
    const idp = await discoveryServer();
    try {
      const { save, startSignIn } = await organisation(insecure);
      expect((await save(idp.issuer)).status).toBe(200);
      const saved = idp.fetches;
      const from = `198.51.100.${Math.floor(Math.random() * 250)}-${crypto.randomUUID()}`;
      for (let i = 0; i < 100; i++) expect((await startSignIn(from)).status).toBe(200);
      // One fetch for the first start; the other 99 were answered from the kept document.
      expect(idp.fetches - saved).toBe(1);
      const limited = await startSignIn(from);
      expect(limited.status).toBe(429);
      expect(await limited.text()).toContain("too many single sign-on attempts from your network");
      // Someone else, elsewhere, still starts.
      expect((await startSignIn(`${from}-other`)).status).toBe(200);
    } finally {
      idp.close();
    }
  });

  it("limits how often anyone can make the server ask one provider's host for its document", async () => {
    // No discovery document here, so nothing is kept and every start would ask again.
    const idp = http.createServer((_req, res) => res.writeHead(404).end());
    await new Promise<void>((resolve) => idp.listen(0, "127.0.0.1", resolve));
    let asked = 0;
    idp.on("request", () => asked++);
    try {
      const { save, startSignIn } = await organisation(insecure);
      expect((await save(`http://127.0.0.1:${(idp.address() as AddressInfo).port}`)).status).toBe(200);
      const before = asked;
      for (let i = 0; i < 60; i++) {
        const res = await startSignIn(`203.0.113.${i}-${crypto.randomUUID()}`);
        expect(res.status).toBe(403);
      }
      expect(asked - before).toBe(60);
      const limited = await startSignIn(`203.0.113.99-${crypto.randomUUID()}`);
      expect(limited.status).toBe(429);
      expect(await limited.text()).toContain("asked this identity provider for its settings too often");
      expect(asked - before).toBe(60);
    } finally {
      idp.close();
    }
  });
});
