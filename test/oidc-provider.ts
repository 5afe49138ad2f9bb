// A real OpenID provider for tests: oidc-provider (the certified Node implementation) on a loopback port,
// with its development login pages. Whatever is typed as "login" is the account: its email is that text,
// verified, unless it starts with "unverified:". "entra:" and "entra-unverified:" answer as Microsoft
// Entra ID does for work accounts: no email_verified, and its optional claim xms_edov true or false.
import http from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";

export interface TestIdP {
  issuer: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

export async function startIdP(redirectUris: string[]): Promise<TestIdP> {
  let handler: http.RequestListener = (_req, res) => res.end();
  const server = http.createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = "withus-test";
  const clientSecret = `secret-${crypto.randomUUID()}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: redirectUris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified", "xms_edov"] },
    cookies: { keys: [`cookie-key-${crypto.randomUUID()}`] },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx: unknown, id: string) {
      const [, prefix = "", email = id] = /^(unverified:|entra:|entra-unverified:)?(.*)$/.exec(id) ?? [];
      return {
        accountId: id,
        async claims() {
          if (prefix.startsWith("entra")) return { sub: id, email, xms_edov: prefix === "entra:" };
          return { sub: id, email, email_verified: prefix !== "unverified:" };
        },
      };
    },
  });
  // Quiet: its development warnings would fill the test output.
  provider.on("server_error", () => {});
  handler = provider.callback() as http.RequestListener;
  return {
    issuer,
    clientId,
    clientSecret,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
