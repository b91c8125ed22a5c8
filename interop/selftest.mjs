#!/usr/bin/env node
// Self-test of peer.mjs: starts three peers on loopback and drives them through
// the control API exactly as Mutua's Java interop tests will.
//   A, B: ordinary peers; C, D: --rfc9421-only.
// Run: npm test --prefix interop   (or: node interop/selftest.mjs [--verbose])
import { spawn } from "node:child_process";
import net from "node:net";
import { fileURLToPath } from "node:url";
import path from "node:path";
import assert from "node:assert/strict";
import http from "node:http";

globalThis.navigator ??= { userAgent: `Node.js/${process.versions.node}` }; // see peer.mjs
const { signRequest } = await import("@fedify/fedify");

const here = path.dirname(fileURLToPath(import.meta.url));
const VERBOSE = process.argv.includes("--verbose");
const TOKEN = "selftest-token";
const children = [];
const results = [];

async function freePort() {
  return await new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

async function startPeer(name, extra = []) {
  const port = await freePort();
  const argv = [process.env.PEER_SCRIPT ?? path.join(here, "peer.mjs"), "--port", String(port), "--name", name, "--control-token", TOKEN, ...extra];
  if (VERBOSE) argv.push("--verbose");
  const child = spawn(process.execPath, argv, { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  child.stderr.on("data", (d) => { if (VERBOSE) process.stderr.write(d); });
  const base = await new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`${name} not ready in 30 s`)), 30000);
    child.stdout.on("data", (d) => {
      out += d;
      const m = /^PEER READY (\S+)\n/m.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.once("exit", (code) => { clearTimeout(timer); reject(new Error(`${name} exited early (${code})`)); });
  });
  const peer = {
    name, port, base, child, alice: `${base}/users/alice`,
    async call(method, p, body) {
      const res = await fetch(base + p, {
        method,
        headers: { authorization: `Bearer ${TOKEN}`, ...(body ? { "content-type": "application/json" } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      const text = await res.text();
      let data; try { data = JSON.parse(text); } catch { data = text; }
      return { status: res.status, data };
    },
    async post(p, body) {
      const r = await this.call("POST", p, body);
      if (r.status !== 200) throw new Error(`${name} POST ${p} -> ${r.status} ${JSON.stringify(r.data)}`);
      return r.data;
    },
    async get(p) {
      const r = await this.call("GET", p);
      if (r.status !== 200) throw new Error(`${name} GET ${p} -> ${r.status} ${JSON.stringify(r.data)}`);
      return r.data;
    },
  };
  return peer;
}

async function waitFor(what, fn, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try { last = await fn(); if (last) return last; } catch (e) { last = e; }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ""}`);
}

async function inboxEntry(peer, pred) {
  const items = await peer.get("/_control/inbox");
  return items.find(pred);
}

async function step(name, fn) {
  const t0 = Date.now();
  try {
    const detail = await fn();
    results.push({ name, ok: true, ms: Date.now() - t0 });
    console.log(`ok   ${name} (${Date.now() - t0} ms)${detail ? `\n       ${detail}` : ""}`);
  } catch (e) {
    results.push({ name, ok: false, ms: Date.now() - t0, error: e });
    console.log(`FAIL ${name} (${Date.now() - t0} ms)\n       ${e?.stack ?? e}`);
    throw e;
  }
}

function sigText(s) { return s ? `${s.scheme ?? "unsigned"}${s.verified ? " verified" : ` NOT verified (${s.reason})`}` : "n/a"; }

async function main() {
  const t0 = Date.now();
  const [A, B, C, D] = await Promise.all([startPeer("A"), startPeer("B"),
    startPeer("C", ["--rfc9421-only"]), startPeer("D", ["--rfc9421-only"])]);
  console.log(`peers: A=${A.base} B=${B.base} C=${C.base} D=${D.base} (C, D: --rfc9421-only), started in ${Date.now() - t0} ms`);

  await step("control API refuses requests without the bearer token", async () => {
    const r = await fetch(`${A.base}/_control/inbox`);
    assert.equal(r.status, 401);
  });

  await step("WebFinger acct:alice@127.0.0.1:<port> and actor document", async () => {
    const wf = await (await fetch(`${B.base}/.well-known/webfinger?resource=acct:alice@127.0.0.1:${B.port}`)).json();
    assert.equal(wf.subject, `acct:alice@127.0.0.1:${B.port}`);
    assert.equal(wf.links.find((l) => l.rel === "self").href, B.alice);
    const actor = await (await fetch(B.alice, { headers: { accept: "application/activity+json" } })).json();
    assert.equal(actor.id, B.alice);
    assert.ok(actor.publicKey.publicKeyPem.includes("BEGIN PUBLIC KEY"));
    assert.equal(actor.assertionMethod.length, 2);
    return `self=${wf.links.find((l) => l.rel === "self").href}, keys: ${actor.publicKey.id} + ${actor.assertionMethod.map((k) => k.id.split("#")[1]).join(", ")}`;
  });

  let followId;
  await step("A follows B's alice by actor URL; B records Follow, A records Accept, both signature-verified", async () => {
    const r = await A.post("/_control/follow", { actor: B.alice });
    followId = r.id;
    const follow = await waitFor("Follow at B", () => inboxEntry(B, (e) => e.type === "Follow" && e.id === followId));
    assert.equal(follow.actor, A.alice);
    assert.equal(follow.httpSignature.verified, true, JSON.stringify(follow.httpSignature));
    const accept = await waitFor("Accept at A", () => inboxEntry(A, (e) => e.type === "Accept" && e.actor === B.alice));
    assert.equal(accept.httpSignature.verified, true, JSON.stringify(accept.httpSignature));
    assert.equal(accept.objectId, followId);
    assert.equal(accept.matchedFollow, followId);
    const st = await B.get("/_control/state");
    assert.ok(st.followers.alice.some((f) => f.id === A.alice));
    const sa = await A.get("/_control/state");
    assert.equal(sa.following.alice.find((f) => f.actor === B.alice).state, "accepted");
    return `Follow at B: ${sigText(follow.httpSignature)}, ldSignature=${follow.ldSignature}, proof=${follow.proof}; ` +
      `Accept at A: ${sigText(accept.httpSignature)}, embedded object type ${accept.object?.type}`;
  });

  let noteId;
  await step("B posts a followers-only Note; A receives Create(Note)", async () => {
    const r = await B.post("/_control/post", { content: "<p>Who can lend a ladder?</p>", visibility: "followers" });
    noteId = r.object;
    assert.deepEqual(r.recipients, ["followers"]);
    const create = await waitFor("Create at A", () => inboxEntry(A, (e) => e.type === "Create" && e.objectId === noteId));
    assert.equal(create.httpSignature.verified, true);
    assert.equal(create.object.content, "<p>Who can lend a ladder?</p>");
    return `Create at A: ${sigText(create.httpSignature)}, to=${JSON.stringify(create.raw.to)} (compacted scalar)`;
  });

  await step("A looks up B's note (signed lookupObject) through the control API", async () => {
    const r = await A.get(`/_control/lookup?uri=${encodeURIComponent(noteId)}`);
    assert.equal(r.ok, true);
    assert.equal(r.type, "Note");
    assert.equal(r.json.id, noteId);
    const missing = await A.call("GET", `/_control/lookup?uri=${encodeURIComponent(`${B.base}/users/alice/notes/nope`)}`);
    assert.equal(missing.status, 404);
    // Fedify double-knocks on any status >= 400, and remembers the second scheme when it is not 400/401
    const knocks = (await B.get("/_control/requests")).filter((q) => q.path === "/users/alice/notes/nope");
    assert.deepEqual(knocks.map((q) => [q.scheme, q.status]), [["draft-cavage", 404], ["rfc9421", 404]]);
    return `type=${r.type}, attributedTo=${r.json.attributedTo}; unknown id -> ${missing.status}; ` +
      `B saw the missing-note GET as ${knocks.map((q) => `${q.scheme}->${q.status}`).join(", ")} (A now uses RFC 9421 for B)`;
  });

  await step("A replies to B's note; B receives Create(Note) with inReplyTo", async () => {
    const r = await A.post("/_control/reply", { inReplyTo: noteId, content: "<p>I have one</p>" });
    assert.ok(r.recipients.includes(B.alice), JSON.stringify(r));
    const create = await waitFor("reply at B", () => inboxEntry(B, (e) => e.type === "Create" && e.objectId === r.object));
    assert.equal(create.object.inReplyTo, noteId);
    assert.equal(create.httpSignature.verified, true);
    return `reply ${r.object} delivered to ${r.recipients.join(", ")}; B: ${sigText(create.httpSignature)}`;
  });

  await step("A likes and announces B's note; B records Like and Announce", async () => {
    const like = await A.post("/_control/like", { object: noteId });
    const ann = await A.post("/_control/announce", { object: noteId });
    const l = await waitFor("Like at B", () => inboxEntry(B, (e) => e.type === "Like" && e.id === like.id));
    const a = await waitFor("Announce at B", () => inboxEntry(B, (e) => e.type === "Announce" && e.id === ann.id));
    assert.equal(l.objectId, noteId);
    assert.equal(a.objectId, noteId);
  });

  await step("--rfc9421-only peer D: A's Follow POST is refused as cavage (401), accepted after double-knock", async () => {
    // unsigned lookup of D's actor, so the first signed request A makes to D is the inbox POST
    const r = await A.post("/_control/follow", { actor: D.alice, signedLookup: false });
    const follow = await waitFor("Follow at D", () => inboxEntry(D, (e) => e.type === "Follow" && e.id === r.id));
    assert.equal(follow.httpSignature.scheme, "rfc9421");
    assert.equal(follow.httpSignature.verified, true);
    const reqs = (await D.get("/_control/requests")).filter((q) => q.activityId === r.id);
    assert.deepEqual(reqs.map((q) => [q.scheme, q.status]), [["draft-cavage", 401], ["rfc9421", 202]]);
    const accept = await waitFor("Accept from D at A", () => inboxEntry(A, (e) => e.type === "Accept" && e.actor === D.alice));
    assert.equal(accept.httpSignature.verified, true);
    return `D's inbox log for the Follow: ${reqs.map((q) => `${q.scheme}->${q.status}`).join(", ")}; ` +
      `D's Accept at A: ${sigText(accept.httpSignature)}`;
  });

  await step("--rfc9421-only peer C: A's signed GET double-knocks, then the Follow POST goes RFC 9421 at once", async () => {
    const r = await A.post("/_control/follow", { actor: C.alice });
    const follow = await waitFor("Follow at C", () => inboxEntry(C, (e) => e.type === "Follow" && e.id === r.id));
    assert.equal(follow.httpSignature.scheme, "rfc9421");
    assert.equal(follow.httpSignature.verified, true);
    const reqs = await C.get("/_control/requests");
    const gets = reqs.filter((q) => q.method === "GET" && q.path === "/users/alice");
    assert.deepEqual(gets.slice(0, 2).map((q) => [q.scheme, q.status]), [["draft-cavage", 401], ["rfc9421", 200]]);
    const posts = reqs.filter((q) => q.activityId === r.id);
    assert.deepEqual(posts.map((q) => [q.scheme, q.status]), [["rfc9421", 202]]);
    await waitFor("Accept from C at A", () => inboxEntry(A, (e) => e.type === "Accept" && e.actor === C.alice));
    return `C's log: GET /users/alice ${gets.slice(0, 2).map((q) => `${q.scheme}->${q.status}`).join(", ")}; ` +
      `POST Follow ${posts.map((q) => `${q.scheme}->${q.status}`).join(", ")}`;
  });

  await step("A remembers RFC 9421 for C: the next delivery (a reply) needs one knock", async () => {
    const post = await C.post("/_control/post", { content: "<p>Soup on Friday</p>" });
    await waitFor("Create from C at A", () => inboxEntry(A, (e) => e.type === "Create" && e.objectId === post.object));
    const r = await A.post("/_control/reply", { inReplyTo: post.object, content: "<p>Count me in</p>" });
    const create = await waitFor("reply at C", () => inboxEntry(C, (e) => e.type === "Create" && e.objectId === r.object));
    const reqs = (await C.get("/_control/requests")).filter((q) => q.activityId === create.id);
    assert.deepEqual(reqs.map((q) => [q.scheme, q.status]), [["rfc9421", 202]]);
    return `C's inbox log for ${create.id}: ${reqs.map((q) => `${q.scheme}->${q.status}`).join(", ")}`;
  });

  await step("a sender with HTTP signatures only (no LD signature, as Mutua sends) is verified by Fedify, both schemes", async () => {
    // a minimal fake server: serves its actor (with publicKeyPem), accepts any POST
    const kp = await crypto.subtle.generateKey({ name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" }, true, ["sign", "verify"]);
    const spki = Buffer.from(await crypto.subtle.exportKey("spki", kp.publicKey)).toString("base64");
    const pem = `-----BEGIN PUBLIC KEY-----\n${spki.match(/.{1,64}/g).join("\n")}\n-----END PUBLIC KEY-----\n`;
    const got = [];
    const srv = http.createServer((req, res) => {
      const base = `http://127.0.0.1:${srv.address().port}`;
      if (req.method === "GET") {
        res.writeHead(200, { "content-type": "application/activity+json" });
        return res.end(JSON.stringify({ "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
          id: `${base}/u/m`, type: "Person", preferredUsername: "m", inbox: `${base}/u/m/inbox`,
          publicKey: { id: `${base}/u/m#main-key`, owner: `${base}/u/m`, publicKeyPem: pem } }));
      }
      let b = ""; req.on("data", (d) => { b += d; });
      req.on("end", () => { got.push({ scheme: req.headers["signature-input"] ? "rfc9421" : "draft-cavage", type: JSON.parse(b).type }); res.writeHead(202); res.end(); });
    });
    await new Promise((r) => srv.listen(0, "127.0.0.1", r));
    try {
      const base = `http://127.0.0.1:${srv.address().port}`;
      const statuses = [];
      for (const spec of ["draft-cavage-http-signatures-12", "rfc9421", null]) {
        const body = JSON.stringify({ "@context": "https://www.w3.org/ns/activitystreams", id: `${base}/a/${spec ?? "unsigned"}`, type: "Follow", actor: `${base}/u/m`, object: B.alice });
        let req = new Request(`${B.base}/users/alice/inbox`, { method: "POST", headers: { "content-type": "application/activity+json" }, body });
        if (spec) req = await signRequest(req, kp.privateKey, new URL(`${base}/u/m#main-key`), { spec, body: new TextEncoder().encode(body).buffer });
        statuses.push((await fetch(req)).status);
      }
      assert.deepEqual(statuses, [202, 202, 401]);
      for (const spec of ["draft-cavage-http-signatures-12", "rfc9421"]) {
        const e = await waitFor(`Follow ${spec} at B`, () => inboxEntry(B, (x) => x.id === `${base}/a/${spec}`));
        assert.equal(e.httpSignature.verified, true);
        assert.equal(e.ldSignature, false);
      }
      await waitFor("two Accepts at the fake sender", () => got.filter((g) => g.type === "Accept").length === 2);
      return `cavage -> ${statuses[0]}, rfc9421 -> ${statuses[1]}, unsigned -> ${statuses[2]}; Accepts received: ${got.map((g) => `${g.type}/${g.scheme}`).join(", ")}`;
    } finally {
      srv.close();
    }
  });

  await step("A unfollows B; B records Undo(Follow) and drops the follower", async () => {
    const r = await A.post("/_control/unfollow", { actor: B.alice });
    const undo = await waitFor("Undo at B", () => inboxEntry(B, (e) => e.type === "Undo" && e.id === r.id));
    assert.equal(undo.object.type, "Follow");
    assert.equal(undo.removedFollower, A.alice);
    const st = await B.get("/_control/state");
    assert.ok(!st.followers.alice.some((f) => f.id === A.alice));
  });

  await step("reset clears the records", async () => {
    await B.post("/_control/reset", {});
    assert.deepEqual(await B.get("/_control/inbox"), []);
  });

  await step("peers exit 0 on SIGTERM", async () => {
    const codes = await Promise.all(children.map((c) => new Promise((resolve) => {
      if (c.exitCode != null) return resolve(c.exitCode);
      c.once("exit", (code, sig) => resolve(code ?? sig));
      c.kill("SIGTERM");
    })));
    assert.deepEqual(codes, [0, 0, 0, 0]);
  });
  console.log(`\n${results.filter((r) => r.ok).length}/${results.length} steps passed in ${Date.now() - t0} ms`);
}

main().then(() => process.exit(0), (e) => {
  console.error(`\nself-test failed: ${e?.message ?? e}`);
  for (const c of children) if (c.exitCode == null) c.kill("SIGTERM");
  process.exit(1);
});
