/*
 * Assay dashboard: reads the public REST API only (/v1, /v1/assets, /v1/assets/{id}, .../history, .../rounds,
 * .../mint-check, /v1/chains). Amounts are exact strings and are formatted as strings (amounts.js); the only
 * Number conversion of an amount is the chart's y-value (see toPlotNumber).
 *
 * For tests and integrators the page exposes what it drew: window.assayDashboard.history holds the URL it
 * fetched and the exact points it plotted; #chart carries data-points (points with values) and data-state.
 */
(function () {
  'use strict';
  const A = window.AssayAmounts;
  const REFRESH_MS = 15000;
  const TARGET_POINTS = 120;

  const $ = (id) => document.getElementById(id);
  const state = {asset: null, assets: [], latest: null, plot: null, timer: null};
  const exposed = window.assayDashboard = {asset: null, history: null, loads: 0};

  async function getJson(url) {
    const r = await fetch(url, {headers: {Accept: 'application/json'}});
    const text = await r.text();
    let body = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch (e) {
      throw new Error(url + ': not JSON (' + r.status + ')');
    }
    if (!r.ok) {
      // problem+json from the API names the parameter or the cause in 'detail'
      throw new Error((body && (body.detail || body.title)) || (url + ': HTTP ' + r.status));
    }
    return body;
  }

  function showError(e) {
    const el = $('error');
    if (e) {
      el.textContent = String(e.message || e);
      el.hidden = false;
    } else {
      el.hidden = true;
    }
  }

  function time(iso) {
    return iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '–';
  }

  function amount(a) {
    return a ? A.formatDecimal(a.decimal) : '–';
  }

  function fill(tableId, rows) {
    const body = $(tableId).tBodies[0];
    body.replaceChildren();
    for (const cells of rows) {
      const tr = document.createElement('tr');
      for (const c of cells) {
        const td = document.createElement('td');
        const cell = typeof c === 'object' && c !== null ? c : {text: c};
        td.textContent = cell.text === null || cell.text === undefined ? '–' : String(cell.text);
        if (cell.cls) td.className = cell.cls;
        if (cell.title) td.title = cell.title;
        tr.appendChild(td);
      }
      body.appendChild(tr);
    }
    if (rows.length === 0) {
      const tr = document.createElement('tr');
      const td = document.createElement('td');
      td.colSpan = $(tableId).tHead.rows[0].cells.length;
      td.className = 'muted';
      td.textContent = 'none yet';
      tr.appendChild(td);
      body.appendChild(tr);
    }
  }

  const num = (text, title) => ({text, cls: 'num', title});

  async function loadNode() {
    try {
      const n = await getJson('/v1');
      $('node-info').textContent = 'v' + n.version + (n.signer ? ' · signer ' + n.signer : ' · unsigned');
    } catch (e) {
      $('node-info').textContent = '';
    }
  }

  async function loadAssets() {
    state.assets = await getJson('/v1/assets');
    const sel = $('asset');
    sel.replaceChildren(...state.assets.map((a) => new Option(a.symbol + ' · ' + a.name, a.id)));
    const wanted = new URLSearchParams(location.search).get('asset');
    state.asset = state.assets.find((a) => a.id === wanted) || state.assets[0] || null;
    if (state.asset) sel.value = state.asset.id;
  }

  function renderSummary(s) {
    const l = s.latest;
    $('ratio').textContent = A.formatRatio(l.ratio);
    $('min-ratio').textContent = l.minRatio;
    const h = $('health');
    h.textContent = s.health;
    h.dataset.health = s.health;
    $('as-of').textContent = time(l.asOf);
    $('reserves').textContent = amount(l.reserves) + ' ' + state.asset.symbol;
    $('circulating').textContent = amount(l.circulating) + ' ' + state.asset.symbol;
    $('supply').textContent = amount(l.supply);
    $('excluded').textContent = amount(l.excluded);
    $('reasons').replaceChildren(...(l.reasons || []).map((r) => {
      const li = document.createElement('li');
      li.textContent = r;
      return li;
    }));
    for (const el of document.querySelectorAll('.symbol')) el.textContent = state.asset.symbol;
    // solvency: the liabilities publication in force at the cut against the same reserves (absent: none published)
    const sv = s.solvency;
    $('solvency').hidden = !sv;
    if (sv) {
      $('solvency-ratio').textContent = A.formatRatio(sv.ratio);
      const st = $('solvency-status');
      st.textContent = sv.solvent ? 'solvent' : 'INSOLVENT';
      st.dataset.solvent = String(sv.solvent);
      $('liabilities').textContent = amount(sv.liabilities) + ' ' + state.asset.symbol;
      $('liabilities-publication').textContent = sv.publication;
      $('liabilities-time').textContent = time(sv.publishedAt);
      $('liabilities-root').textContent = sv.root.slice(0, 10) + '…' + sv.root.slice(-8);
      $('liabilities-root').title = sv.root;
    }

    fill('supply-table', (l.supplyByChain || []).map((c) => [c.chain, num(amount(c.amount), c.amount && c.amount.raw), num(c.height)]));
    fill('excluded-table', (l.excludedHolders || []).map((c) => [c.id, c.chain, num(amount(c.amount), c.amount && c.amount.raw)]));
    fill('reserves-table', (l.reserveSources || []).map((c) => [c.id, c.chain, num(amount(c.amount), c.amount && c.amount.raw), num(c.height)]));
  }

  function renderChains(latest, chains) {
    const byName = new Map(chains.map((c) => [c.chain, c]));
    fill('chains-table', (latest.chains || []).map((c) => {
      const idx = byName.get(c.chain) || {};
      const fresh = c.stale ? 'stale' : 'fresh';
      return [c.chain, num(c.height), time(c.blockTime), num(c.lagSeconds === undefined ? null : c.lagSeconds + ' s'),
        {text: fresh + (idx.state ? ' · ' + idx.state : ''), cls: 'fresh-' + fresh, title: c.reason || idx.haltReason || ''}];
    }));
  }

  /* The asset's reserve sets whose membership changes (their /v1/chains entries): members, refresh, refusals. */
  function renderSets(chains) {
    const sets = chains.filter((c) => c.family === 'reserve-set' && c.asset === state.asset.id);
    $('sets-card').hidden = sets.length === 0;
    fill('sets-table', sets.map((c) => {
      const st = c.halted ? 'halted' : c.refused ? 'refused' : c.polling === false ? 'not polled' : (c.state || 'ok');
      return [{text: c.set, title: c.source || ''}, c.kind, num(c.members), time(c.lastRefresh), num(c.refusals),
        {text: st, cls: c.refused || c.halted ? 'fresh-stale' : 'fresh-fresh', title: c.refused || c.halted || c.suspect || ''}];
    }));
  }

  function renderRounds(rounds) {
    fill('rounds-table', rounds.map((r) => {
      const signer = r.attestation && r.attestation.signer;
      return [num(r.roundId), time(r.updatedAt), num(amount(r.reserves)), num(amount(r.circulating)),
        num(A.formatRatio(r.ratio)),
        r.liabilities ? num(A.formatRatio(r.liabilities.ratio), 'liabilities ' + r.liabilities.liabilities.raw
          + ' (publication ' + r.liabilities.publication + ', root ' + r.liabilities.root + ')') : num(null),
        r.trigger,
        {text: signer ? signer.slice(0, 8) + '…' + signer.slice(-6) : 'unsigned', title: signer || '', cls: 'mono'}];
    }));
  }

  /*
   * The chart's y-values: the exact decimal string converted to a Number, for plotting only. A float is close
   * enough to place a pixel; every number a person reads (legend, tables) comes from the exact strings.
   */
  function toPlotNumber(raw, decimals) {
    return raw === null || raw === undefined ? null : Number(A.rawToDecimal(raw, decimals));
  }

  async function loadChart() {
    if (!state.asset || !state.latest) return;
    const chart = $('chart');
    chart.dataset.state = 'loading';
    const range = Number($('range').value);
    // the server's clock, not the browser's: 'to' in the server's future is rejected
    const to = new Date(state.latest.latest.asOf);
    const step = Math.max(1, Math.ceil(range / TARGET_POINTS));
    // a whole number of steps back, so the last point falls on 'to' (the current state)
    const from = new Date(to.getTime() - Math.floor(range / step) * step * 1000);
    const url = '/v1/assets/' + encodeURIComponent(state.asset.id) + '/history?from=' + from.toISOString()
      + '&to=' + to.toISOString() + '&interval=PT' + step + 'S';
    const h = await getJson(url);
    const points = h.values.map((v) => ({time: v.time, status: v.status, reserves: v.reserves ?? null,
      circulating: v.circulating ?? null, incumbent: v.incumbent ?? null}));
    const xs = points.map((p) => Date.parse(p.time) / 1000);
    const reserves = points.map((p) => toPlotNumber(p.reserves, h.decimals));
    const circulating = points.map((p) => toPlotNumber(p.circulating, h.decimals));
    const withValues = points.filter((p) => p.reserves !== null && p.circulating !== null).length;
    // an asset that names an incumbent proof-of-reserve feed gets its answer as a third line (same moments, same units)
    const withIncumbent = points.some((p) => p.incumbent !== null);
    const incumbent = points.map((p) => toPlotNumber(p.incumbent, h.decimals));
    exposed.history = {url, decimals: h.decimals, from: h.from, to: h.to, interval: h.interval, points};
    draw(points, h.decimals, withIncumbent ? [xs, reserves, circulating, incumbent] : [xs, reserves, circulating]);
    chart.dataset.incumbent = String(points.filter((p) => p.incumbent !== null).length);
    $('chart-note').textContent = withValues === 0
      ? 'No indexed data in this range yet.'
      : withValues + ' of ' + points.length + ' points have data, every ' + step + ' s; gaps: data missing or refused.';
    chart.dataset.points = String(withValues);
    chart.dataset.state = withValues > 0 ? 'drawn' : 'empty';
  }

  function draw(points, decimals, data) {
    const el = $('chart');
    const width = Math.max(320, el.clientWidth || 800);
    const exact = (key) => (u, v, sidx, idx) => {
      if (idx === null || idx === undefined || !points[idx] || points[idx][key] === null) return '–';
      return A.formatDecimal(A.rawToDecimal(points[idx][key], decimals));
    };
    const opts = {
      width, height: 300,
      // y from 0: a shortfall must look like one (an axis starting near the values exaggerates small moves)
      scales: {x: {time: true}, y: {range: (u, min, max) => [0, max > 0 ? max * 1.1 : 1]}},
      series: [
        {value: (u, v) => (v === null ? '–' : new Date(v * 1000).toISOString().replace('T', ' ').replace('.000Z', 'Z'))},
        {label: 'Reserves', stroke: '#2a9d8f', width: 2, value: exact('reserves')},
        {label: 'Circulating', stroke: '#e76f51', width: 2, value: exact('circulating')},
      ].concat(data.length > 3
        ? [{label: 'Incumbent feed', stroke: '#6d597a', width: 2, dash: [6, 4], value: exact('incumbent')}] : []),
      axes: [{}, {size: 70}],
    };
    if (state.plot) state.plot.destroy();
    state.plot = new uPlot(opts, data, el);
  }

  async function refresh() {
    if (!state.asset) return;
    const id = encodeURIComponent(state.asset.id);
    try {
      const [s, chains, rounds] = await Promise.all([getJson('/v1/assets/' + id), getJson('/v1/chains'),
        getJson('/v1/assets/' + id + '/rounds?limit=10')]);
      state.latest = s;
      exposed.asset = state.asset.id;
      renderSummary(s);
      renderChains(s.latest, chains);
      renderSets(chains);
      renderRounds(rounds);
      await loadChart();
      showError(null);
      exposed.loads++;
      $('dashboard').dataset.state = 'ready';
    } catch (e) {
      showError(e);
      $('dashboard').dataset.state = 'error';
    }
  }

  async function mintCheck(ev) {
    ev.preventDefault();
    const out = $('mint-result');
    out.dataset.allowed = '';
    out.replaceChildren();
    const line = (text, cls) => {
      const p = document.createElement('p');
      p.textContent = text;
      if (cls) p.className = cls;
      out.appendChild(p);
    };
    let raw;
    try {
      raw = A.decimalToRaw($('mint-amount').value, state.asset.decimals);
    } catch (e) {
      line(e.message, 'error');
      out.dataset.allowed = 'error';
      return;
    }
    try {
      const d = await getJson('/v1/assets/' + encodeURIComponent(state.asset.id) + '/mint-check?amount=' + raw);
      const sym = ' ' + state.asset.symbol;
      line(d.allowed ? 'Allowed' : 'Denied', d.allowed ? 'verdict allowed' : 'verdict denied');
      line('requested ' + amount(d.requested) + sym + ' (' + d.requested.raw + ' raw units)');
      if (d.required) line('reserves required ' + amount(d.required) + sym + ', headroom ' + amount(d.headroom) + sym);
      for (const r of d.reasons || []) line(r, 'muted');
      out.dataset.allowed = String(d.allowed);
    } catch (e) {
      line(e.message, 'error');
      out.dataset.allowed = 'error';
    }
  }

  function schedule() {
    clearInterval(state.timer);
    state.timer = setInterval(refresh, REFRESH_MS);
  }

  async function start() {
    $('range').addEventListener('change', () => loadChart().catch(showError));
    $('asset').addEventListener('change', () => {
      state.asset = state.assets.find((a) => a.id === $('asset').value);
      $('mint-result').replaceChildren();
      refresh();
    });
    $('mint-form').addEventListener('submit', mintCheck);
    window.addEventListener('resize', () => {
      if (state.plot) state.plot.setSize({width: Math.max(320, $('chart').clientWidth), height: 300});
    });
    loadNode();
    try {
      await loadAssets();
    } catch (e) {
      showError(e);
      $('dashboard').dataset.state = 'error';
      return;
    }
    await refresh();
    schedule();
  }

  start();
})();
