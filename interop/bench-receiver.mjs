#!/usr/bin/env node
// The receiving side of the fan-out benchmark (docs/benchmarks.md): one Node process listening on N loopback ports,
// each port one remote "host" with a personal inbox per follower (/users/<name>/inbox) and a shared inbox (/inbox).
// Every POST is checked with Fedify's verifyRequest (HTTP signature: draft-cavage or RFC 9421, digest, date window;
// the key fetched once per keyId and then cached), as the lean receiver INTEROP.md recommends for load. Unverified
// requests get 401 and are not counted.
//
//   node interop/bench-receiver.mjs --ports 41001,41002,... [--host 127.0.0.1]
//
// Prints "BENCH-RECEIVER READY" when all ports listen. On any port: GET /_control/stats, POST /_control/reset.
import "./bench-common.mjs";
import http from "node:http";
import { parseArgs } from "node:util";
import { readBody, toRequest, json, MapKeyCache, onSignals } from "./bench-common.mjs";

const { createFederation, MemoryKvStore, verifyRequest } = await import("@fedify/fedify");

const { values: args } = parseArgs({
  options: { ports: { type: "string" }, host: { type: "string", default: "127.0.0.1" } },
  strict: true,
});
const PORTS = args.ports.split(",").map(Number);
const federation = createFederation({ kv: new MemoryKvStore(), origin: `http://${args.host}:${PORTS[0]}`, allowPrivateAddress: true });
const ctx = federation.createContext(new URL(`http://${args.host}:${PORTS[0]}`), undefined);
const keyCache = new MapKeyCache();

let stats;
function reset() {
  stats = { posts: 0, verified: 0, rejected: 0, distinct: 0, duplicates: 0, shared: 0, personal: 0,
    firstAt: null, lastAt: null, hosts: {}, seen: new Set(), verifyMs: 0 };
}
reset();

function publicStats() {
  const { seen, ...rest } = stats;
  return rest;
}

async function handle(req, res, port) {
  const url = new URL(req.url, `http://${args.host}:${port}`);
  // the bench's control client pools connections longer than keepAliveTimeout: after a pause of over 5 s it would
  // write to one this side had just closed (connection reset), so control connections are not kept
  if (url.pathname.startsWith("/_control/")) res.setHeader("connection", "close");
  if (url.pathname === "/_control/stats") return json(res, 200, publicStats());
  if (url.pathname === "/_control/reset") { reset(); return json(res, 200, { ok: true }); }
  if (req.method !== "POST") return json(res, 404, { error: "not found" });
  const body = await readBody(req);
  stats.posts++;
  const request = toRequest(req, body, `${args.host}:${port}`);
  const t0 = performance.now();
  const key = await verifyRequest(request, { documentLoader: ctx.documentLoader, contextLoader: ctx.contextLoader, keyCache });
  stats.verifyMs += performance.now() - t0;
  if (key == null) {
    stats.rejected++;
    return json(res, 401, { error: "signature not verified" });
  }
  stats.verified++;
  let id = null;
  try { id = JSON.parse(body.toString("utf8")).id; } catch { /* counted as verified, not as an arrival */ }
  const k = `${port}${url.pathname}|${id}`;
  if (stats.seen.has(k)) stats.duplicates++;
  else {
    stats.seen.add(k);
    stats.distinct++;
    if (url.pathname === "/inbox") stats.shared++; else stats.personal++;
  }
  stats.hosts[port] = (stats.hosts[port] ?? 0) + 1;
  const now = Date.now();
  stats.firstAt ??= now;
  stats.lastAt = now;
  res.writeHead(202, { "content-type": "application/json" });
  res.end("{}");
}

const servers = PORTS.map((port) => {
  const s = http.createServer((req, res) => handle(req, res, port).catch((e) => {
    if (!res.headersSent) json(res, 500, { error: String(e?.message ?? e) }); else res.destroy();
  }));
  s.keepAliveTimeout = 5000;
  return new Promise((resolve, reject) => { s.on("error", reject); s.listen(port, args.host, () => resolve(s)); });
});
const listening = await Promise.all(servers);
onSignals(() => { for (const s of listening) { s.close(); s.closeAllConnections(); } setTimeout(() => process.exit(0), 500).unref(); });
process.stdout.write("BENCH-RECEIVER READY\n");
