#!/usr/bin/env node
// Fedify's own fan-out, the baseline of the fan-out benchmark (docs/benchmarks.md): an actor "sender" with an RSA
// key (served at /users/sender so receivers can fetch it) sends one Create(Note) with ctx.sendActivity() to a list of
// recipients, as a Fedify app sends a post to its followers. No message queue: sendActivity() signs and delivers at
// once (Fedify's default without a queue) and resolves when every inbox answered.
//
//   node interop/bench-sender.mjs --port <n>
//
// POST /_control/send {"recipients":[{"id","inbox","sharedInbox"}], "preferSharedInbox": false}
//   -> {"ms": <duration of sendActivity>, "ok": true}
import "./bench-common.mjs";
import http from "node:http";
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { readBody, toRequest, sendResponse, json, onSignals } from "./bench-common.mjs";

const { createFederation, MemoryKvStore } = await import("@fedify/fedify");
const { Create, Note, Person, Endpoints, PUBLIC_COLLECTION } = await import("@fedify/vocab");

const { values: args } = parseArgs({
  options: { port: { type: "string" }, host: { type: "string", default: "127.0.0.1" } },
  strict: true,
});
const PORT = Number(args.port);
const ORIGIN = `http://${args.host}:${PORT}`;
// RSA-2048, as Mastodon and Mutua use (Fedify's generateCryptoKeyPair makes 4096, much slower to sign).
const rsa = await crypto.subtle.generateKey({ name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" }, true, ["sign", "verify"]);

const federation = createFederation({ kv: new MemoryKvStore(), origin: ORIGIN, allowPrivateAddress: true });
federation.setActorDispatcher("/users/{identifier}", async (ctx, identifier) => {
  if (identifier !== "sender") return null;
  const keys = await ctx.getActorKeyPairs(identifier);
  return new Person({
    id: ctx.getActorUri(identifier), preferredUsername: identifier, inbox: ctx.getInboxUri(identifier),
    followers: ctx.getFollowersUri(identifier),
    endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
    publicKey: keys[0].cryptographicKey, assertionMethods: keys.map((k) => k.multikey),
  });
}).setKeyPairsDispatcher(async (_ctx, identifier) => identifier === "sender" ? [rsa] : []);
federation.setFollowersDispatcher("/users/{identifier}/followers", async () => ({ items: [] }));
federation.setInboxListeners("/users/{identifier}/inbox", "/inbox");

async function send(body) {
  const ctx = federation.createContext(new URL(ORIGIN), undefined);
  const recipients = body.recipients.map((r) => ({
    id: new URL(r.id), inboxId: new URL(r.inbox),
    endpoints: r.sharedInbox ? { sharedInbox: new URL(r.sharedInbox) } : null,
  }));
  const actor = ctx.getActorUri("sender");
  const noteId = new URL(`${ORIGIN}/notes/${randomUUID()}`);
  const create = new Create({
    id: new URL(`${noteId.href}/activity`), actor, tos: [ctx.getFollowersUri("sender")],
    object: new Note({ id: noteId, attribution: actor, content: "<p>A followers-only notice for the fan-out benchmark.</p>",
      tos: [ctx.getFollowersUri("sender")] }),
  });
  const t0 = performance.now();
  await ctx.sendActivity({ identifier: "sender" }, recipients, create, { preferSharedInbox: !!body.preferSharedInbox });
  return { ok: true, ms: performance.now() - t0, id: create.id.href };
}

const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url, ORIGIN);
    if (url.pathname === "/_control/send" && req.method === "POST") {
      return json(res, 200, await send(JSON.parse((await readBody(req, 64 * 1024 * 1024)).toString("utf8"))));
    }
    const body = req.method === "GET" || req.method === "HEAD" ? null : await readBody(req);
    await sendResponse(res, await federation.fetch(toRequest(req, body, `${args.host}:${PORT}`), {
      onNotFound: () => new Response("Not found", { status: 404 }),
      onNotAcceptable: () => new Response("Not acceptable", { status: 406 }),
    }));
  } catch (e) {
    if (!res.headersSent) json(res, 500, { ok: false, error: String(e?.stack ?? e) }); else res.destroy();
  }
});
server.keepAliveTimeout = 5000;
server.requestTimeout = 0;
onSignals(() => { server.close(); server.closeAllConnections(); setTimeout(() => process.exit(0), 500).unref(); });
server.listen(PORT, args.host, () => process.stdout.write(`BENCH-SENDER READY ${ORIGIN}\n`));
