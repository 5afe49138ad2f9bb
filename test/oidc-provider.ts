// A real OpenID provider for tests: oidc-provider (the certified Node implementation) on a loopback port,
// with its development login pages. Whatever is typed as "login" is the account: its email is that text,
// verified, unless it starts with "unverified:".
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
    claims: { openid: ["sub"], email: ["email", "email_verified"] },
    cookies: { keys: [`cookie-key-${crypto.randomUUID()}`] },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx: unknown, id: string) {
      const unverified = id.startsWith("unverified:");
      const email = unverified ? id.slice("unverified:".length) : id;
      return {
        accountId: id,
        async claims() {
          return { sub: id, email, email_verified: !unverified };
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
