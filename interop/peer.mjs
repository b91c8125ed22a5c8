#!/usr/bin/env node
// Mutua interop peer: a small ActivityPub server built on Fedify, started by
// Mutua's interop tests as a child process on loopback.  See README.md.
//
//   node interop/peer.mjs --port <n> [--host 127.0.0.1] [--name peer]
//        [--actors alice,bob] [--rfc9421-only] [--first-knock cavage|rfc9421]
//        [--control-token <t>] [--rsa-bits 2048|4096] [--verbose]
//
// Prints exactly one line "PEER READY http://<host>:<port>" on stdout when
// listening; everything else goes to stderr.  Exits 0 on SIGTERM/SIGINT.

// Node 20 has no global `navigator`; Fedify's importJwk() (used when it verifies
// Ed25519 keys/proofs from other servers) reads navigator.userAgent and would
// throw a ReferenceError.  This must run before Fedify is loaded, hence the
// dynamic imports below (static imports are hoisted above any statement).
if (globalThis.navigator === undefined) {
  globalThis.navigator = { userAgent: `Node.js/${process.versions.node}` };
}

import http from "node:http";
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { Temporal } from "@js-temporal/polyfill";
import { configure as configureLogs, getConsoleSink } from "@logtape/logtape";

const {
  createFederation,
  MemoryKvStore,
  generateCryptoKeyPair,
  verifyRequestDetailed,
} = await import("@fedify/fedify");
const vocab = await import("@fedify/vocab");
const {
  Accept, Activity, Announce, Block, Create, Delete, Endpoints, Follow, Like,
  Note, Person, PUBLIC_COLLECTION, Reject, Undo, Update, isActor,
} = vocab;

// ---------------------------------------------------------------- arguments
const { values: args } = parseArgs({
  options: {
    port: { type: "string" },
    host: { type: "string", default: "127.0.0.1" },
    name: { type: "string", default: "peer" },
    actors: { type: "string", default: "alice" },
    "rfc9421-only": { type: "boolean", default: false },
    "first-knock": { type: "string", default: "cavage" },
    "control-token": { type: "string" },
    "rsa-bits": { type: "string", default: "2048" },
    "keys-file": { type: "string" },
    verbose: { type: "boolean", default: false },
  },
  strict: true,
});
if (args.port == null || !/^\d+$/.test(args.port)) {
  process.stderr.write("usage: node peer.mjs --port <n> [--host 127.0.0.1] [--name peer] " +
    "[--actors alice,bob] [--rfc9421-only] [--first-knock cavage|rfc9421] [--control-token <t>]\n");
  process.exit(2);
}
const PORT = Number(args.port);
const HOST = args.host;
const NAME = args.name;
const ORIGIN = `http://${HOST.includes(":") ? `[${HOST}]` : HOST}:${PORT}`;
const RFC9421_ONLY = args["rfc9421-only"];
const CONTROL_TOKEN = args["control-token"];
const FIRST_KNOCK = { cavage: "draft-cavage-http-signatures-12", "draft-cavage-http-signatures-12": "draft-cavage-http-signatures-12", rfc9421: "rfc9421" }[args["first-knock"]];
if (FIRST_KNOCK == null) { process.stderr.write("--first-knock must be cavage or rfc9421\n"); process.exit(2); }
const ACTOR_NAMES = args.actors.split(",").map((s) => s.trim()).filter(Boolean);
for (const n of ACTOR_NAMES) {
  if (!/^[a-z0-9_]{1,30}$/.test(n)) { process.stderr.write(`bad actor name ${n}\n`); process.exit(2); }
}
const DEFAULT_ACTOR = ACTOR_NAMES[0];
const RSA_BITS = Number(args["rsa-bits"]);
if (RSA_BITS !== 2048 && RSA_BITS !== 4096) { process.stderr.write("--rsa-bits must be 2048 or 4096\n"); process.exit(2); }

// PEER_FEDIFY_LOG=debug|info|warning: Fedify's own log on stderr (the Java side keeps the peer's output and shows
// it when a test fails), to see why Fedify refused a delivery.
if (process.env.PEER_FEDIFY_LOG) {
  await configureLogs({
    sinks: { console: getConsoleSink() },
    loggers: [{ category: ["fedify"], lowestLevel: process.env.PEER_FEDIFY_LOG, sinks: ["console"] },
              { category: ["logtape", "meta"], lowestLevel: "warning", sinks: ["console"] }],
  });
}

function log(...parts) {
  if (args.verbose) process.stderr.write(`[${NAME}] ${parts.join(" ")}\n`);
}

// ---------------------------------------------------------------- state
// Key pairs are generated once per process and kept in memory (survive reset).
const keyPairs = new Map(); // identifier -> CryptoKeyPair[] (RSA first, then Ed25519)
// With --keys-file the key pairs are kept in that file and read back at the next start, as a real server keeps its
// keys across restarts (a peer brought back with new keys is a key rotation, which is another test).
const KEYS_FILE = args["keys-file"];
const { readFile, writeFile } = await import("node:fs/promises");
const stored = KEYS_FILE ? await readFile(KEYS_FILE, "utf8").then(JSON.parse).catch(() => null) : null;
const RSA_IMPORT = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };
async function importPair(jwks, algorithm) {
  return {
    privateKey: await crypto.subtle.importKey("jwk", jwks.privateKey, algorithm, true, ["sign"]),
    publicKey: await crypto.subtle.importKey("jwk", jwks.publicKey, algorithm, true, ["verify"]),
  };
}
async function exportPair(pair) {
  return { privateKey: await crypto.subtle.exportKey("jwk", pair.privateKey), publicKey: await crypto.subtle.exportKey("jwk", pair.publicKey) };
}
await Promise.all(ACTOR_NAMES.map(async (id) => {
  if (stored?.[id]) {
    keyPairs.set(id, [await importPair(stored[id].rsa, RSA_IMPORT), await importPair(stored[id].ed25519, "Ed25519")]);
    return;
  }
  const [rsa, ed] = await Promise.all([
    // Fedify's generateCryptoKeyPair() makes RSA-4096 (0.5-2.5 s each on this
    // machine); 2048 is what Mastodon and Mutua use and is much faster.
    RSA_BITS === 4096
      ? generateCryptoKeyPair("RSASSA-PKCS1-v1_5")
      : crypto.subtle.generateKey({ name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" }, true, ["sign", "verify"]),
    generateCryptoKeyPair("Ed25519"),
  ]);
  keyPairs.set(id, [rsa, ed]);
}));
if (KEYS_FILE) {
  const out = {};
  for (const [id, [rsa, ed]] of keyPairs) out[id] = { rsa: await exportPair(rsa), ed25519: await exportPair(ed) };
  await writeFile(KEYS_FILE, JSON.stringify(out));
}

let state;
function resetState() {
  state = {
    inbox: [],          // recorded inbound activities (after Fedify accepted them)
    requests: [],       // every POST to an inbox: scheme, verification, status
    outbox: [],         // every delivery this peer attempted, with outcome
    followers: new Map(), // identifier -> Map(actorId -> {id, inbox, sharedInbox, followId})
    following: new Map(), // identifier -> Map(actorId -> {actor, followId, state, inbox})
    objects: new Map(),   // local object/activity id -> vocab object (served by dispatchers)
  };
  for (const id of ACTOR_NAMES) {
    state.followers.set(id, new Map());
    state.following.set(id, new Map());
  }
}
resetState();
let seq = 0;

// ---------------------------------------------------------------- federation
const kv = new MemoryKvStore();
const federation = createFederation({
  kv,
  origin: ORIGIN,
  allowPrivateAddress: true, // loopback peers; also lets Fedify fetch http:// URLs
  firstKnock: FIRST_KNOCK,   // Fedify 2.3.6 falls back to cavage when unset
  userAgent: { software: `mutua-interop-peer/${NAME}` },
  // No queue: inbox listeners run inside the request, sendActivity() delivers
  // at once and throws on failure, so the control API can report errors.
});

federation
  .setActorDispatcher("/users/{identifier}", async (ctx, identifier) => {
    if (!keyPairs.has(identifier)) return null;
    const keys = await ctx.getActorKeyPairs(identifier);
    return new Person({
      id: ctx.getActorUri(identifier),
      preferredUsername: identifier,
      name: `${identifier} (${NAME})`,
      summary: `Interop test actor ${identifier} on Fedify peer ${NAME}`,
      url: ctx.getActorUri(identifier),
      inbox: ctx.getInboxUri(identifier),
      outbox: ctx.getOutboxUri(identifier),
      followers: ctx.getFollowersUri(identifier),
      following: ctx.getFollowingUri(identifier),
      endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
      manuallyApprovesFollowers: false,
      discoverable: true,
      indexable: false,
      publicKey: keys[0].cryptographicKey,
      assertionMethods: keys.map((k) => k.multikey),
    });
  })
  .setKeyPairsDispatcher(async (_ctx, identifier) => keyPairs.get(identifier) ?? []);

federation.setFollowersDispatcher("/users/{identifier}/followers", async (_ctx, identifier) => {
  const m = state.followers.get(identifier);
  if (m == null) return null;
  return {
    items: [...m.values()].map((f) => ({
      id: new URL(f.id),
      inboxId: f.inbox ? new URL(f.inbox) : null,
      endpoints: f.sharedInbox ? { sharedInbox: new URL(f.sharedInbox) } : null,
    })),
  };
});
federation.setFollowingDispatcher("/users/{identifier}/following", async (_ctx, identifier) => {
  const m = state.following.get(identifier);
  if (m == null) return null;
  return { items: [...m.values()].filter((f) => f.state === "accepted").map((f) => new URL(f.actor)) };
});
federation.setOutboxDispatcher("/users/{identifier}/outbox", async (_ctx, identifier) => {
  if (!keyPairs.has(identifier)) return null;
  const prefix = `${ORIGIN}/users/${identifier}/`;
  return {
    items: [...state.objects.values()]
      .filter((o) => o instanceof Activity && o.id?.href.startsWith(prefix) && !(o instanceof Follow) && !(o instanceof Undo))
      .reverse(),
  };
});
federation.setObjectDispatcher(Note, "/users/{identifier}/notes/{id}", (ctx, values) =>
  state.objects.get(ctx.getObjectUri(Note, values).href) ?? null);
federation.setObjectDispatcher(Activity, "/users/{identifier}/activities/{id}", (ctx, values) =>
  state.objects.get(ctx.getObjectUri(Activity, values).href) ?? null);

// ---------------------------------------------------------------- inbox
function summarize(obj) {
  if (obj == null) return null;
  if (typeof obj === "string") return { id: obj };
  if (Array.isArray(obj)) return obj.map(summarize);
  if (typeof obj !== "object") return obj;
  const s = {};
  for (const k of ["id", "type", "name", "content", "summary", "inReplyTo", "attributedTo", "actor", "to", "cc", "published", "updated"]) {
    if (obj[k] !== undefined) s[k] = obj[k];
  }
  if (obj.object !== undefined) s.object = typeof obj.object === "string" ? obj.object : summarize(obj.object);
  return s;
}
function objectIdOf(raw) {
  const o = raw?.object;
  if (typeof o === "string") return o;
  if (o && typeof o === "object" && typeof o.id === "string") return o.id;
  return null;
}

function record(ctx, activity, handledAs, extra = {}) {
  const raw = ctx.data?.raw ?? null;
  const entry = {
    seq: ++seq,
    receivedAt: new Date().toISOString(),
    type: raw?.type ?? activity.constructor.name,
    handledAs,
    id: activity.id?.href ?? null,
    actor: activity.actorId?.href ?? null,
    objectId: activity.objectId?.href ?? objectIdOf(raw),
    object: summarize(raw?.object),
    recipient: ctx.recipient ?? null, // null: shared inbox
    inboxPath: ctx.data?.path ?? null,
    httpSignature: ctx.data?.sig ?? null,
    ldSignature: raw != null && typeof raw.signature === "object",
    proof: raw != null && raw.proof != null,
    raw,
    ...extra,
  };
  state.inbox.push(entry);
  log("received", entry.type, entry.id, "from", entry.actor, "sig", JSON.stringify(entry.httpSignature));
  return entry;
}

function recordDelivery(kind, activity, recipients, result) {
  state.outbox.push({
    seq: ++seq,
    at: new Date().toISOString(),
    kind,
    id: activity.id?.href ?? null,
    type: activity.constructor.name,
    recipients: recipients.map((r) => (r === "followers" ? "followers" : r.id?.href ?? null)),
    ok: result.ok,
    error: result.error ?? null,
  });
}

async function deliver(ctx, identifier, recipients, activity, kind) {
  // recipients: array of Recipient/actors and/or the string "followers"
  const actors = recipients.filter((r) => r !== "followers");
  const toFollowers = recipients.includes("followers");
  try {
    if (actors.length > 0) await ctx.sendActivity({ identifier }, actors, activity, { preferSharedInbox: true });
    if (toFollowers && state.followers.get(identifier).size > 0) {
      await ctx.sendActivity({ identifier }, "followers", activity, { preferSharedInbox: true });
    }
    recordDelivery(kind, activity, recipients, { ok: true });
    return { ok: true };
  } catch (e) {
    const error = String(e?.stack ?? e).split("\n").slice(0, 3).join(" | ");
    recordDelivery(kind, activity, recipients, { ok: false, error });
    log("delivery failed", kind, activity.id?.href, error);
    return { ok: false, error };
  }
}

function localIdentifier(ctx, uri) {
  if (uri == null) return null;
  const parsed = ctx.parseUri(uri);
  return parsed?.type === "actor" && keyPairs.has(parsed.identifier) ? parsed.identifier : null;
}

function newId(identifier, kind) {
  return new URL(`${ORIGIN}/users/${identifier}/${kind}/${randomUUID()}`);
}

federation
  .setInboxListeners("/users/{identifier}/inbox", "/inbox")
  .on(Follow, async (ctx, follow) => {
    const target = localIdentifier(ctx, follow.objectId);
    const entry = record(ctx, follow, "Follow");
    if (target == null || follow.actorId == null || follow.id == null) {
      entry.note = "not a follow of a local actor; ignored";
      return;
    }
    const follower = await follow.getActor(ctx);
    if (follower == null || !isActor(follower)) {
      entry.note = "could not fetch follower actor";
      return;
    }
    state.followers.get(target).set(follower.id.href, {
      id: follower.id.href,
      inbox: follower.inboxId?.href ?? null,
      sharedInbox: follower.endpoints?.sharedInbox?.href ?? null,
      followId: follow.id.href,
    });
    const accept = new Accept({
      id: newId(target, "activities"),
      actor: ctx.getActorUri(target),
      object: follow,
      to: follower.id,
    });
    state.objects.set(accept.id.href, accept);
    // Deliver after the inbox response, as Mastodon does from a job: a
    // receiver that handles one request at a time must not be blocked.
    entry.accept = accept.id.href;
    setImmediate(() => deliver(ctx, target, [follower], accept, "accept-follow"));
  })
  .on(Accept, async (ctx, accept) => {
    const entry = record(ctx, accept, "Accept");
    const followId = accept.objectId?.href ?? objectIdOf(ctx.data?.raw);
    for (const m of state.following.values()) {
      for (const f of m.values()) {
        if (f.followId === followId || (followId == null && f.actor === accept.actorId?.href)) {
          f.state = "accepted";
          entry.matchedFollow = f.followId;
        }
      }
    }
  })
  .on(Reject, async (ctx, reject) => {
    const entry = record(ctx, reject, "Reject");
    const followId = reject.objectId?.href ?? objectIdOf(ctx.data?.raw);
    for (const m of state.following.values()) {
      for (const f of m.values()) {
        if (f.followId === followId) { f.state = "rejected"; entry.matchedFollow = f.followId; }
      }
    }
  })
  .on(Undo, async (ctx, undo) => {
    const entry = record(ctx, undo, "Undo");
    const raw = ctx.data?.raw;
    const innerType = typeof raw?.object === "object" ? raw.object.type : null;
    const innerId = objectIdOf(raw);
    if (innerType === "Follow" || innerType == null) {
      for (const m of state.followers.values()) {
        for (const [actorId, f] of m) {
          if (f.followId === innerId || (innerType === "Follow" && actorId === undo.actorId?.href &&
              (raw.object.object === undefined || localIdentifier(ctx, new URL(objectIdOf(raw.object) ?? "about:blank")) != null))) {
            m.delete(actorId);
            entry.removedFollower = actorId;
          }
        }
      }
    }
  })
  .on(Create, async (ctx, create) => { record(ctx, create, "Create"); })
  .on(Update, async (ctx, update) => { record(ctx, update, "Update"); })
  .on(Delete, async (ctx, del) => { record(ctx, del, "Delete"); })
  .on(Like, async (ctx, like) => { record(ctx, like, "Like"); })
  .on(Announce, async (ctx, announce) => { record(ctx, announce, "Announce"); })
  .on(Block, async (ctx, block) => {
    const entry = record(ctx, block, "Block");
    const target = localIdentifier(ctx, block.objectId);
    if (target != null && block.actorId != null) {
      state.followers.get(target).delete(block.actorId.href);
      state.following.get(target).delete(block.actorId.href);
      entry.note = "removed follows both ways";
    }
  })
  .on(Activity, async (ctx, activity) => { record(ctx, activity, "Activity"); })
  .onError(async (ctx, error) => {
    log("inbox error", String(error?.stack ?? error));
    state.inbox.push({ seq: ++seq, receivedAt: new Date().toISOString(), type: "error", error: String(error), raw: ctx.data?.raw ?? null });
  });

// ---------------------------------------------------------------- HTTP bridge
class MapKeyCache {
  #m = new Map();
  async get(keyId) { return this.#m.get(keyId.href); }
  async set(keyId, key) { this.#m.set(keyId.href, key); }
}
const preVerifyKeyCache = new MapKeyCache();

function signatureScheme(headers) {
  if (headers.has("signature-input")) return "rfc9421";
  if (headers.has("signature")) return "draft-cavage";
  return null;
}

async function readBody(req, limit = 4 * 1024 * 1024) {
  const chunks = [];
  let size = 0;
  for await (const c of req) {
    size += c.length;
    if (size > limit) throw Object.assign(new Error("body too large"), { status: 413 });
    chunks.push(c);
  }
  return Buffer.concat(chunks);
}

function toRequest(req, body) {
  const host = req.headers.host ?? `${HOST}:${PORT}`;
  const url = new URL(req.url, `http://${host}`);
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(url, { method: req.method, headers, body: hasBody ? body : undefined });
}

async function sendResponse(res, response) {
  const headers = {};
  for (const [k, v] of response.headers) headers[k] = k in headers ? `${headers[k]}, ${v}` : v;
  res.writeHead(response.status, headers);
  res.end(Buffer.from(await response.arrayBuffer()));
}

function json(res, status, obj) {
  const body = JSON.stringify(obj, null, 2);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(body);
}

function isInboxPath(path) {
  return path === "/inbox" || /^\/users\/[^/]+\/inbox$/.test(path);
}

async function handle(req, res) {
  const url = new URL(req.url, ORIGIN);
  if (url.pathname.startsWith("/_control/")) return control(req, res, url);

  const body = req.method === "GET" || req.method === "HEAD" ? null : await readBody(req);
  const request = toRequest(req, body);
  const scheme = signatureScheme(request.headers);
  const inbox = req.method === "POST" && isInboxPath(url.pathname);

  let raw = null;
  if (inbox) {
    try { raw = JSON.parse(body.toString("utf8")); } catch { raw = null; }
  }
  const logRequest = (status, extra = {}) => {
    if (!inbox && scheme == null) return; // log inbox POSTs and every signed request
    state.requests.push({
      seq: ++seq, at: new Date().toISOString(), method: req.method, path: url.pathname, scheme, status,
      activityId: raw?.id ?? null, type: raw?.type ?? null, actor: typeof raw?.actor === "string" ? raw.actor : raw?.actor?.id ?? null,
      ...extra,
    });
  };

  // --rfc9421-only: refuse draft-cavage (and, for inbox POSTs, unsigned) requests
  // before Fedify sees them, so senders must double-knock with RFC 9421.
  if (RFC9421_ONLY && (scheme === "draft-cavage" || (inbox && scheme == null))) {
    logRequest(401, { rejectedBy: "rfc9421-only" });
    log("rfc9421-only: refused", req.method, url.pathname, "scheme", scheme);
    res.writeHead(401, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: "this peer accepts only RFC 9421 HTTP Message Signatures" }));
    return;
  }

  let sig = null;
  if (inbox) {
    // Fedify does not tell listeners how a request was authenticated (it checks
    // Linked-Data signatures and FEP-8b32 proofs first and then skips the HTTP
    // signature), so verify the HTTP signature here ourselves, for the record.
    sig = { scheme, verified: false, keyId: null, reason: null };
    if (scheme != null) {
      try {
        const ctx = federation.createContext(request, undefined);
        const r = await verifyRequestDetailed(request.clone(), {
          documentLoader: ctx.documentLoader,
          contextLoader: ctx.contextLoader,
          keyCache: preVerifyKeyCache,
        });
        if (r.verified) {
          sig.verified = true;
          sig.keyId = r.key.id?.href ?? null;
          sig.keyOwner = r.key.ownerId?.href ?? r.key.controllerId?.href ?? null;
        } else {
          sig.reason = r.reason.type;
          sig.keyId = r.reason.keyId?.href ?? null;
        }
      } catch (e) {
        sig.reason = `error: ${e?.message ?? e}`;
      }
    } else {
      sig.reason = "noSignature";
    }
  }

  const response = await federation.fetch(request, {
    contextData: { raw, sig, path: url.pathname },
    onNotFound: () => new Response("Not found", { status: 404, headers: { "content-type": "text/plain" } }),
    onNotAcceptable: () => new Response("Not acceptable", { status: 406, headers: { "content-type": "text/plain", vary: "Accept" } }),
  });
  logRequest(response.status, inbox ? { httpSignature: sig } : {});
  log(req.method, url.pathname, scheme ?? "unsigned", "->", response.status);
  await sendResponse(res, response);
}

// ---------------------------------------------------------------- control API
function controlContext() {
  return federation.createContext(new URL(ORIGIN), undefined);
}

async function lookup(ctx, identifier, uri, signed = true) {
  // getDocumentLoader({identifier}) returns a Promise (it looks the key pair up).
  const opts = signed ? { documentLoader: await ctx.getDocumentLoader({ identifier }) } : {};
  return await ctx.lookupObject(uri, opts);
}

async function lookupActor(ctx, identifier, uri, signed = true) {
  const a = await lookup(ctx, identifier, uri, signed);
  if (a == null || !isActor(a)) throw Object.assign(new Error(`not an actor: ${uri}`), { status: 404 });
  return a;
}

async function authorOf(ctx, identifier, objectUri, signed = true) {
  const obj = await lookup(ctx, identifier, objectUri, signed);
  if (obj == null) return { obj: null, author: null };
  const authorId = obj.attributionId ?? (obj instanceof Activity ? obj.actorId : null);
  if (authorId == null) return { obj, author: null };
  try { return { obj, author: await lookupActor(ctx, identifier, authorId.href, signed) }; }
  catch { return { obj, author: null }; }
}

function asUrls(v) {
  if (v == null) return [];
  return (Array.isArray(v) ? v : [v]).map((x) => new URL(x));
}

async function recipientsFor(ctx, identifier, urls, signed = true) {
  // Resolve addressed URLs: own followers collection -> "followers";
  // Public -> nothing; anything else is looked up as an actor.
  const out = [];
  const followers = ctx.getFollowersUri(identifier).href;
  for (const u of urls) {
    if (u.href === followers) { out.push("followers"); continue; }
    if (u.href === PUBLIC_COLLECTION.href || u.href === "as:Public" || u.href === "Public") continue;
    try { out.push(await lookupActor(ctx, identifier, u.href, signed)); } catch { /* not an actor: collection etc. */ }
  }
  return out;
}

function dedupe(recipients) {
  const seen = new Set();
  return recipients.filter((r) => {
    const k = r === "followers" ? r : r.id?.href;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

async function control(req, res, url) {
  if (CONTROL_TOKEN != null && req.headers.authorization !== `Bearer ${CONTROL_TOKEN}`) {
    return json(res, 401, { error: "bad or missing control token" });
  }
  let body = {};
  if (req.method === "POST") {
    const buf = await readBody(req);
    if (buf.length > 0) {
      try { body = JSON.parse(buf.toString("utf8")); } catch { return json(res, 400, { error: "invalid JSON" }); }
    }
  }
  const identifier = body.as ?? url.searchParams.get("as") ?? DEFAULT_ACTOR;
  if (!keyPairs.has(identifier)) return json(res, 404, { error: `no local actor ${identifier}` });
  const ctx = controlContext();
  const route = `${req.method} ${url.pathname}`;
  const actorUri = ctx.getActorUri(identifier);
  // Control calls look remote documents up with GETs signed by the acting actor
  // (Mutua's authorized fetch needs that); "signedLookup": false makes them unsigned.
  const signed = body.signedLookup ?? (url.searchParams.get("signed") !== "false");

  switch (route) {
    case "GET /_control/health":
      return json(res, 200, { ok: true, name: NAME, origin: ORIGIN, actors: ACTOR_NAMES.map((a) => ctx.getActorUri(a).href), rfc9421Only: RFC9421_ONLY, firstKnock: FIRST_KNOCK });

    case "GET /_control/inbox": {
      let items = state.inbox;
      const since = Number(url.searchParams.get("since") ?? 0);
      if (since) items = items.filter((e) => e.seq > since);
      const type = url.searchParams.get("type");
      if (type) items = items.filter((e) => e.type === type);
      return json(res, 200, items);
    }
    case "GET /_control/requests":
      return json(res, 200, state.requests);
    case "GET /_control/outbox":
      return json(res, 200, state.outbox);
    case "GET /_control/state":
      return json(res, 200, {
        followers: Object.fromEntries([...state.followers].map(([k, m]) => [k, [...m.values()]])),
        following: Object.fromEntries([...state.following].map(([k, m]) => [k, [...m.values()]])),
        objects: [...state.objects.keys()],
      });

    case "POST /_control/reset":
      resetState();
      return json(res, 200, { ok: true });

    case "POST /_control/follow": {
      if (!body.actor) return json(res, 400, { error: "actor required" });
      const target = await lookupActor(ctx, identifier, body.actor, signed);
      const follow = new Follow({ id: newId(identifier, "activities"), actor: actorUri, object: target.id, to: target.id });
      state.objects.set(follow.id.href, follow);
      state.following.get(identifier).set(target.id.href, { actor: target.id.href, followId: follow.id.href, state: "pending", inbox: target.inboxId?.href ?? null });
      const r = await deliver(ctx, identifier, [target], follow, "follow");
      return json(res, r.ok ? 200 : 502, { ...r, id: follow.id.href, actor: target.id.href });
    }

    case "POST /_control/unfollow": {
      if (!body.actor) return json(res, 400, { error: "actor required" });
      const target = await lookupActor(ctx, identifier, body.actor, signed);
      const f = state.following.get(identifier).get(target.id.href);
      const follow = f ? state.objects.get(f.followId) : new Follow({ actor: actorUri, object: target.id });
      const undo = new Undo({ id: newId(identifier, "activities"), actor: actorUri, object: follow, to: target.id });
      state.objects.set(undo.id.href, undo);
      state.following.get(identifier).delete(target.id.href);
      const r = await deliver(ctx, identifier, [target], undo, "unfollow");
      return json(res, r.ok ? 200 : 502, { ...r, id: undo.id.href });
    }

    case "POST /_control/post":
    case "POST /_control/reply": {
      if (typeof body.content !== "string") return json(res, 400, { error: "content required" });
      if (route.endsWith("reply") && !body.inReplyTo) return json(res, 400, { error: "inReplyTo required" });
      const followersUri = ctx.getFollowersUri(identifier);
      const visibility = body.visibility ?? (body.to ? "direct" : "public");
      let to = asUrls(body.to);
      let cc = asUrls(body.cc);
      if (body.to == null) {
        if (visibility === "public") { to = [PUBLIC_COLLECTION]; cc = [followersUri, ...cc]; }
        else if (visibility === "unlisted") { to = [followersUri]; cc = [PUBLIC_COLLECTION, ...cc]; }
        else if (visibility === "followers") { to = [followersUri]; }
      }
      let replyAuthor = null;
      if (body.inReplyTo) {
        const { author } = await authorOf(ctx, identifier, body.inReplyTo, signed);
        replyAuthor = author;
        if (author && !to.concat(cc).some((u) => u.href === author.id.href)) cc.push(author.id);
      }
      const noteId = newId(identifier, "notes");
      const published = Temporal.Now.instant();
      const note = new Note({
        id: noteId,
        attribution: actorUri,
        content: body.content,
        name: body.name ?? null,
        replyTarget: body.inReplyTo ? new URL(body.inReplyTo) : null, // Fedify names inReplyTo "replyTarget"
        tos: to,
        ccs: cc,
        published,
        url: noteId,
      });
      const create = new Create({ id: new URL(`${noteId.href}/activity`), actor: actorUri, object: note, tos: to, ccs: cc, published });
      state.objects.set(noteId.href, note);
      state.objects.set(create.id.href, create);
      let recipients = await recipientsFor(ctx, identifier, [...to, ...cc], signed);
      if (replyAuthor && body.deliverToReplyAuthor !== false) recipients.push(replyAuthor);
      recipients = dedupe(recipients.filter((r) => r === "followers" || localIdentifier(ctx, r.id) == null));
      const r = await deliver(ctx, identifier, recipients, create, route.endsWith("reply") ? "reply" : "post");
      return json(res, r.ok ? 200 : 502, { ...r, id: create.id.href, object: noteId.href, recipients: recipients.map((x) => (x === "followers" ? x : x.id.href)) });
    }

    case "POST /_control/like":
    case "POST /_control/announce": {
      if (!body.object) return json(res, 400, { error: "object required" });
      const { obj, author } = await authorOf(ctx, identifier, body.object, signed);
      const objectId = obj?.id ?? new URL(body.object);
      let activity, recipients;
      if (route.endsWith("like")) {
        activity = new Like({ id: newId(identifier, "activities"), actor: actorUri, object: objectId, tos: author ? [author.id] : [] });
        recipients = author ? [author] : [];
      } else {
        activity = new Announce({
          id: newId(identifier, "activities"), actor: actorUri, object: objectId,
          tos: [PUBLIC_COLLECTION], ccs: [ctx.getFollowersUri(identifier), ...(author ? [author.id] : [])],
          published: Temporal.Now.instant(),
        });
        recipients = [...(author ? [author] : []), "followers"];
      }
      if (author == null && body.actor) recipients.unshift(await lookupActor(ctx, identifier, body.actor, signed));
      if (recipients.length === 0) return json(res, 422, { error: `could not find the author of ${body.object}; pass "actor"` });
      state.objects.set(activity.id.href, activity);
      const r = await deliver(ctx, identifier, dedupe(recipients), activity, route.endsWith("like") ? "like" : "announce");
      return json(res, r.ok ? 200 : 502, { ...r, id: activity.id.href });
    }

    case "GET /_control/lookup": {
      const uri = url.searchParams.get("uri");
      if (!uri) return json(res, 400, { error: "uri required" });
      try {
        const obj = await lookup(ctx, identifier, uri, signed);
        if (obj == null) return json(res, 404, { ok: false, error: `lookupObject returned null for ${uri}` });
        return json(res, 200, { ok: true, type: obj.constructor.name, id: obj.id?.href ?? null, json: await obj.toJsonLd({ format: "compact", contextLoader: ctx.contextLoader }) });
      } catch (e) {
        return json(res, 502, { ok: false, error: String(e?.message ?? e) });
      }
    }

    default:
      return json(res, 404, { error: `no control endpoint ${route}` });
  }
}

// ---------------------------------------------------------------- server
const server = http.createServer((req, res) => {
  handle(req, res).catch((e) => {
    log("handler error", String(e?.stack ?? e));
    if (!res.headersSent) json(res, e?.status ?? 500, { error: String(e?.message ?? e) });
    else res.destroy();
  });
});
server.keepAliveTimeout = 1000;

function shutdown(signal) {
  log("shutting down on", signal);
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));

server.on("error", (e) => {
  process.stderr.write(`[${NAME}] cannot listen on ${HOST}:${PORT}: ${e.message}\n`);
  process.exit(1);
});
server.listen(PORT, HOST, () => {
  process.stdout.write(`PEER READY ${ORIGIN}\n`);
});
