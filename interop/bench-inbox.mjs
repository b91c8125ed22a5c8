#!/usr/bin/env node
// The Fedify baseline of the inbox-ingest benchmark (docs/benchmarks.md): a minimal, realistic Fedify app whose
// shared inbox stores every Create(Note) reply in PostgreSQL. Fedify does what it does for any app: parses the
// activity, fetches the signer's key once (MemoryKvStore caches it), verifies the HTTP signature, checks the
// signer owns the actor, runs the listener. No message queue: the listener runs inside the request, so a 202 means
// the reply is stored.
//
//   node interop/bench-inbox.mjs --port <n> --pg postgres://postgres@127.0.0.1:<pgport>/postgres
//
// Prints "BENCH-INBOX READY http://127.0.0.1:<port>" when listening. GET /_bench/count answers {"count": n}.
import "./bench-common.mjs";
import http from "node:http";
import { parseArgs } from "node:util";
import pg from "pg";
import { readBody, toRequest, sendResponse, json, onSignals } from "./bench-common.mjs";

const { createFederation, MemoryKvStore } = await import("@fedify/fedify");
const { Create, Note, Person, Endpoints } = await import("@fedify/vocab");

const { values: args } = parseArgs({
  options: { port: { type: "string" }, host: { type: "string", default: "127.0.0.1" }, pg: { type: "string" } },
  strict: true,
});
const PORT = Number(args.port);
const ORIGIN = `http://${args.host}:${PORT}`;

const db = new pg.Pool({ connectionString: args.pg, max: 10 });
await db.query(`create table if not exists fedify_reply (
  id text primary key, actor text not null, in_reply_to text, content text not null,
  received_at timestamptz not null default now())`);
await db.query("truncate fedify_reply");

const federation = createFederation({ kv: new MemoryKvStore(), origin: ORIGIN, allowPrivateAddress: true });
federation.setActorDispatcher("/users/{identifier}", async (ctx, identifier) => identifier !== "admin" ? null : new Person({
  id: ctx.getActorUri(identifier), preferredUsername: identifier, inbox: ctx.getInboxUri(identifier),
  endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
}));
federation.setInboxListeners("/users/{identifier}/inbox", "/inbox")
  .on(Create, async (ctx, create) => {
    const note = await create.getObject(ctx);
    if (!(note instanceof Note) || note.id == null || create.actorId == null) return;
    await db.query("insert into fedify_reply (id, actor, in_reply_to, content) values ($1, $2, $3, $4) on conflict do nothing",
      [note.id.href, create.actorId.href, note.replyTargetId?.href ?? null, String(note.content ?? "")]);
  })
  .onError(async (_ctx, error) => { process.stderr.write(`inbox error: ${error?.stack ?? error}\n`); });

const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url, ORIGIN);
    if (url.pathname === "/_bench/count") {
      const r = await db.query("select count(*)::int as n from fedify_reply");
      return json(res, 200, { count: r.rows[0].n });
    }
    const body = req.method === "GET" || req.method === "HEAD" ? null : await readBody(req);
    const response = await federation.fetch(toRequest(req, body, `${args.host}:${PORT}`), {
      contextData: undefined,
      onNotFound: () => new Response("Not found", { status: 404 }),
      onNotAcceptable: () => new Response("Not acceptable", { status: 406 }),
    });
    await sendResponse(res, response);
  } catch (e) {
    if (!res.headersSent) json(res, 500, { error: String(e?.message ?? e) }); else res.destroy();
  }
});
server.keepAliveTimeout = 5000;
onSignals(() => { server.close(); server.closeAllConnections(); db.end().finally(() => process.exit(0)); setTimeout(() => process.exit(0), 2000).unref(); });
server.listen(PORT, args.host, () => process.stdout.write(`BENCH-INBOX READY ${ORIGIN}\n`));
