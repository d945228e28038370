// Reads the dashboard's "Reserve sets" card in the system's headless Chromium and prints it as one JSON line.
// Used by io.assay.api.ReserveSetsStatusTest, which asserts on that JSON (and compares it with /v1/chains).
//   node sets-check.mjs <base-url>
// Every wait has a deadline (playwright's timeouts); the browser is closed in all cases.
import {launch, WAIT} from './chromium.mjs';

const [base] = process.argv.slice(2);
if (!base) {
  console.error('usage: node sets-check.mjs <base-url>');
  process.exit(2);
}
const browser = await launch();
const out = {pageErrors: []};
try {
  const page = await browser.newPage({viewport: {width: 1400, height: 1000}});
  page.setDefaultTimeout(WAIT);
  page.on('pageerror', (e) => out.pageErrors.push(String(e)));
  await page.goto(base + '/', {waitUntil: 'load'});
  await page.waitForSelector('#dashboard[data-state="ready"]');
  out.hidden = await page.evaluate(() => document.getElementById('sets-card').hidden);
  out.rows = await page.evaluate(() => [...document.querySelectorAll('#sets-table tbody tr')]
    .map((tr) => [...tr.cells].map((td) => td.textContent.trim())));
  out.titles = await page.evaluate(() => [...document.querySelectorAll('#sets-table tbody tr')]
    .map((tr) => tr.cells[tr.cells.length - 1].title));
} finally {
  await browser.close();
}
console.log(JSON.stringify(out));
