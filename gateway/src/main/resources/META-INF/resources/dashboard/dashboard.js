// The dashboard: every number comes from the public API (/api/v1), the same calls any client makes.
// Reads are anonymous; submissions send the bearer token typed into the header field (kept in sessionStorage, so it
// lives as long as the tab and is never written to disk by the page).
'use strict';

const API = 'api/v1';
const TOKEN_KEY = 'estimator.token';
const $ = (id) => document.getElementById(id);
const charts = {};
let models = [];
let lastScenario = null;

// ---------- formatting ----------
const fmt = (v, digits = 3) => v == null || Number.isNaN(v) ? '–'
  : Math.abs(v) >= 1e6 || (Math.abs(v) < 1e-2 && v !== 0) ? Number(v).toExponential(digits - 1)
  : Number(v).toLocaleString('en-US', { maximumFractionDigits: Math.abs(v) >= 100 ? 0 : 2 });
const money = (v, cur) => v == null ? '–' : `${Number(v).toLocaleString('en-US', { maximumFractionDigits: 0 })} ${cur || ''}`.trim();
const cell = (text, cls) => { const td = document.createElement('td'); td.textContent = text; if (cls) td.className = cls; return td; };
const row = (...cells) => { const tr = document.createElement('tr'); cells.forEach((c) => tr.append(c)); return tr; };

function showError(message) {
  const el = $('error');
  el.textContent = message || '';
  el.hidden = !message;
}

// ---------- API ----------
async function problemText(response) {
  try {
    const p = await response.json();
    const fields = (p.errors || []).map((e) => `${e.field}: ${e.message}`).join('\n');
    return `${p.title || response.status}${p.detail ? ': ' + p.detail : ''}${fields ? '\n' + fields : ''}`;
  } catch (e) {
    return `HTTP ${response.status}`;
  }
}

async function get(path) {
  const response = await fetch(`${API}/${path}`, { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`GET /${API}/${path}: ${await problemText(response)}`);
  return response.json();
}

async function post(path, body) {
  const token = $('token').value.trim();
  if (!token) throw new Error('A bearer token is needed to submit (locally: deploy/local/token.sh analyst).');
  const response = await fetch(`${API}/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST /${API}/${path}: ${await problemText(response)}`);
  return response.json();
}

function chart(id) {
  if (!charts[id]) {
    // SVG: crisp in screenshots, and a test can see what was drawn.
    charts[id] = echarts.init($(id), null, { renderer: 'svg' });
    window.addEventListener('resize', () => charts[id].resize());
  }
  return charts[id];
}

// ---------- catalog ----------
async function loadModels() {
  const params = new URLSearchParams({ size: '200', sort: 'releaseDate' });
  const q = $('model-search').value.trim();
  if (q) params.set('q', q);
  if ($('model-modality').value) params.set('modality', $('model-modality').value);
  if ($('model-organization').value) params.set('organization', $('model-organization').value);
  const page = await get(`models?${params}`);
  const list = $('model-list');
  list.replaceChildren(...page.items.map((m) => row(
    cell(m.name || m.id), cell(m.organization || ''), cell(m.releaseDate || ''),
    cell([...new Set([...(m.modalitiesIn || []), ...(m.modalitiesOut || [])])].join(', ')),
    cell(fmt(m.parameters), 'num'), cell(fmt(m.trainingFlops), 'num'), cell(fmt(m.trainingPfDays), 'num'))));
  list.querySelectorAll('tr').forEach((tr, i) => tr.setAttribute('data-model-id', page.items[i].id));
  $('model-count').textContent = `${page.items.length} of ${page.total}`;
}

async function loadAllModels() {
  // Every model (pages of 200) for the form and the trend chart, whatever the table's filters.
  const all = [];
  for (let p = 0; ; p++) {
    const page = await get(`models?size=200&page=${p}&sort=releaseDate`);
    all.push(...page.items);
    if (all.length >= page.total || page.items.length === 0) break;
  }
  models = all;
  const select = $('model-ref');
  models.slice().sort((a, b) => (a.name || a.id).localeCompare(b.name || b.id))
    .forEach((m) => select.add(new Option(`${m.name || m.id}`, m.id)));
}

async function loadOrganizations() {
  const page = await get('organizations?size=200');
  page.items.forEach((o) => $('model-organization').add(new Option(o.name || o.id, o.id)));
  page.items.filter((o) => o.ownCloud).forEach((o) => $('providers').append(new Option(o.ownCloud, o.id)));
}

async function loadAccelerators() {
  const page = await get('accelerators?size=200');
  $('accelerator-list').replaceChildren(...page.items.map((a) => row(cell(`${a.vendor || ''} ${a.name || a.id}`.trim()),
    cell(a.year ?? ''), cell(fmt(a.bf16Tflops ?? a.fp16Tflops ?? a.peakTflops?.bf16), 'num'), cell(fmt(a.memoryGb), 'num'),
    cell(fmt(a.tdpWatts), 'num'))));
  page.items.forEach((a) => $('accelerator').add(new Option(`${a.vendor || ''} ${a.name || a.id}`.trim(), a.id)));
}

async function loadIndustryChain() {
  const chain = await get('industry-chain');
  const items = [];
  for (const s of chain.segments || chain.layers || []) {
    const li = document.createElement('li');
    li.innerHTML = '<strong></strong> ';
    li.firstChild.textContent = s.name || s.layer;
    li.append(s.description || (s.segments || []).map((x) => x.name).join(', '));
    items.push(li);
  }
  if ((chain.applications || []).length) {
    const li = document.createElement('li');
    li.innerHTML = '<strong>Applications</strong> ';
    li.append(chain.applications.map((a) => `${a.name} (${(a.modalities || []).join(', ')})`).join('; '));
    items.push(li);
  }
  $('industry-chain').replaceChildren(...items);
}

async function loadHistory() {
  const history = await get('history');
  $('history-phases').replaceChildren(...(history.phases || []).map((p) => {
    const li = document.createElement('li');
    const milestones = (p.milestoneModels || p.milestones || []).map((m) => m.name || m.id || m).join(', ');
    li.textContent = `${p.name} (${p.startYear ?? p.from}–${p.endYear ?? p.to ?? 'now'}): ${p.description || ''}`
      + (milestones ? ` Milestones: ${milestones}.` : '');
    return li;
  }));
  drawTrend(history.trainingComputeTrend || null);
}

const yearOf = (date) => {
  const d = new Date(date);
  return d.getUTCFullYear() + (d - Date.UTC(d.getUTCFullYear(), 0, 1)) / (365.25 * 864e5);
};

function drawTrend(trend) {
  // As the catalog's fit counts them: the published FLOPs, else 6 x active parameters x training tokens.
  const flops = (m) => m.trainingFlops > 0 ? m.trainingFlops
    : m.trainingTokens > 0 && (m.activeParameters || m.parameters) > 0 ? 6 * (m.activeParameters || m.parameters) * m.trainingTokens : 0;
  const points = models.filter((m) => m.releaseDate && flops(m) > 0)
    .map((m) => ({ value: [m.releaseDate, flops(m)], name: m.name || m.id, id: m.id }));
  const series = [{ name: 'Catalog models', type: 'scatter', symbolSize: 8, data: points }];
  if (trend && trend.doublingsPerYear) {
    // The fitted line: log2(FLOPs) = a + doublingsPerYear * year. Least squares passes through the mean of the points
    // it was fitted on (trend.models), which gives a; the slope is the catalog's own fit.
    const fitted = points.filter((p) => !trend.models || trend.models.includes(p.id));
    if (fitted.length) {
      const mx = fitted.reduce((s, p) => s + yearOf(p.value[0]), 0) / fitted.length;
      const my = fitted.reduce((s, p) => s + Math.log2(p.value[1]), 0) / fitted.length;
      const at = (year) => 2 ** (my + trend.doublingsPerYear * (year - mx));
      const from = trend.fromYear, to = trend.toYear;
      const date = (y) => new Date(Date.UTC(Math.floor(y), 0, 1) + (y - Math.floor(y)) * 365.25 * 864e5).toISOString().slice(0, 10);
      series.push({ name: `Fit: doubling every ${fmt(trend.doublingTimeMonths)} months`, type: 'line', showSymbol: false,
        data: [[date(from), at(from)], [date(to), at(to)]], lineStyle: { type: 'dashed' } });
    }
    $('trend-summary').textContent = `Training compute doubles every ${fmt(trend.doublingTimeMonths)} months `
      + `(${trend.points} models, ${trend.years}, R² ${fmt(trend.rSquared)}). ${trend.method || ''}`;
  } else {
    $('trend-summary').textContent = 'Too few catalog models with a release date and training FLOPs for a fit.';
  }
  chart('trend-chart').setOption({
    tooltip: { trigger: 'item', formatter: (p) => `${p.name || p.seriesName}<br>${p.value[0]}: ${fmt(p.value[1])} FLOP` },
    legend: { top: 0 },
    grid: { left: 70, right: 20, top: 35, bottom: 40 },
    xAxis: { type: 'time', name: 'release' },
    yAxis: { type: 'log', name: 'training FLOPs', logBase: 10, axisLabel: { formatter: (v) => Number(v).toExponential(0) } },
    series,
  });
}

async function loadReproductions() {
  let list;
  try {
    list = await get('reproductions');
  } catch (e) {
    return; // an older gateway without the endpoint: the section stays empty
  }
  const items = Array.isArray(list) ? list : list.items || [];
  $('reproduction-list').replaceChildren(...items.map((r) => {
    const x = r.expected || {};
    const published = x.value != null ? `${fmt(x.value)} ${x.unit || ''}` : `${fmt(x.min)}–${fmt(x.max)} ${x.unit || ''}`;
    return row(cell(r.claim), cell(r.source), cell(r.field), cell(published, 'num'), cell(r.value == null ? 'not run yet' : fmt(r.value), 'num'));
  }));
}

// ---------- scenario ----------
const num = (id) => {
  const text = $(id).value.trim().replace(/,/g, '');
  if (!text) return undefined;
  const v = Number(text);
  if (!Number.isFinite(v)) throw new Error(`${id}: "${$(id).value}" is not a number`);
  return v;
};
const prune = (o) => {
  Object.keys(o).forEach((k) => { if (o[k] === undefined || o[k] === '') delete o[k]; });
  return Object.keys(o).length ? o : undefined;
};

function scenarioFromForm() {
  const ref = $('model-ref').value;
  const model = ref ? { ref } : prune({ parameters: num('parameters') });
  const chosen = models.find((m) => m.id === ref);
  return prune({
    name: $('scenario-name').value.trim() || (chosen ? chosen.name : undefined),
    model: model || {},
    training: prune({ tokens: num('tokens'), precision: $('precision').value || undefined }),
    hardware: prune({ accelerator: $('accelerator').value, count: num('count'), deadlineDays: num('deadline') }),
    pricing: prune({ provider: $('provider').value.trim() || undefined, model: $('pricing-model').value || undefined,
      currency: $('currency').value, pricePerAcceleratorHour: num('price') }),
    serving: prune({ tokensPerDay: num('serving-tokens'), months: num('serving-months') }),
  });
}

// Waits for one scenario's estimate over SSE. The stream only carries estimates finished after it connected, so once
// it is open the scenario is read too, in case it finished before; a rejection is not streamed, so the scenario is also
// read every few seconds until it finishes.
function awaitEstimate(id) {
  return new Promise((resolve, reject) => {
    const source = new EventSource(`${API}/estimates/stream?scenarioId=${encodeURIComponent(id)}`);
    let done = false;
    let timer;
    let poll;
    const finish = (value, error) => {
      if (done) return;
      done = true;
      source.close();
      clearTimeout(timer);
      clearInterval(poll);
      error ? reject(error) : resolve(value);
    };
    const read = async () => {
      try {
        const view = await get(`scenarios/${encodeURIComponent(id)}`);
        if (view.status === 'COMPLETED' && view.estimate) finish({ ...view.estimate, status: 'COMPLETED' });
        if (view.status === 'REJECTED') finish({ status: 'REJECTED', rejection: { stage: view.stage, errors: view.errors } });
      } catch (e) { /* the stream still delivers */ }
    };
    source.addEventListener('estimate', (e) => finish(JSON.parse(e.data)));
    source.onopen = read;
    poll = setInterval(read, 3000);
    timer = setTimeout(() => finish(null, new Error('No estimate within 120 s')), 120000);
  });
}

async function submitScenario(event) {
  event.preventDefault();
  showError('');
  const button = $('submit');
  button.disabled = true;
  try {
    const scenario = scenarioFromForm();
    lastScenario = scenario;
    $('scenario-status').textContent = 'submitting…';
    const accepted = await post('scenarios', scenario);
    $('scenario-status').textContent = `scenario ${accepted.id}: waiting for the estimate…`;
    const estimate = await awaitEstimate(accepted.id);
    $('scenario-status').textContent = `scenario ${accepted.id}: ${estimate.status || 'COMPLETED'}`;
    showEstimate(estimate);
  } catch (e) {
    $('scenario-status').textContent = '';
    showError(e.message);
  } finally {
    button.disabled = false;
  }
}

function showEstimate(e) {
  const result = $('estimate-result');
  result.hidden = false;
  result.dataset.status = e.status || 'COMPLETED';
  if (e.status === 'REJECTED' || !e.compute) {
    $('r-reason').hidden = false;
    $('r-reason').textContent = `Rejected: ${JSON.stringify(e.rejection || e.reason || e)}`;
    return;
  }
  $('r-reason').hidden = true;
  const c = e.compute, cost = e.cost || {}, cur = cost.currency;
  $('r-flops').textContent = fmt(c.trainingFlops);
  $('r-pfdays').textContent = fmt(c.pfDays, 4);
  $('r-pfdays').dataset.value = c.pfDays;
  $('r-hours').textContent = `${fmt(c.gpuHours)} (${fmt(c.gpuHoursRange?.p10)}–${fmt(c.gpuHoursRange?.p90)})`;
  $('r-count').textContent = fmt(c.gpuCount);
  $('r-days').textContent = fmt(c.wallClockDays);
  const m = c.memory || {};
  $('r-memory').textContent = `${fmt(m.weightsGb)} + ${fmt(m.gradientsGb)} + ${fmt(m.optimizerGb)} + ${fmt(m.activationsGb)} GB;`
    + ` at least ${fmt(m.minAccelerators)} accelerators`;
  $('r-energy').textContent = c.energyMwh == null ? '–' : `${fmt(c.energyMwh)} MWh (PUE ${fmt(c.pue)})`;
  $('r-co2').textContent = c.co2Tonnes == null ? '–' : `${fmt(c.co2Tonnes)} t`;
  $('r-programme').textContent = cost.programme ? `${money(cost.programme.total, cur)} (${money(cost.range?.p10, cur)}–`
    + `${money(cost.range?.p90, cur)})` : '–';
  drawCost(cost);
}

function drawCost(cost) {
  const t = cost.training || {}, s = cost.serving || {}, p = cost.programme || {};
  const breakdown = (cost.breakdown || []).filter((b) => b.amount > 0);
  chart('cost-chart').setOption({
    title: { text: `Cost (${cost.currency || ''})`, left: 'center', textStyle: { fontSize: 13 } },
    tooltip: { trigger: 'item', formatter: (x) => `${x.seriesName}<br>${x.name}: ${money(x.value, cost.currency)}` },
    legend: { bottom: 0 },
    grid: [{ left: 80, right: '52%', top: 40, bottom: 50 }],
    xAxis: [{ type: 'category', data: ['Training', 'Serving', 'Programme'] }],
    yAxis: [{ type: 'value', axisLabel: { formatter: (v) => Number(v).toExponential(1) } }],
    series: [
      { name: 'Cloud', type: 'bar', data: [t.cloud ?? 0, s.total ?? 0, p.total ?? 0] },
      { name: 'Own cloud', type: 'bar', data: [t.ownership ?? 0, s.ownership ?? 0, 0] },
      { name: 'Programme breakdown', type: 'pie', radius: ['25%', '55%'], center: ['75%', '50%'],
        data: breakdown.map((b) => ({ name: b.item, value: b.amount })) },
    ],
  }, true);
}

// ---------- sweeps ----------
const VARY_PATHS = ['hardware.count', 'hardware.accelerator', 'hardware.deadlineDays', 'training.tokens',
  'training.precision', 'pricing.provider', 'pricing.model', 'pricing.pricePerAcceleratorHour', 'pricing.currency',
  'serving.tokensPerDay'];

function values(text, path) {
  return text.split(',').map((v) => v.trim()).filter((v) => v).map((v) => {
    const n = Number(v);
    return /^(hardware\.accelerator|training\.precision|pricing\.(provider|model|currency))$/.test(path) || !Number.isFinite(n) ? v : n;
  });
}

async function submitSweep(event) {
  event.preventDefault();
  showError('');
  const button = $('sweep-submit');
  button.disabled = true;
  try {
    const base = scenarioFromForm();
    const vary = {};
    for (const i of [1, 2]) {
      const path = $(`vary${i}-path`).value;
      const v = values($(`vary${i}-values`).value, path);
      if (path && v.length) vary[path] = v;
    }
    if (!Object.keys(vary).length) throw new Error('Give the values of at least one field to vary.');
    // A varied field must not also be set in the base where the two exclude each other (count vs deadline).
    if (vary['hardware.count']) delete base.hardware.deadlineDays;
    if (vary['hardware.deadlineDays']) delete base.hardware.count;
    const created = await post('sweeps', { base, vary });
    await followSweep(created.id, created.scenarioCount);
  } catch (e) {
    showError(e.message);
  } finally {
    button.disabled = false;
  }
}

async function followSweep(id, total) {
  const progress = $('sweep-progress');
  progress.max = total;
  progress.value = 0;
  $('sweep-csv').hidden = true;
  let arrived = 0;
  // Live: each member's estimate over SSE moves the bar; the sweep's own counts (polled) are the truth.
  const source = new EventSource(`${API}/estimates/stream?sweepId=${encodeURIComponent(id)}`);
  source.addEventListener('estimate', () => {
    arrived++;
    progress.value = Math.max(progress.value, arrived);
  });
  try {
    const deadline = Date.now() + 300000;
    for (;;) {
      const view = await get(`sweeps/${encodeURIComponent(id)}`);
      const finished = view.completed + view.rejected;
      progress.value = Math.max(finished, Math.min(arrived, view.total));
      $('sweep-status').textContent = `${finished} of ${view.total} finished (${view.rejected} rejected)`;
      if (view.done) {
        await drawPareto(id, view);
        break;
      }
      if (Date.now() > deadline) throw new Error(`Sweep ${id} not done after 5 minutes`);
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    source.close();
  }
  const csv = $('sweep-csv');
  csv.href = `${API}/sweeps/${encodeURIComponent(id)}/estimates?format=csv&size=1000`;
  csv.download = `sweep-${id}.csv`;
  csv.hidden = false;
}

async function drawPareto(id, view) {
  const points = [];
  for (let p = 0; p * 1000 < view.total; p++) {
    const page = await get(`sweeps/${encodeURIComponent(id)}/estimates?size=1000&page=${p}`);
    page.items.filter((m) => m.status === 'COMPLETED' && m.estimate).forEach((m) => points.push({
      value: [m.estimate.compute.wallClockDays, m.estimate.cost.training.cloud], id: m.id,
      name: Object.entries(m.variant || {}).map(([k, v]) => `${k}=${v}`).join(', ') }));
  }
  const s = view.summary || {};
  const front = (s.paretoFront || []).map((q) => ({ value: [q.wallClockDays, q.cost], name: label(q) }));
  const mark = (q, name, color, position) => q ? [{ name, value: [q.wallClockDays, q.cost], itemStyle: { color },
    label: { show: true, formatter: name, position }, symbolSize: 16 }] : [];
  chart('pareto-chart').setOption({
    title: { text: `Training cost (${s.currency || ''}) against days`, left: 'center', textStyle: { fontSize: 13 } },
    tooltip: { trigger: 'item', formatter: (x) => `${x.name}<br>${fmt(x.value[0])} days, ${money(x.value[1], s.currency)}` },
    legend: { bottom: 0 },
    grid: { left: 90, right: 30, top: 40, bottom: 60 },
    xAxis: { type: 'value', name: 'days', scale: true },
    yAxis: { type: 'value', name: 'cost', scale: true, axisLabel: { formatter: (v) => Number(v).toExponential(1) } },
    series: [
      { name: 'Members', type: 'scatter', data: points, symbolSize: 7, itemStyle: { opacity: 0.6 } },
      { name: 'Pareto front', type: 'line', data: front, symbolSize: 8 },
      { name: 'Cheapest', type: 'scatter', data: mark(s.cheapest, 'cheapest', '#1a7f37', 'right') },
      { name: 'Fastest', type: 'scatter', data: mark(s.fastest, 'fastest', '#b3261e', 'top') },
    ],
  }, true);
}

const label = (q) => Object.entries(q.variant || {}).map(([k, v]) => `${k}=${v}`).join(', ') || q.scenarioId;

// ---------- start ----------
async function start() {
  const token = $('token');
  token.value = sessionStorage.getItem(TOKEN_KEY) || '';
  token.addEventListener('input', () => sessionStorage.setItem(TOKEN_KEY, token.value.trim()));
  for (const i of [1, 2]) {
    const select = $(`vary${i}-path`);
    if (i === 2) select.add(new Option('—', ''));
    VARY_PATHS.forEach((p) => select.add(new Option(p, p)));
  }
  $('scenario-form').addEventListener('submit', submitScenario);
  $('sweep-form').addEventListener('submit', submitSweep);
  let pending;
  const reload = () => { clearTimeout(pending); pending = setTimeout(() => loadModels().catch((e) => showError(e.message)), 250); };
  $('model-search').addEventListener('input', reload);
  $('model-modality').addEventListener('change', reload);
  $('model-organization').addEventListener('change', reload);
  const results = await Promise.allSettled([loadAllModels(), loadOrganizations(), loadAccelerators(), loadIndustryChain(), loadModels()]);
  const more = await Promise.allSettled([loadHistory(), loadReproductions()]);
  const failed = [...results, ...more].filter((r) => r.status === 'rejected').map((r) => r.reason.message);
  if (failed.length) showError(failed.join('\n'));
  document.body.dataset.ready = 'true';
}

document.addEventListener('DOMContentLoaded', start);
