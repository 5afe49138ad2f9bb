// A refusal made before the request body was read closes the connection, and the server reads no more
// than a small cap of that body: the client's next requests go out on a fresh connection and succeed, and
// nobody can make the server take in a body it has already refused.
import net, { type AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Agent } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withStreamedMultipart } from "../../src/entry/node-request-body.js";
import { REFUSED_READ_CAP } from "../../src/lib/multipart.js";
import {
  findObligation,
  issuedSpecification,
  letContract,
  type Tenant,
  webSession,
} from "../contracts/fixtures.js";
import { makeTenant } from "../factories.js";
import { createHarness, type Harness } from "../harness.js";

const MB = 1024 * 1024;
let h: Harness;
let server: ReturnType<typeof serve>;
let base: string;
let t: Tenant;
let auth: Record<string, string>;
/** An obligation that takes evidence now. */
let obligationId: string;

beforeAll(async () => {
  h = await createHarness({
    config: {
      JSON_BODY_LIMIT_BYTES: String(64 * 1024),
      // The most one submission may carry: 2 x 1 MB + 2 MB of fields and framing.
      UPLOAD_MAX_FILE_BYTES: String(MB),
      UPLOAD_MAX_FILES: "2",
    },
  });
  t = await makeTenant(h.db);
  auth = t.providerUser.auth;
  const spec = await issuedSpecification(h, t, ["FBK-02"]);
  const contract = await letContract(h, t, spec.id, { startDate: "2025-04-01", endDate: "2029-03-31" });
  obligationId = (await findObligation(h, auth, contract.id, "FBK-02", "2025-26 Q1")).id;
  // As the Node entry serves it: multipart bodies through its own reader (src/entry/node-request-body.ts).
  server = serve({ fetch: withStreamedMultipart(h.app.fetch), port: 0, hostname: "127.0.0.1" });
  await new Promise((r) => server.once("listening", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await h.close();
});

describe("refusals before the body is read: the same client's next requests succeed", () => {
  /**
   * Node's fetch with one kept-alive connection, so every request goes over the same socket unless the
   * server closes it. A body that fits in the socket's buffers is all "sent" before the 413 arrives; if
   * the server then left the connection open and closed it later, the next request would fail with
   * "other side closed" (as it does without Connection: close).
   */
  const oneConnection = () => new Agent({ connections: 1, pipelining: 1, keepAliveTimeout: 30_000 });

  async function threeMore(agent: Agent) {
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${base}/health`, { dispatcher: agent } as RequestInit);
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    }
  }

  it("after a 413 on an oversized JSON body, the same Node fetch client's next three requests succeed", async () => {
    const agent = oneConnection();
    try {
      const res = await fetch(`${base}/api/tokens`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: Buffer.from(JSON.stringify({ name: "x".repeat(MB) })),
        dispatcher: agent,
      } as RequestInit);
      expect(res.status).toBe(413);
      expect((await res.json()).detail).toMatch(/larger than/);
      await threeMore(agent);
      expect(res.headers.get("connection")).toBe("close");
    } finally {
      await agent.close();
    }
  });

  it("after an upload refused before its body is read (someone else's obligation), the next three succeed", async () => {
    const agent = oneConnection();
    try {
      const res = await fetch(`${base}/api/obligations/00000000-0000-4000-8000-000000000000/submissions`, {
        method: "POST",
        headers: { ...auth, "content-type": "multipart/form-data; boundary=x" },
        body: Buffer.alloc(MB),
        dispatcher: agent,
      } as RequestInit);
      expect(res.status).toBe(404);
      await res.arrayBuffer();
      await threeMore(agent);
      expect(res.headers.get("connection")).toBe("close");
    } finally {
      await agent.close();
    }
  });
});

// --- how much of a refused body is read ---

const enc = new TextEncoder();
const BOUNDARY = "----capcheck7c1f";

/** The multipart head: text fields, then the start of one file part. */
function head(fields: Record<string, string>) {
  let s = "";
  for (const [k, v] of Object.entries(fields))
    s += `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`;
  s += `--${BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n`;
  return enc.encode(s);
}
const TAIL = enc.encode(`\r\n--${BOUNDARY}--\r\n`);

/** A request body handed over one 64 KB chunk at a time, only when the server asks: it counts what was read. */
function countedBody(start: Uint8Array, fileBytes: number) {
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  const parts = [start];
  for (let left = fileBytes; left > 0; left -= chunk.length)
    parts.push(chunk.subarray(0, Math.min(left, chunk.length)));
  parts.push(TAIL);
  const total = parts.reduce((n, p) => n + p.length, 0);
  let read = 0;
  let i = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(c) {
        const p = parts[i++];
        if (!p) return c.close();
        read += p.length;
        c.enqueue(p);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, total, read: () => read };
}

async function post(pathname: string, body: ReturnType<typeof countedBody>, headers: Record<string, string>) {
  const res = await h.app.request(pathname, {
    method: "POST",
    headers: {
      "content-type": `multipart/form-data; boundary=${BOUNDARY}`,
      "content-length": String(body.total),
      ...headers,
    },
    body: body.stream,
    duplex: "half",
  } as RequestInit);
  return { status: res.status, text: await res.text(), connection: res.headers.get("connection") };
}

const webFields = (s: { csrf: string }, extra: Record<string, string> = {}) => ({
  _csrf: s.csrf,
  narrative: "Routes log for the quarter.",
  "coveredFrom-day": "1",
  "coveredFrom-month": "4",
  "coveredFrom-year": "2025",
  "coveredTo-day": "30",
  "coveredTo-month": "6",
  "coveredTo-year": "2025",
  noPersonalData: "true",
  ...extra,
});

describe("a refused upload is not read to the end", () => {
  const FILE = 32 * MB;
  /** What the server may read of a refused body: the cap, plus a chunk in flight and the head. */
  const ALLOWED = REFUSED_READ_CAP + 256 * 1024;

  it("the web form refused for a field error: the page answers after about the cap, not 32 MB", async () => {
    const s = await webSession(h, t.providerUser.email);
    const body = countedBody(head(webFields(s, { narrative: "" })), FILE);
    const res = await post(`/obligations/${obligationId}/submit`, body, {
      cookie: s.cookie,
      origin: "http://localhost",
      accept: "text/html",
    });
    expect(
      res.status,
      res.text
        .replace(/<[^>]+>/g, " ")
        .replace(/\s+/g, " ")
        .slice(0, 3000),
    ).toBe(422);
    expect(res.connection).toBe("close");
    expect(res.text).toContain("Describe the evidence you are submitting");
    expect(res.text).toContain(
      "Nothing was saved, so choose your files again (big.pdf, and any others you chose)",
    );
    expect(body.read()).toBeLessThan(ALLOWED);
  });

  it("the web form with a declared length over the most a submission may carry: 413 after about the cap", async () => {
    const s = await webSession(h, t.providerUser.email);
    const body = countedBody(head(webFields(s)), FILE);
    const res = await post(`/obligations/${obligationId}/submit`, body, {
      cookie: s.cookie,
      origin: "http://localhost",
      accept: "text/html",
    });
    expect(res.status).toBe(413);
    expect(res.connection).toBe("close");
    expect(res.text).toMatch(/The upload is larger than 4 MB/);
    // What was typed is kept: the fields come before the files and were read.
    expect(res.text).toContain("Routes log for the quarter.");
    // Here the fields passed, so the form's files had begun to stream towards the service (at most a
    // few hundred KB ahead, by backpressure) while it looked the obligation up; the cap counts from
    // its refusal.
    expect(body.read()).toBeLessThan(ALLOWED + MB);
  });

  it("the API with a declared length over the limit: 413 before a byte of the body is read", async () => {
    const body = countedBody(head({ narrative: "x" }), FILE);
    const res = await post(`/api/obligations/${obligationId}/submissions`, body, auth);
    expect(res.status).toBe(413);
    expect(res.connection).toBe("close");
    expect(body.read()).toBe(0);
  });

  it("the API refused for a field error: stops at the first file, without reading it", async () => {
    // Within the declared limit, so the fields are read and refused.
    const start = head({ narrative: "x", coveredFrom: "2025-04-01", coveredTo: "2025-06-30" });
    const body = countedBody(start, 3 * MB);
    const res = await post(`/api/obligations/${obligationId}/submissions`, body, auth);
    expect(res.status).toBe(422);
    expect(res.connection).toBe("close");
    expect(JSON.parse(res.text).errors).toContainEqual(expect.objectContaining({ path: "noPersonalData" }));
    expect(body.read()).toBeLessThan(start.length + 256 * 1024);
  });
});

describe("over a real connection", () => {
  /**
   * Sends a web upload with a field error and a 128 MB file over a raw socket, a chunk at a time as the
   * socket takes them, counting what it could send; the server answers and closes the connection after
   * about the cap, so the client is stopped far short of the body it announced.
   */
  it("the server answers a refused web upload and closes the connection long before the body ends", async () => {
    const s = await webSession(h, t.providerUser.email);
    const start = head(webFields(s, { noPersonalData: "" }));
    const total = start.length + 128 * MB + TAIL.length;
    const { port } = server.address() as AddressInfo;
    const socket = net.connect(port, "127.0.0.1");
    await new Promise((r) => socket.once("connect", r));
    let answer = "";
    socket.on("data", (d) => {
      answer += d.toString("latin1");
    });
    let closed = false;
    const closedP = new Promise<void>((r) =>
      socket.once("close", () => {
        closed = true;
        r();
      }),
    );
    socket.on("error", () => {});
    socket.write(
      `POST /obligations/${obligationId}/submit HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: ${base}\r\n` +
        `Cookie: ${s.cookie}\r\nAccept: text/html\r\n` +
        `Content-Type: multipart/form-data; boundary=${BOUNDARY}\r\nContent-Length: ${total}\r\n\r\n`,
    );
    socket.write(start);
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = start.length;
    while (!closed && sent < total - TAIL.length) {
      if (!socket.write(chunk)) {
        await Promise.race([new Promise((r) => socket.once("drain", r)), closedP]);
      }
      sent += chunk.length;
    }
    // A server that read it all gets the end of the body, and answers then.
    if (!closed) socket.write(TAIL);
    await closedP;
    expect(answer).toMatch(/^HTTP\/1\.1 422 /);
    expect(answer.toLowerCase()).toContain("\r\nconnection: close\r\n");
    expect(answer).toContain("Confirm that the evidence does not identify anyone who uses the service");
    // The cap, plus what the two sockets' buffers took in before the server closed: far short of 128 MB.
    // (About 4 MB here.)
    expect(sent, `${sent} of ${total} bytes sent`).toBeLessThan(16 * MB);
  });
});
