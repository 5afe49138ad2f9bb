// Secrets: random tokens, keyed hashes of stored secrets, and password hashing (scrypt).
// Uses WebCrypto where it can so the Workers entry shares it; scrypt and HMAC come from node:crypto,
// which Workers provide under nodejs_compat.
import { createHmac, scrypt as scryptCb, timingSafeEqual } from "node:crypto";

const enc = new TextEncoder();

export function randomToken(bytes = 32): string {
  const b = new Uint8Array(bytes);
  crypto.getRandomValues(b);
  return base64url(b);
}

function base64url(b: Uint8Array): string {
  let s = "";
  for (const x of b) s += String.fromCharCode(x);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function hex(b: ArrayBuffer | Uint8Array): string {
  return Array.from(b instanceof Uint8Array ? b : new Uint8Array(b), (x) =>
    x.toString(16).padStart(2, "0"),
  ).join("");
}

export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  const bytes = typeof data === "string" ? enc.encode(data) : data;
  return hex(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
}

/**
 * HMAC-SHA-256 with the session secret: a stolen database alone does not let anyone forge a session.
 * Every authenticated request hashes its token, so this is node:crypto's synchronous HMAC (a few
 * microseconds): WebCrypto's importKey and sign are each a job on the thread pool, about a tenth of a
 * request's time here. The result is the same hex digest.
 */
export async function keyedHash(secret: string, value: string): Promise<string> {
  return createHmac("sha256", secret).update(value).digest("hex");
}

// N=2^15, r=8: 32 MiB of memory per hash, about 50-100 ms here.
const SCRYPT = { N: 32768, r: 8, p: 1, keylen: 32, maxmem: 64 * 1024 * 1024 };

/** At most this many hashes at once: each takes 32 MiB, and a burst of sign-ins must not exhaust memory. */
const MAX_CONCURRENT_HASHES = 4;
let running = 0;
const waiting: Array<() => void> = [];

async function scrypt(password: string, salt: Buffer, o = SCRYPT): Promise<Buffer> {
  if (running >= MAX_CONCURRENT_HASHES) await new Promise<void>((r) => waiting.push(r));
  running++;
  try {
    return await scryptOnce(password, salt, o);
  } finally {
    running--;
    waiting.shift()?.();
  }
}

function scryptOnce(password: string, salt: Buffer, o: typeof SCRYPT): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(
      password.normalize("NFKC"),
      salt,
      o.keylen,
      { N: o.N, r: o.r, p: o.p, maxmem: o.maxmem },
      (err, key) => (err ? reject(err) : resolve(key)),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = Buffer.from(crypto.getRandomValues(new Uint8Array(16)));
  const key = await scrypt(password, salt);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString("base64")}$${key.toString("base64")}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, salt, key] = stored.split("$");
  if (alg !== "scrypt" || !salt || !key) return false;
  const expected = Buffer.from(key, "base64");
  const actual = await scrypt(password, Buffer.from(salt, "base64"), {
    ...SCRYPT,
    N: Number(n),
    r: Number(r),
    p: Number(p),
    keylen: expected.length,
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A hash to compare against when the account does not exist, so timing does not reveal it. */
export const DUMMY_HASH =
  "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

/**
 * Encrypts a secret we must keep but also use (an identity provider's client secret, an authenticator
 * app's key) with AES-256-GCM under a key derived from the app's secret by HKDF. WebCrypto, so the Worker
 * shares it. Output: "v1.<iv>.<ciphertext and tag>", base64url.
 */
export async function encryptSecret(appSecret: string, plaintext: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv },
    await encryptionKey(appSecret),
    enc.encode(plaintext),
  );
  return `v1.${base64url(iv)}.${base64url(new Uint8Array(ct))}`;
}

export async function decryptSecret(appSecret: string, stored: string): Promise<string> {
  const [v, iv, ct] = stored.split(".");
  if (v !== "v1" || !iv || !ct) throw new Error("not an encrypted secret");
  const pt = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: fromBase64url(iv) },
    await encryptionKey(appSecret),
    fromBase64url(ct),
  );
  return new TextDecoder().decode(pt);
}

async function encryptionKey(appSecret: string) {
  const base = await crypto.subtle.importKey("raw", enc.encode(appSecret), "HKDF", false, ["deriveKey"]);
  return crypto.subtle.deriveKey(
    { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: enc.encode("withus stored secrets v1") },
    base,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt", "decrypt"],
  );
}

function fromBase64url(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s.replace(/-/g, "+").replace(/_/g, "/"));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
