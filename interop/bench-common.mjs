// Shared plumbing of the benchmark programs (bench-inbox.mjs, bench-receiver.mjs, bench-sender.mjs): the Node
// http <-> fetch Request bridge, exactly as interop/peer.mjs does it.

// Node 20 has no global `navigator`; Fedify's importJwk() reads navigator.userAgent (see peer.mjs).
if (globalThis.navigator === undefined) {
  globalThis.navigator = { userAgent: `Node.js/${process.versions.node}` };
}

export async function readBody(req, limit = 4 * 1024 * 1024) {
  const chunks = [];
  let size = 0;
  for await (const c of req) {
    size += c.length;
    if (size > limit) throw Object.assign(new Error("body too large"), { status: 413 });
    chunks.push(c);
  }
  return Buffer.concat(chunks);
}

export function toRequest(req, body, fallbackHost) {
  const host = req.headers.host ?? fallbackHost;
  const url = new URL(req.url, `http://${host}`);
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(url, { method: req.method, headers, body: hasBody ? body : undefined });
}

export async function sendResponse(res, response) {
  const headers = {};
  for (const [k, v] of response.headers) headers[k] = k in headers ? `${headers[k]}, ${v}` : v;
  res.writeHead(response.status, headers);
  res.end(Buffer.from(await response.arrayBuffer()));
}

export function json(res, status, obj) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(JSON.stringify(obj));
}

export class MapKeyCache {
  #m = new Map();
  async get(keyId) { return this.#m.get(keyId.href); }
  async set(keyId, key) { this.#m.set(keyId.href, key); }
}

export function onSignals(close) {
  process.on("SIGTERM", () => close("SIGTERM"));
  process.on("SIGINT", () => close("SIGINT"));
}
