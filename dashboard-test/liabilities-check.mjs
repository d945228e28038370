// Drives the liabilities page (/liabilities.html) in the system's headless Chromium: pastes every vector of
// src/test/resources/liabilities/vectors.json, clicks Verify and prints what the page showed, as one JSON object.
// Used by io.assay.api.LiabilitiesBrowserTest. Every request the page makes is recorded: after the page has loaded,
// verifying must not make any (the check runs in the browser, with no server trust).
//   node liabilities-check.mjs <base-url> <vectors.json> <screenshot.png>
import {launch, WAIT} from './chromium.mjs';
import {readFileSync} from 'node:fs';

const [base, vectorsFile, screenshot] = process.argv.slice(2);
if (!base || !vectorsFile || !screenshot) {
  console.error('usage: node liabilities-check.mjs <base-url> <vectors.json> <screenshot.png>');
  process.exit(2);
}
const vectors = JSON.parse(readFileSync(vectorsFile, 'utf8'));
// the first binary twin without its last 4 base64url characters (3 bytes): a truncated binary proof
const v0trunc = (vs) => vs.find((v) => v.binary !== null).binary.slice(0, -4);
const browser = await launch();
const out = {pageErrors: [], consoleErrors: [], requestsAfterLoad: [], results: []};
try {
  const page = await browser.newPage({viewport: {width: 1200, height: 1100}});
  page.setDefaultTimeout(WAIT);
  page.on('pageerror', (e) => out.pageErrors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') out.consoleErrors.push(m.text()); });
  let loaded = false;
  page.on('request', (r) => { if (loaded) out.requestsAfterLoad.push(r.method() + ' ' + r.url()); });
  await page.goto(base + '/liabilities.html', {waitUntil: 'load'});
  await page.waitForSelector('body[data-ready="true"]');
  loaded = true;
  out.title = await page.title();
  for (const v of vectors) {
    await page.fill('#proof', JSON.stringify(v.proof, null, 2));
    await page.fill('#root', v.root ?? '');
    await page.evaluate(() => { document.getElementById('result').dataset.state = 'empty'; });
    await page.click('#verify');
    await page.waitForSelector('#result[data-state="done"]');
    out.results.push({
      name: v.name,
      valid: await page.getAttribute('#result', 'data-valid'),
      verdict: (await page.textContent('#verdict')).trim(),
      reasons: await page.$$eval('#reasons li', (lis) => lis.map((li) => li.textContent)),
      balances: await page.$$eval('#balances tbody tr', (trs) => trs.map((tr) => Array.from(tr.cells, (c) => c.textContent))),
    });
    if (v.name === 'maxwell-hidden-sum-bob') {
      await page.screenshot({path: screenshot, fullPage: true});
    }
  }
  // the binary twins, pasted as base64url
  out.binaryResults = [];
  for (const v of vectors) {
    if (v.binary === null) continue;
    await page.fill('#proof', v.binary);
    await page.fill('#root', v.root ?? '');
    await page.evaluate(() => { document.getElementById('result').dataset.state = 'empty'; });
    await page.click('#verify');
    await page.waitForSelector('#result[data-state="done"]');
    out.binaryResults.push({
      name: v.name,
      valid: await page.getAttribute('#result', 'data-valid'),
      reasons: await page.$$eval('#reasons li', (lis) => lis.map((li) => li.textContent)),
      balances: await page.$$eval('#balances tbody tr', (trs) => trs.map((tr) => Array.from(tr.cells, (c) => c.textContent))),
    });
  }
  await page.fill('#proof', v0trunc(vectors));
  await page.fill('#root', '');
  await page.evaluate(() => { document.getElementById('result').dataset.state = 'empty'; });
  await page.click('#verify');
  await page.waitForSelector('#result[data-state="done"]');
  out.binaryJunk = {valid: await page.getAttribute('#result', 'data-valid'),
    reasons: await page.$$eval('#reasons li', (lis) => lis.map((li) => li.textContent))};
  await page.fill('#proof', '{not json');
  await page.evaluate(() => { document.getElementById('result').dataset.state = 'empty'; });
  await page.click('#verify');
  await page.waitForSelector('#result[data-state="done"]');
  out.junk = {valid: await page.getAttribute('#result', 'data-valid'),
    reasons: await page.$$eval('#reasons li', (lis) => lis.map((li) => li.textContent))};
} finally {
  await browser.close();
}
console.log(JSON.stringify(out));
