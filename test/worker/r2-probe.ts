// A test-only Worker that exposes the R2 file store over HTTP, so the suite can check it inside workerd
// against wrangler's local R2: streamed puts of every size (one put or a multipart upload), reads,
// listing across pages, deletes. It also lists the main Worker's own bucket (GET /_evidence?prefix=), so
// the suite can see what an upload left behind there.
import { type R2Bucket, r2FileStore } from "../../src/entry/r2-file-store.js";

export default {
  async fetch(request: Request, env: { FILES: R2Bucket; EVIDENCE: R2Bucket }): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/_evidence") {
      const out = [];
      for await (const o of r2FileStore(env.EVIDENCE).list(url.searchParams.get("prefix") ?? "")) {
        out.push({ key: o.key, size: o.size });
      }
      return Response.json(out);
    }
    const key = url.pathname.slice(1);
    // The smallest part R2 accepts and a small list page, so both paths are walked with little data.
    // Counts the parts sent, so the suite sees which path a put took.
    let parts = 0;
    const bucket: R2Bucket = {
      ...bindMethods(env.FILES),
      async createMultipartUpload(k) {
        const upload = await env.FILES.createMultipartUpload(k);
        return {
          uploadPart: (n, v) => {
            parts++;
            return upload.uploadPart(n, v);
          },
          complete: (p) => upload.complete(p),
          abort: () => upload.abort(),
        };
      },
    };
    const store = r2FileStore(bucket, { partBytes: 5 * 1024 * 1024, listPageSize: 3 });
    try {
      if (request.method === "PUT") {
        await store.put(key, request.body ?? new ReadableStream({ start: (c) => c.close() }));
        return new Response(null, { status: 204, headers: { "x-multipart-parts": String(parts) } });
      }
      if (request.method === "DELETE") {
        await store.delete(key);
        return new Response(null, { status: 204 });
      }
      if (url.pathname === "/" && url.searchParams.has("prefix")) {
        const out = [];
        for await (const o of store.list(url.searchParams.get("prefix")!)) {
          out.push({ key: o.key, size: o.size, uploadedAt: o.uploadedAt.toISOString() });
        }
        return Response.json(out);
      }
      const body = await store.get(key);
      return body ? new Response(body) : new Response("no such object", { status: 404 });
    } catch (e) {
      return new Response(String(e), { status: 500 });
    }
  },
};

function bindMethods(bucket: R2Bucket): R2Bucket {
  return {
    put: (k, v) => bucket.put(k, v),
    get: (k) => bucket.get(k),
    delete: (k) => bucket.delete(k),
    list: (o) => bucket.list(o),
    createMultipartUpload: (k) => bucket.createMultipartUpload(k),
  };
}
