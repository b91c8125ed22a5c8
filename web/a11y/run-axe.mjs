// Checks every page the Java tests rendered (web/target/rendered/*.html) with axe-core in a real
// Chromium, at phone width, in light and dark colour schemes. Fails on serious or critical violations.
//
//   cd web && mvn -B -q test            # renders the pages
//   cd a11y && npm ci && npm run axe     # needs Debian's chromium (apt-get install chromium)
//
// A tiny HTTP server serves the pages at / and the stylesheet at /static/, as the node would.
import { createServer } from 'node:http';
import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendered = path.join(here, '..', 'target', 'rendered');
const staticDir = path.join(here, '..', 'src', 'main', 'resources', 'org', 'mutua', 'web', 'static');
const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.svg': 'image/svg+xml' };

const server = createServer(async (req, res) => {
  const url = new URL(req.url, 'http://localhost');
  const file = url.pathname.startsWith('/static/')
    ? path.join(staticDir, path.basename(url.pathname))
    : path.join(rendered, path.basename(url.pathname));
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-dev-shm-usage'],
});
const pages = (await readdir(rendered)).filter((f) => f.endsWith('.html')).sort();
let serious = 0;
let checked = 0;
for (const scheme of ['light', 'dark']) {
  for (const name of pages) {
    const tab = await browser.newPage();
    await tab.setViewport({ width: 320, height: 640 });
    await tab.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
    await tab.goto(`${base}/${name}`, { waitUntil: 'load' });
    await tab.evaluate(axeSource);
    const result = await tab.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    checked++;
    for (const v of result.violations) {
      const bad = v.impact === 'serious' || v.impact === 'critical';
      if (bad) serious++;
      console.log(`${bad ? 'FAIL' : 'note'} ${name} [${scheme}] ${v.impact} ${v.id}: ${v.help}`);
      for (const node of v.nodes.slice(0, 3)) console.log(`      ${node.target.join(' ')}`);
    }
    await tab.close();
  }
}
await browser.close();
server.close();
console.log(`axe: ${checked} page checks, ${serious} serious/critical violations`);
process.exit(serious === 0 ? 0 : 1);
