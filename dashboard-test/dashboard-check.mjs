// Drives the dashboard in the system's headless Chromium and prints what the page showed as one JSON line.
// Used by io.assay.api.DashboardBrowserTest, which asserts on that JSON (and compares it with the API).
//   node dashboard-check.mjs <base-url> <screenshot.png> <small-amount> <huge-amount>
// It picks the 5-minute range: 101 points, every 3 s (dashboard.js: ceil(300 / 120) = 3).
// Every wait has a deadline (playwright's timeouts); the browser is closed in all cases.
import {launch, WAIT} from './chromium.mjs';

const [base, screenshot, small, huge] = process.argv.slice(2);
if (!base || !screenshot || !small || !huge) {
  console.error('usage: node dashboard-check.mjs <base-url> <screenshot.png> <small-amount> <huge-amount>');
  process.exit(2);
}
const RANGE = '300';

const browser = await launch();
const out = {pageErrors: [], consoleErrors: [], failedRequests: []};
try {
  const page = await browser.newPage({viewport: {width: 1400, height: 1000}});
  page.setDefaultTimeout(WAIT);
  page.on('pageerror', (e) => out.pageErrors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') out.consoleErrors.push(m.text()); });
  page.on('requestfailed', (r) => out.failedRequests.push(r.url()));
  page.on('response', (r) => { if (r.status() >= 400) out.failedRequests.push(r.status() + ' ' + r.url()); });

  await page.goto(base + '/', {waitUntil: 'load'});
  await page.waitForSelector('#dashboard[data-state="ready"]');
  out.title = await page.title();

  await page.selectOption('#range', RANGE);
  await page.waitForFunction(() => {
    const h = window.assayDashboard.history;
    return h && h.url.includes('interval=PT3S') && document.getElementById('chart').dataset.state !== 'loading';
  });
  out.history = await page.evaluate(() => window.assayDashboard.history);
  out.dataPoints = Number(await page.getAttribute('#chart', 'data-points'));
  out.chartState = await page.getAttribute('#chart', 'data-state');
  // pixels of the reserves line (#2a9d8f) on uPlot's canvas: proof that a line was drawn, not just data fetched
  out.reservePixels = await page.evaluate(() => {
    const c = document.querySelector('#chart canvas');
    if (!c) return -1;
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (Math.abs(d[i] - 0x2a) < 12 && Math.abs(d[i + 1] - 0x9d) < 12 && Math.abs(d[i + 2] - 0x8f) < 12 && d[i + 3] > 200) n++;
    }
    return n;
  });

  const text = async (sel) => (await page.textContent(sel)).trim();
  out.ratio = await text('#ratio');
  out.health = await text('#health');
  out.reserves = await text('#reserves');
  out.circulating = await text('#circulating');
  out.solvencyShown = !(await page.$eval('#solvency', (el) => el.hidden));
  out.solvencyRatio = await text('#solvency-ratio');
  out.solvencyStatus = await text('#solvency-status');
  out.liabilities = await text('#liabilities');
  out.liabilitiesPublication = await text('#liabilities-publication');
  const rows = async (id) => page.$$eval('#' + id + ' tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
  out.supplyRows = await rows('supply-table');
  out.reserveRows = await rows('reserves-table');
  out.chainRows = await rows('chains-table');
  out.roundRows = await rows('rounds-table');
  out.roundSigners = await page.$$eval('#rounds-table tbody td.mono', (tds) => tds.map((td) => td.title));

  const mint = async (amount) => {
    await page.fill('#mint-amount', amount);
    await page.click('#mint-form button[type="submit"]');
    // the handler clears data-allowed synchronously on submit, so this waits for this answer, not the last one
    await page.waitForSelector('#mint-result:not([data-allowed=""])');
    return {allowed: await page.getAttribute('#mint-result', 'data-allowed'), text: await text('#mint-result')};
  };
  out.mintSmall = await mint(small);
  out.mintHuge = await mint(huge);

  await page.screenshot({path: screenshot, fullPage: true});
  out.screenshot = screenshot;
} catch (e) {
  // say what the page saw, not only which wait timed out
  process.stderr.write('page errors: ' + JSON.stringify(out.pageErrors) + '\nconsole errors: '
      + JSON.stringify(out.consoleErrors) + '\nfailed requests: ' + JSON.stringify(out.failedRequests) + '\n');
  throw e;
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(out) + '\n');
