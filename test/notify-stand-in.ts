// A local stand-in for GOV.UK Notify's email endpoint (Notify cannot be reached from here). It checks
// what the official client sends, as Notify would: POST /v2/notifications/email, a JWT signed with the
// key's secret whose iss is the service id and whose iat is recent, and a JSON payload with the template
// and personalisation. Wrong requests get Notify's error shapes; good ones are kept for the test.
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

const SERVICE_ID = "0b2b6b0c-5a7e-4f5e-9c2f-2d2a8f6b1c11";
const SECRET = "7c1d3f0e-9a4b-4c6d-8e2f-1a3b5c7d9e0f";
export const API_KEY = `withus_test-${SERVICE_ID}-${SECRET}`;
export const TEMPLATE_ID = "f33517ff-2a88-4f6e-b855-c550268ce08a";

interface NotifyEmail {
  template_id: string;
  email_address: string;
  personalisation: { subject: string; body: string };
  reference?: string;
}

function verifyJwt(token: string): string | null {
  const [h, p, s] = token.split(".");
  if (!h || !p || !s) return "token is not a JWT";
  const header = JSON.parse(Buffer.from(h, "base64url").toString());
  if (header.alg !== "HS256" || header.typ !== "JWT") return "token must be HS256";
  const expected = createHmac("sha256", SECRET).update(`${h}.${p}`).digest();
  const got = Buffer.from(s, "base64url");
  if (got.length !== expected.length || !timingSafeEqual(got, expected)) return "Invalid token: signature";
  const claims = JSON.parse(Buffer.from(p, "base64url").toString());
  if (claims.iss !== SERVICE_ID) return "Invalid token: service id";
  if (typeof claims.iat !== "number" || Math.abs(Date.now() / 1000 - claims.iat) > 30)
    return "Invalid token: expired";
  return null;
}

export async function startNotifyStandIn(opts: { failWith?: number } = {}) {
  const received: NotifyEmail[] = [];
  const rejected: string[] = [];
  let failWith = opts.failWith ?? 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const answer = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      const fail = (status: number, error: string, message: string) => {
        rejected.push(`${status} ${message}`);
        answer(status, { status_code: status, errors: [{ error, message }] });
      };
      // For a test in another process (the Worker suite): what has arrived so far.
      if (req.method === "GET" && req.url === "/_test/received") return answer(200, received);
      if (req.method !== "POST" || req.url !== "/v2/notifications/email") {
        return fail(404, "NotFound", `${req.method} ${req.url}`);
      }
      const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? "");
      if (!auth) return fail(403, "AuthError", "Unauthorized: authentication token must be provided");
      const bad = verifyJwt(auth[1]!);
      if (bad) return fail(403, "AuthError", bad);
      if (!req.headers["content-type"]?.startsWith("application/json"))
        return fail(400, "BadRequestError", "not JSON");
      const body = JSON.parse(Buffer.concat(chunks).toString()) as NotifyEmail;
      if (body.template_id !== TEMPLATE_ID) return fail(400, "BadRequestError", "Template not found");
      if (!/^[^@\s]+@[^@\s]+$/.test(body.email_address))
        return fail(400, "ValidationError", "email_address Not a valid email address");
      const p = body.personalisation;
      if (!p || typeof p.subject !== "string" || typeof p.body !== "string")
        return fail(400, "BadRequestError", "Missing personalisation: subject, body");
      if (failWith) return fail(failWith, "Exception", "Internal server error");
      received.push(body);
      answer(201, {
        id: crypto.randomUUID(),
        reference: body.reference ?? null,
        content: { subject: p.subject, body: p.body, from_email: "withus@notifications.service.gov.uk" },
        uri: "",
        template: { id: TEMPLATE_ID, version: 1, uri: "" },
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    rejected,
    setFailure(status: number) {
      failWith = status;
    },
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
