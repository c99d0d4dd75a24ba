// PostHog.Aspire dashboard: one small script, no build step. Each page renders from the JSON API; resources and
// console logs stream over Server-Sent Events, telemetry pages poll.
'use strict';

const main = document.getElementById('main');
const live = document.getElementById('live');
const esc = s => String(s ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
const palette = ['#1d4aff', '#f54e00', '#1f9d55', '#9b51e0', '#c98a00', '#00a3bf', '#d23f3f', '#5a6acf', '#8a5a00', '#2d8c7a'];
const colourCache = {};
const colour = name => colourCache[name] ??= palette[[...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7) % palette.length];
const timers = [];
const streams = [];

async function api(path) {
  const r = await fetch(path, { headers: { Accept: 'application/json' } });
  if (r.status === 401) { location.href = '/login?returnUrl=' + encodeURIComponent(location.pathname + location.search); throw new Error('login'); }
  if (!r.ok) throw new Error(r.status + ' ' + path);
  return r.json();
}

function every(ms, fn) {
  const run = () => Promise.resolve(fn()).then(() => document.getElementById('err')?.remove()).catch(e => {
    if (e.message === 'login') return;
    document.getElementById('err')?.remove();
    main.insertAdjacentHTML('afterbegin', `<div id="err" class="empty error">${esc(e.message)}</div>`);
  });
  run();
  timers.push(setInterval(run, ms));
}

function stream(path, onItem) {
  const source = new EventSource(path);
  source.onopen = () => live.classList.add('on');
  source.onerror = () => live.classList.remove('on');
  source.onmessage = m => onItem(JSON.parse(m.data));
  streams.push(source);
  return source;
}

const nanosToDate = ns => new Date(Number(BigInt(ns) / 1000000n));
const time = ns => nanosToDate(ns).toLocaleTimeString([], { hour12: false }) + '.' + String(nanosToDate(ns).getMilliseconds()).padStart(3, '0');
const ms = v => v >= 1000 ? (v / 1000).toFixed(2) + ' s' : v >= 1 ? v.toFixed(1) + ' ms' : (v * 1000).toFixed(0) + ' µs';
const query = () => new URLSearchParams(location.search);
const qs = params => new URLSearchParams(Object.entries(params).filter(([, v]) => v !== '' && v != null));

function setQuery(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  history.replaceState(null, '', location.pathname + (q.toString() ? '?' + q : ''));
}

function stateBadge(state) {
  const cls = { Running: 'ok', Finished: 'info', Exited: 'bad', FailedToStart: 'bad', RuntimeUnhealthy: 'bad', Waiting: 'warn', Starting: 'warn', Stopping: 'warn' }[state] || '';
  return `<span class="badge ${cls}">${esc(state)}</span>`;
}

function healthBadge(h) {
  if (!h) return '<span class="muted">—</span>';
  return `<span class="badge ${h === 'Healthy' ? 'ok' : h === 'Degraded' ? 'warn' : 'bad'}">${esc(h)}</span>`;
}

async function serviceOptions(selected) {
  const services = await api('/api/services').catch(() => []);
  return '<option value="">All services</option>' + services.map(s => `<option ${s === selected ? 'selected' : ''}>${esc(s)}</option>`).join('');
}

// ---------- Resources ----------
const commandLabels = { 'resource-restart': 'Restart', 'resource-stop': 'Stop', 'resource-start': 'Start' };
function resourcesPage() {
  main.innerHTML = `<h1>Resources</h1>
    <div class="toolbar"><input type="search" id="filter" placeholder="Filter by name">
      <label><input type="checkbox" id="params"> show parameters</label></div>
    <div id="table"></div>`;
  const all = new Map();
  const open = new Set();
  let pending = false;
  const render = () => {
    pending = false;
    const filter = document.getElementById('filter').value.toLowerCase();
    const showParams = document.getElementById('params').checked;
    const rows = [...all.values()].filter(r => showParams || r.type !== 'Parameter');
    const byParent = new Map();
    for (const r of rows) {
      const parent = r.parent && all.has(r.parent) ? r.parent : '';
      if (!byParent.has(parent)) byParent.set(parent, []);
      byParent.get(parent).push(r);
    }
    const out = [];
    const walk = (parent, depth) => (byParent.get(parent) || []).sort((a, b) => a.name.localeCompare(b.name)).forEach(r => {
      if (!filter || r.name.toLowerCase().includes(filter)) out.push([r, depth]);
      walk(r.name, depth + 1);
    });
    walk('', 0);
    if (out.length === 0) { document.getElementById('table').innerHTML = '<div class="empty">No resources.</div>'; return; }
    document.getElementById('table').innerHTML = `<table><thead><tr><th>Name</th><th>Type</th><th>State</th><th>Health</th><th>Started</th><th>Restarts</th><th>Endpoints</th><th></th></tr></thead><tbody>${
      out.map(([r, depth]) => `<tr class="clickable" data-name="${esc(r.name)}">
        <td><span class="indent" style="width:${depth * 18}px"></span>${depth ? '<span class="tree">└</span>' : ''}<b>${esc(r.name)}</b></td>
        <td>${esc(r.type)}</td><td>${stateBadge(r.state)}${r.exitCode != null && r.state !== 'Running' ? ` <span class="muted">exit ${r.exitCode}</span>` : ''}</td>
        <td>${healthBadge(r.health)}</td>
        <td class="muted">${r.startTime ? new Date(r.startTime).toLocaleTimeString([], { hour12: false }) : '—'}</td>
        <td>${r.restarts}</td>
        <td class="links">${r.endpoints.map(u => `<a href="${esc(u)}" target="_blank" rel="noopener">${esc(u)}</a>`).join('')}</td>
        <td class="actions">${r.hasConsoleLog ? `<a href="/console/${encodeURIComponent(r.name)}">console</a>` : ''}
          ${r.commands.map(c => `<button class="cmd" data-command="${esc(c)}" title="${esc(c)}">${esc(commandLabels[c] || c)}</button>`).join('')}</td></tr>
        ${open.has(r.name) ? detailRow(r) : ''}`).join('')}</tbody></table>`;
  };
  const detailRow = r => `<tr class="details"><td colspan="8">
      ${r.message ? `<p><b>Message:</b> ${esc(r.message)}</p>` : ''}
      <div class="kv"><div>resource</div><div>${esc(r.resource)}</div><div>parent</div><div>${esc(r.parent || '—')}</div>
      <div>process id</div><div>${esc(r.processId ?? '—')}</div><div>command</div><div>${esc(r.commandLine || '—')}</div>
      <div>stopped</div><div>${r.stopTime ? esc(new Date(r.stopTime).toLocaleString()) : '—'}</div></div>
      <h2>Environment <span class="muted">(${r.environment.length}, secrets masked)</span></h2>
      <div class="kv">${r.environment.map(kv => `<div>${esc(kv.key)}</div><div>${esc(kv.value)}</div>`).join('') || '<div class="muted">none</div><div></div>'}</div></td></tr>`;
  const schedule = () => { if (!pending) { pending = true; requestAnimationFrame(render); } };
  document.getElementById('filter').oninput = schedule;
  document.getElementById('params').onchange = schedule;
  document.getElementById('table').onclick = async e => {
    if (e.target.closest('a')) return;
    const row = e.target.closest('tr[data-name]');
    if (!row) return;
    const name = row.dataset.name;
    const button = e.target.closest('button[data-command]');
    if (button) {
      button.disabled = true;
      const r = await fetch(`/api/resources/${encodeURIComponent(name)}/commands/${button.dataset.command}`, { method: 'POST' });
      if (!r.ok) alert(`${name}: ${(await r.json().catch(() => ({}))).errorMessage || r.status}`);
      return;
    }
    open.has(name) ? open.delete(name) : open.add(name);
    render();
  };
  stream('/api/resources/stream', r => { all.set(r.name, r); schedule(); });
}

// ---------- Console logs ----------
async function consolePage(id) {
  const resources = (await api('/api/resources')).filter(r => r.hasConsoleLog);
  id = id || (resources[0] && resources[0].name) || '';
  main.innerHTML = `<h1>Console logs</h1>
    <div class="toolbar"><select id="res">${resources.map(r => `<option ${r.name === id ? 'selected' : ''}>${esc(r.name)}</option>`).join('')}</select>
      <input type="search" id="q" placeholder="Search" value="${esc(query().get('q') || '')}">
      <span class="muted" id="count"></span></div>
    <pre class="console" id="out"></pre>`;
  if (!id) { document.getElementById('out').textContent = 'No resource has console output yet.'; return; }
  document.getElementById('res').onchange = e => go('/console/' + encodeURIComponent(e.target.value));
  const lines = [];
  const out = document.getElementById('out');
  const q = document.getElementById('q');
  let pending = false;
  const render = () => {
    pending = false;
    const needle = q.value.toLowerCase();
    const atBottom = out.scrollTop + out.clientHeight >= out.scrollHeight - 30;
    const shown = needle ? lines.filter(l => l.content.toLowerCase().includes(needle)) : lines;
    const mark = text => {
      if (!needle) return esc(text);
      const i = text.toLowerCase().indexOf(needle);
      return i < 0 ? esc(text) : esc(text.slice(0, i)) + '<mark>' + esc(text.slice(i, i + needle.length)) + '</mark>' + esc(text.slice(i + needle.length));
    };
    out.innerHTML = shown.slice(-3000).map(l => `<span class="${l.isErrorMessage ? 'err' : ''}"><span class="n">${l.lineNumber}</span>${mark(l.content)}</span>`).join('\n');
    document.getElementById('count').textContent = `${shown.length} of ${lines.length} lines`;
    if (atBottom || needle) out.scrollTop = out.scrollHeight;
  };
  const schedule = () => { if (!pending) { pending = true; requestAnimationFrame(render); } };
  q.oninput = () => { setQuery({ q: q.value }); schedule(); };
  stream(`/api/console/${encodeURIComponent(id)}/stream`, l => { lines.push(l); if (lines.length > 10000) lines.shift(); schedule(); });
}

// ---------- Structured logs ----------
const levels = [['', 'All levels'], ['5', 'Debug+'], ['9', 'Information+'], ['13', 'Warning+'], ['17', 'Error+']];
const levelBadge = (n, text) => {
  const name = text || (n >= 21 ? 'Fatal' : n >= 17 ? 'Error' : n >= 13 ? 'Warning' : n >= 9 ? 'Information' : n >= 5 ? 'Debug' : n > 0 ? 'Trace' : 'Unknown');
  return `<span class="badge ${n >= 17 ? 'bad' : n >= 13 ? 'warn' : n >= 9 ? 'info' : ''}">${esc(name)}</span>`;
};

async function structuredPage() {
  const p = query();
  main.innerHTML = `<h1>Structured logs</h1>
    <div class="toolbar"><select id="svc">${await serviceOptions(p.get('service'))}</select>
      <select id="lvl">${levels.map(([v, t]) => `<option value="${v}" ${v === (p.get('level') || '') ? 'selected' : ''}>${t}</option>`).join('')}</select>
      <input type="search" id="q" placeholder="Message or attribute text" value="${esc(p.get('q') || '')}">
      <input type="text" id="trace" placeholder="Trace id" value="${esc(p.get('trace') || '')}"></div>
    <div id="table"></div>`;
  const open = new Set();
  let logs = [];
  const refresh = async () => {
    const f = { service: svc.value, level: lvl.value, q: q.value, trace: trace.value.trim() };
    setQuery(f);
    logs = await api('/api/logs?' + qs({ ...f, limit: 300 }));
    render();
  };
  const render = () => {
    document.getElementById('table').innerHTML = logs.length === 0 ? '<div class="empty">No structured logs match.</div>' :
      `<table><thead><tr><th>Time</th><th>Service</th><th>Level</th><th>Message</th><th>Trace</th></tr></thead><tbody>${logs.map(l => `
        <tr class="clickable" data-id="${l.id}"><td class="mono">${time(l.timeNanos)}</td><td>${esc(l.service)}</td><td>${levelBadge(l.severity, l.severityText)}</td>
        <td class="msg">${esc(l.body)}</td><td>${l.traceId ? `<a class="mono" href="/traces/${l.traceId}">${l.traceId.slice(0, 8)}</a>` : ''}</td></tr>
        ${open.has(l.id) ? `<tr class="details"><td colspan="5"><div class="kv"><div>category</div><div>${esc(l.scope)}</div><div>instance</div><div>${esc(l.instance || '—')}</div>
          <div>span</div><div>${esc(l.spanId || '—')}</div>${Object.entries(JSON.parse(l.attributes)).map(([k, v]) => `<div>${esc(k)}</div><div>${esc(v)}</div>`).join('')}</div></td></tr>` : ''}`).join('')}</tbody></table>`;
  };
  const [svc, lvl, q, trace] = ['svc', 'lvl', 'q', 'trace'].map(i => document.getElementById(i));
  for (const el of [svc, lvl, q, trace]) el.oninput = refresh;
  document.getElementById('table').onclick = e => {
    if (e.target.closest('a')) return;
    const row = e.target.closest('tr[data-id]');
    if (!row) return;
    const id = Number(row.dataset.id);
    open.has(id) ? open.delete(id) : open.add(id);
    render();
  };
  every(3000, refresh);
}

// ---------- Traces ----------
async function tracesPage() {
  const p = query();
  main.innerHTML = `<h1>Traces</h1>
    <div class="toolbar"><select id="svc">${await serviceOptions(p.get('service'))}</select>
      <input type="search" id="q" placeholder="Span name, attribute or trace id" value="${esc(p.get('q') || '')}"></div>
    <div id="table"></div>`;
  const [svc, q] = ['svc', 'q'].map(i => document.getElementById(i));
  const refresh = async () => {
    const f = { service: svc.value, q: q.value };
    setQuery(f);
    const traces = await api('/api/traces?' + qs({ ...f, limit: 200 }));
    const longest = Math.max(1, ...traces.map(t => t.durationMs));
    document.getElementById('table').innerHTML = traces.length === 0 ? '<div class="empty">No traces yet.</div>' :
      `<table><thead><tr><th>Time</th><th>Name</th><th>Services</th><th>Spans</th><th style="width:22%">Duration</th></tr></thead><tbody>${traces.map(t => `
        <tr class="clickable trace-row" data-id="${t.traceId}"><td class="mono">${time(t.startNanos)}</td>
        <td><a href="/traces/${t.traceId}">${esc(t.rootService ? t.rootService + ': ' : '')}${esc(t.rootName || '(root span missing)')}</a>
          ${t.errorCount ? `<span class="badge bad">${t.errorCount} error${t.errorCount > 1 ? 's' : ''}</span>` : ''}<div class="muted mono">${t.traceId}</div></td>
        <td class="chips">${t.services.map(s => `<span style="background:${colour(s)}">${esc(s)}</span>`).join('')}</td>
        <td>${t.spanCount}</td><td><div class="mono">${ms(t.durationMs)}</div><div class="durbar"><span style="width:${(100 * t.durationMs / longest).toFixed(1)}%"></span></div></td></tr>`).join('')}</tbody></table>`;
  };
  for (const el of [svc, q]) el.oninput = refresh;
  document.getElementById('table').onclick = e => { const row = e.target.closest('tr[data-id]'); if (row && !e.target.closest('a')) go('/traces/' + row.dataset.id); };
  every(3000, refresh);
}

function orderSpans(spans) {
  const ids = new Set(spans.map(s => s.spanId));
  const children = new Map();
  for (const s of spans) {
    const parent = s.parentSpanId && ids.has(s.parentSpanId) ? s.parentSpanId : '';
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(s);
  }
  const out = [];
  const walk = (id, depth) => (children.get(id) || []).sort((a, b) => (BigInt(a.startNanos) < BigInt(b.startNanos) ? -1 : 1)).forEach(s => { out.push([s, depth]); walk(s.spanId, depth + 1); });
  walk('', 0);
  return out;
}

function waterfall(spans, idPrefix) {
  const start = spans.reduce((m, s) => BigInt(s.startNanos) < m ? BigInt(s.startNanos) : m, BigInt(spans[0].startNanos));
  const end = spans.reduce((m, s) => BigInt(s.endNanos) > m ? BigInt(s.endNanos) : m, BigInt(spans[0].endNanos));
  const total = Number(end - start) || 1;
  return orderSpans(spans).map(([s, depth]) => {
    const left = 100 * Number(BigInt(s.startNanos) - start) / total;
    const width = Math.max(0.2, 100 * Number(BigInt(s.endNanos) - BigInt(s.startNanos)) / total);
    return `<div class="span-row ${s.status === 2 ? 'error' : ''}" data-span="${idPrefix}${s.spanId}" data-service="${esc(s.service)}">
      <div class="label" style="padding-left:${10 + depth * 16}px"><span class="svc" style="background:${colour(s.service)}">${esc(s.service)}</span>${esc(s.name)}</div>
      <div class="track"><div class="bar" style="left:${left.toFixed(2)}%;width:${Math.min(width, 100 - left).toFixed(2)}%;background:${colour(s.service)}"></div></div>
      <div class="dur">${ms(Number(BigInt(s.endNanos) - BigInt(s.startNanos)) / 1e6)}</div></div>`;
  }).join('');
}

const kinds = ['Unspecified', 'Internal', 'Server', 'Client', 'Producer', 'Consumer'];
function spanDetail(s) {
  const attrs = Object.entries(JSON.parse(s.attributes));
  const events = JSON.parse(s.events);
  const links = JSON.parse(s.links);
  return `<div class="span-detail"><div class="kv">
    <div>span id</div><div>${esc(s.spanId)}</div><div>kind</div><div>${kinds[s.kind] || s.kind}</div>
    <div>scope</div><div>${esc(s.scope)}</div><div>instance</div><div>${esc(s.instance || '—')}</div>
    <div>status</div><div>${['Unset', 'Ok', 'Error'][s.status] || s.status}${s.statusMessage ? ': ' + esc(s.statusMessage) : ''}</div>
    ${attrs.map(([k, v]) => `<div>${esc(k)}</div><div>${esc(v)}</div>`).join('')}
    ${events.map(e => `<div>event</div><div>${esc(e.name)} ${esc(Object.entries(e.attributes).map(([k, v]) => k + '=' + v).join(' '))}</div>`).join('')}
    ${links.map(l => `<div>link</div><div><a href="/traces/${l.traceId}">${l.traceId}</a> / ${esc(l.spanId)}</div>`).join('')}
    </div><p><a href="/structured?trace=${s.traceId}">Structured logs of this trace</a></p></div>`;
}

async function traceDetailPage(id) {
  let trace;
  try { trace = await api('/api/traces/' + encodeURIComponent(id)); } catch (e) { main.innerHTML = `<div class="empty">Trace ${esc(id)} not found.</div>`; return; }
  const all = [...trace.spans, ...trace.linkedSpans];
  const services = [...new Set(trace.spans.map(s => s.service))];
  const first = trace.spans.reduce((m, s) => BigInt(s.startNanos) < m ? BigInt(s.startNanos) : m, BigInt(trace.spans[0].startNanos));
  const last = trace.spans.reduce((m, s) => BigInt(s.endNanos) > m ? BigInt(s.endNanos) : m, 0n);
  const linkedTraces = [...new Set(trace.linkedSpans.map(s => s.traceId))];
  main.innerHTML = `<h1>Trace <span class="mono">${esc(id)}</span></h1>
    <div class="toolbar"><span>${time(first.toString())}</span><span class="muted">·</span><span>${ms(Number(last - first) / 1e6)}</span><span class="muted">·</span>
      <span>${trace.spans.length} spans</span><span class="chips">${services.map(s => `<span style="background:${colour(s)}">${esc(s)}</span>`).join('')}</span>
      <a href="/structured?trace=${esc(id)}">logs</a></div>
    <div class="waterfall" id="wf">${waterfall(trace.spans, '')}</div>
    ${linkedTraces.length ? `<h2>Linked work in other traces <span class="muted">(spans that link to this trace, e.g. a batched ClickHouse write)</span></h2>
      ${linkedTraces.map(t => `<p><a class="mono" href="/traces/${t}">${t}</a></p><div class="waterfall">${waterfall(trace.linkedSpans.filter(s => s.traceId === t), 'l')}</div>`).join('')}` : ''}`;
  main.onclick = e => {
    const row = e.target.closest('.span-row');
    if (!row || e.target.closest('a')) return;
    const next = row.nextElementSibling;
    main.querySelectorAll('.span-row.selected').forEach(r => r.classList.remove('selected'));
    if (next && next.classList.contains('span-detail')) { next.remove(); return; }
    main.querySelectorAll('.span-detail').forEach(d => d.remove());
    const key = row.dataset.span.replace(/^l/, '');
    const span = all.find(s => s.spanId === key);
    row.classList.add('selected');
    row.insertAdjacentHTML('afterend', spanDetail(span));
  };
}

// ---------- Metrics ----------
async function metricsPage() {
  const p = query();
  const service = p.get('service') || '';
  main.innerHTML = `<h1>Metrics</h1>
    <div class="toolbar"><select id="svc">${await serviceOptions(service)}</select>
      <select id="win">${[5, 15, 60, 240].map(m => `<option value="${m}" ${String(m) === (p.get('minutes') || '15') ? 'selected' : ''}>last ${m} min</option>`).join('')}</select></div>
    <div class="split"><div class="list" id="instruments"></div><div id="chart" class="panel"><div class="muted">Pick an instrument.</div></div></div>`;
  const [svc, win] = ['svc', 'win'].map(i => document.getElementById(i));
  svc.onchange = () => { setQuery({ service: svc.value, minutes: win.value }); metricsPage(); };
  win.onchange = () => { setQuery({ service: svc.value, minutes: win.value, name: p.get('name'), of: p.get('of') }); drawSelected(); };
  const instruments = await api('/api/metrics?' + qs({ service }));
  let lastScope = '';
  document.getElementById('instruments').innerHTML = instruments.length === 0 ? '<div class="empty">No metrics yet.</div>' : instruments.map(i => {
    const head = i.service + ' · ' + i.scope;
    const group = head !== lastScope ? `<div class="group">${esc(head)}</div>` : '';
    lastScope = head;
    return group + `<a href="#" data-service="${esc(i.service)}" data-name="${esc(i.name)}" title="${esc(i.description)}">${esc(i.name)}</a>`;
  }).join('');
  document.getElementById('instruments').onclick = e => {
    const a = e.target.closest('a[data-name]');
    if (!a) return;
    e.preventDefault();
    setQuery({ service: svc.value, minutes: win.value, name: a.dataset.name, of: a.dataset.service });
    drawSelected();
  };
  const drawSelected = async () => {
    const q = query();
    const name = q.get('name');
    const of = q.get('of');
    if (!name || !of) return;
    document.querySelectorAll('#instruments a').forEach(a => a.classList.toggle('active', a.dataset.name === name && a.dataset.service === of));
    const meta = instruments.find(i => i.name === name && i.service === of) || { description: '', unit: '', kind: '' };
    const points = await api('/api/metrics/points?' + new URLSearchParams({ service: of, name, minutes: win.value }));
    document.getElementById('chart').innerHTML = `<h2 style="margin-top:0">${esc(name)} <span class="muted">${esc(meta.unit)}</span></h2>
      <p class="muted">${esc(meta.description)} · ${esc(meta.kind)} · ${esc(of)}</p>${chart(seriesOf(points, meta.kind))}`;
  };
  timers.push(setInterval(drawSelected, 5000));
  drawSelected();
}

// Series to draw: gauges and sums as reported; histograms as p50/p90/p99 of the interval between two points.
function seriesOf(points, kind) {
  const groups = new Map();
  for (const p of points) {
    const key = (p.instance ? p.instance + ' ' : '') + Object.entries(JSON.parse(p.attributes)).map(([k, v]) => `${k}=${v}`).join(' ');
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(p);
  }
  const series = [];
  if (kind !== 'histogram') {
    for (const [key, ps] of groups) series.push({ name: key || 'value', points: ps.filter(p => p.value != null).map(p => [nanosToDate(p.timeNanos).getTime(), p.value]) });
    return series.slice(0, 10);
  }
  // Histograms: merge every attribute set, then percentiles of each interval's bucket counts.
  const byTime = new Map();
  for (const ps of groups.values()) {
    let prev = null;
    for (const p of ps) {
      if (!p.buckets) continue;
      const counts = JSON.parse(p.buckets).map(Number);
      const delta = p.cumulative && prev ? counts.map((c, i) => Math.max(0, c - (prev[i] || 0))) : p.cumulative ? null : counts;
      prev = counts;
      if (!delta) continue;
      const t = Math.round(nanosToDate(p.timeNanos).getTime() / 1000) * 1000;
      const slot = byTime.get(t) || { bounds: JSON.parse(p.bounds), counts: new Array(delta.length).fill(0) };
      delta.forEach((c, i) => slot.counts[i] += c);
      byTime.set(t, slot);
    }
  }
  const times = [...byTime.keys()].sort((a, b) => a - b);
  for (const q of [0.5, 0.9, 0.99]) {
    series.push({ name: 'p' + Math.round(q * 100), points: times.map(t => [t, percentile(byTime.get(t), q)]).filter(p => p[1] != null) });
  }
  return series;
}

// Linear interpolation inside the bucket that holds the q-th observation (as Prometheus' histogram_quantile).
function percentile({ bounds, counts }, q) {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    if (seen + counts[i] >= rank && counts[i] > 0) {
      if (i >= bounds.length) return bounds[bounds.length - 1] ?? 0;
      const lower = i === 0 ? Math.min(0, bounds[0]) : bounds[i - 1];
      return lower + (bounds[i] - lower) * (rank - seen) / counts[i];
    }
    seen += counts[i];
  }
  return bounds[bounds.length - 1] ?? 0;
}

function chart(series) {
  const all = series.flatMap(s => s.points);
  if (all.length === 0) return '<div class="empty">No points in this window.</div>';
  const W = 860, H = 280, L = 64, R = 12, T = 10, B = 28;
  const x0 = Math.min(...all.map(p => p[0])), x1 = Math.max(...all.map(p => p[0]), x0 + 1000);
  let y0 = Math.min(0, ...all.map(p => p[1])), y1 = Math.max(...all.map(p => p[1]));
  if (y1 === y0) y1 = y0 + 1;
  const sx = x => L + (x - x0) / (x1 - x0) * (W - L - R);
  const sy = y => H - B - (y - y0) / (y1 - y0) * (H - T - B);
  const fmt = v => Math.abs(v) >= 1e6 ? (v / 1e6).toFixed(1) + 'M' : Math.abs(v) >= 1e3 ? (v / 1e3).toFixed(1) + 'k' : Math.abs(v) < 10 && v !== 0 ? v.toFixed(3) : v.toFixed(0);
  let grid = '';
  for (let i = 0; i <= 4; i++) {
    const v = y0 + (y1 - y0) * i / 4;
    grid += `<line class="axis" x1="${L}" x2="${W - R}" y1="${sy(v)}" y2="${sy(v)}"/><text x="${L - 6}" y="${sy(v) + 4}" text-anchor="end">${fmt(v)}</text>`;
  }
  for (let i = 0; i <= 4; i++) {
    const t = x0 + (x1 - x0) * i / 4;
    grid += `<text x="${sx(t)}" y="${H - 8}" text-anchor="middle">${new Date(t).toLocaleTimeString([], { hour12: false })}</text>`;
  }
  const lines = series.map((s, i) => `<polyline fill="none" stroke="${palette[i % palette.length]}" stroke-width="1.8" points="${s.points.map(p => `${sx(p[0]).toFixed(1)},${sy(p[1]).toFixed(1)}`).join(' ')}"/>`).join('');
  const legend = series.map((s, i) => `<span><i style="background:${palette[i % palette.length]}"></i>${esc(s.name)} <b>${s.points.length ? fmt(s.points[s.points.length - 1][1]) : ''}</b></span>`).join('');
  return `<div class="chart"><svg viewBox="0 0 ${W} ${H}" role="img" aria-label="chart">${grid}${lines}</svg></div><div class="legend">${legend}</div>`;
}

// ---------- Routing ----------
function go(path) { history.pushState(null, '', path); route(); }

function route() {
  timers.splice(0).forEach(clearInterval);
  streams.splice(0).forEach(s => s.close());
  live.classList.remove('on');
  main.onclick = null;
  const path = location.pathname;
  const page = path.startsWith('/console') ? 'console' : path.startsWith('/structured') ? 'structured' : path.startsWith('/traces') ? 'traces' : path.startsWith('/metrics') ? 'metrics' : 'resources';
  document.querySelectorAll('nav a').forEach(a => a.classList.toggle('active', a.dataset.page === page));
  const id = decodeURIComponent(path.split('/')[2] || '');
  const render = { resources: resourcesPage, console: () => consolePage(id), structured: structuredPage, traces: () => id ? traceDetailPage(id) : tracesPage(), metrics: metricsPage }[page];
  Promise.resolve(render()).catch(e => { if (e.message !== 'login') main.innerHTML = `<div class="empty">${esc(e.message)}</div>`; });
}

document.addEventListener('click', e => {
  const a = e.target.closest('a[href^="/"]');
  if (a && !a.target && !e.ctrlKey && !e.metaKey && a.getAttribute('href') !== '#') { e.preventDefault(); go(a.getAttribute('href')); }
});
window.addEventListener('popstate', route);
route();
