// Meridian dashboard page (docs/dashboard.md): renders each snapshot from /api/events (Server-Sent Events) into the
// topology (SVG), the Galera and tunnel tables and the timeline. No libraries: the page must work offline.
// DOM contract the browser tests rely on: #topology [data-region], [data-node][data-state], [data-tunnel][data-state],
// #timeline li[data-kind], #connection[data-state], document.body.dataset.updated.

import { el, svg, token, withToken } from './dom.js';

const $ = (selector) => document.querySelector(selector);
const seenEvents = new Set();
const previousCommitted = new Map(); // host -> { at, seqno, conflicts }
const rttHistory = new Map(); // pair -> [ms]
const tunnelRows = new Map(); // pair -> { row, cells, button }
let latest = null;

const ms = (value) => (value === null || value === undefined ? 'no reply' : `${value.toFixed(1)} ms`);
const percent = (value) => `${(value * 100).toFixed(1)} %`;
const time = (iso) => new Date(iso).toLocaleTimeString([], { hour12: false });

function stateClass(state) {
  if (state === 'Synced') return 'state-ok';
  if (state === 'no report' || state === 'stopped' || state === 'down') return 'state-bad';
  return 'state-warn';
}

function setConnection(state) {
  const indicator = $('#connection');
  indicator.dataset.state = state;
  indicator.textContent = state;
}

// ---- topology ------------------------------------------------------------------------------------------------

const BOX_WIDTH = 290;
const ROW = 28;

function regionRows(region) {
  const rows = [{ kind: 'router', text: `router ${region.router.host} ${region.router.lanAddress}` }];
  for (const node of region.nodes) rows.push({ kind: 'node', node, text: `${node.host} · ${node.state}${node.primary ? '' : ' · non-Primary'}` });
  if (region.etcd) {
    const etcd = region.etcd;
    rows.push({ kind: 'etcd', ok: etcd.healthy, text: `etcd ${etcd.name} · ${etcd.healthy ? (etcd.leader ? 'leader' : 'healthy') : 'unhealthy'}` });
  }
  if (region.arbitrator) {
    const garbd = region.arbitrator;
    rows.push({ kind: 'arbitrator', ok: garbd.running && garbd.primary, text: `garbd ${garbd.host} · ${garbd.state}` });
  }
  if (region.endpoint) {
    const endpoint = region.endpoint;
    rows.push({ kind: 'endpoint', ok: endpoint.listening, text: `endpoint ${endpoint.listen}${endpoint.listening ? '' : ' · down'}` });
  }
  return rows;
}

function layout(regions) {
  const centreX = 500;
  const centreY = 320;
  return regions.map((region, i) => {
    const rows = regionRows(region);
    const height = 40 + rows.length * ROW + 8;
    if (regions.length === 1) return { region, rows, x: centreX, y: centreY, height };
    const angle = -Math.PI / 2 + (i * 2 * Math.PI) / regions.length;
    return { region, rows, x: centreX + 320 * Math.cos(angle), y: centreY + 190 * Math.sin(angle), height };
  });
}

function renderTopology(snapshot) {
  const root = $('#topology');
  const boxes = layout(snapshot.regions);
  const byName = new Map(boxes.map((box) => [box.region.name, box]));
  const lines = svg('g', { class: 'tunnels' });
  const labels = svg('g', { class: 'labels' });
  for (const tunnel of snapshot.tunnels) {
    const a = byName.get(tunnel.regionA);
    const b = byName.get(tunnel.regionB);
    if (!a || !b) continue;
    const text = `${tunnel.configuredRttMs.toFixed(0)} / ${ms(tunnel.measuredRttMs)} · loss ${tunnel.lossPercent} %${tunnel.cut ? ' · CUT' : ''}`;
    const group = svg('g', { class: 'tunnel', 'data-tunnel': tunnel.pair, 'data-state': tunnel.state },
      svg('title', {}, `${tunnel.pair}: ${tunnel.state}; configured / measured RTT, loss`),
      svg('line', { x1: a.x, y1: a.y, x2: b.x, y2: b.y }));
    lines.append(group);
    const midX = (a.x + b.x) / 2;
    const midY = (a.y + b.y) / 2;
    const width = Math.max(text.length, tunnel.pair.length) * 7.4 + 16;
    labels.append(svg('g', { class: 'tunnel-label', 'data-label-for': tunnel.pair },
      svg('rect', { x: midX - width / 2, y: midY - 22, width, height: 44, rx: 4 }),
      svg('text', { x: midX, y: midY - 5, 'text-anchor': 'middle' }, tunnel.pair),
      svg('text', { x: midX, y: midY + 14, 'text-anchor': 'middle', class: tunnel.state === 'up' ? 'ok' : 'bad' }, text)));
  }

  const regions = svg('g', { class: 'regions' });
  for (const box of boxes) {
    const left = box.x - BOX_WIDTH / 2;
    const top = box.y - box.height / 2;
    const group = svg('g', { class: 'region', 'data-region': box.region.name },
      svg('rect', { class: 'region-box', x: left, y: top, width: BOX_WIDTH, height: box.height, rx: 8 }),
      svg('text', { class: 'region-name', x: left + 12, y: top + 26 }, `${box.region.name}`),
      svg('text', { x: left + BOX_WIDTH - 12, y: top + 26, 'text-anchor': 'end', class: 'muted' }, `segment ${box.region.segment}`));
    box.rows.forEach((row, i) => {
      const y = top + 40 + i * ROW;
      const item = svg('g', { class: `item-row ${row.kind}` },
        svg('rect', { class: 'item', x: left + 8, y, width: BOX_WIDTH - 16, height: ROW - 4, rx: 4 }),
        svg('text', { x: left + 16, y: y + 17 }, row.text));
      if (row.kind === 'node') {
        item.setAttribute('data-node', row.node.host);
        item.setAttribute('data-state', row.node.state);
        item.classList.add(stateClass(row.node.state));
        item.prepend(svg('title', {}, `${row.node.host}: ${row.node.state}, ${row.node.clusterStatus}${row.node.detail ? ` (${row.node.detail})` : ''}`));
      } else if (row.ok !== undefined) {
        item.classList.add(row.ok ? 'state-ok' : 'state-bad');
      }
      group.append(item);
    });
    regions.append(group);
  }
  root.replaceChildren(svg('title', {}, `Topology of ${snapshot.cluster}`), lines, regions, labels);
}

// ---- tables ------------------------------------------------------------------------------------------------

function renderGalera(snapshot) {
  const rows = [];
  const at = Date.parse(snapshot.takenAt);
  for (const region of snapshot.regions) {
    for (const node of region.nodes) {
      const before = previousCommitted.get(node.host);
      let rate = '-';
      let conflicts = '-';
      if (before && at > before.at && node.lastCommitted >= 0 && before.seqno >= 0) {
        rate = ((node.lastCommitted - before.seqno) / ((at - before.at) / 1000)).toFixed(1);
      }
      // Certification failures are a counter: the rate since the last snapshot (a restart resets it, then no rate).
      const failures = node.certificationFailures;
      if (before && at > before.at && failures !== null && failures !== undefined && before.conflicts !== null && before.conflicts !== undefined && failures >= before.conflicts) {
        conflicts = ((failures - before.conflicts) / ((at - before.at) / 1000)).toFixed(1);
      }
      if (!before || at > before.at) previousCommitted.set(node.host, { at, seqno: node.lastCommitted, conflicts: failures });
      const stateCell = el('td', { class: stateClass(node.state).replace('state-', '') }, node.state);
      if (node.detail) stateCell.title = node.detail;
      rows.push(el('tr', { 'data-galera-node': node.host },
        el('th', { scope: 'row' }, node.host),
        el('td', {}, node.region),
        el('td', {}, String(node.segment)),
        stateCell,
        el('td', { class: node.primary ? 'ok' : 'bad' }, node.clusterStatus),
        el('td', {}, String(node.clusterSize)),
        el('td', {}, node.lastCommitted >= 0 ? String(node.lastCommitted) : '-'),
        el('td', {}, rate),
        el('td', {}, percent(node.flowControlPaused)),
        el('td', {}, `${node.sendQueue ?? '-'} / ${node.receiveQueue ?? '-'}`),
        el('td', {}, failures === null || failures === undefined ? '-' : `${conflicts}/s (${failures})`)));
    }
  }
  $('#galera tbody').replaceChildren(...rows);
}

function sparkline(values) {
  const width = 120;
  const height = 24;
  const chart = svg('svg', { class: 'spark', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'measured RTT history' });
  if (values.length < 2) return chart;
  const max = Math.max(...values) * 1.1 || 1;
  const points = values.map((v, i) => `${((i / (values.length - 1)) * width).toFixed(1)},${(height - (v / max) * height).toFixed(1)}`);
  chart.append(svg('polyline', { points: points.join(' ') }));
  return chart;
}

function renderTunnels(snapshot) {
  const body = $('#tunnels tbody');
  const lab = snapshot.provider === 'local';
  for (const tunnel of snapshot.tunnels) {
    const history = rttHistory.get(tunnel.pair) ?? [];
    if (tunnel.measuredRttMs !== null && tunnel.measuredRttMs !== undefined) history.push(tunnel.measuredRttMs);
    while (history.length > 120) history.shift();
    rttHistory.set(tunnel.pair, history);

    let entry = tunnelRows.get(tunnel.pair);
    if (!entry) {
      const cells = Array.from({ length: 5 }, () => el('td'));
      const button = el('button', { type: 'button' });
      button.addEventListener('click', () => confirmWan(tunnel.pair, button.dataset.action));
      const row = el('tr', { 'data-tunnel-row': tunnel.pair }, el('th', { scope: 'row' }, tunnel.pair), ...cells, el('td', { class: 'lab-only' }, button));
      body.append(row);
      entry = { row, cells, button };
      tunnelRows.set(tunnel.pair, entry);
    }
    const [state, configured, measured, spark, loss] = entry.cells;
    state.textContent = tunnel.state + (tunnel.state === 'down' && tunnel.detail ? ` (${tunnel.detail})` : '');
    state.className = tunnel.state === 'up' ? 'ok' : 'bad';
    configured.textContent = `${tunnel.configuredRttMs.toFixed(1)} ms`;
    measured.textContent = ms(tunnel.measuredRttMs);
    spark.replaceChildren(sparkline(history));
    loss.textContent = `${tunnel.lossPercent} %`;
    const action = tunnel.cut ? 'heal' : 'cut';
    entry.button.dataset.action = action;
    entry.button.textContent = tunnel.cut ? `Heal ${tunnel.pair}` : `Cut ${tunnel.pair}`;
    entry.button.disabled = !lab;
  }
}

// ---- timeline ------------------------------------------------------------------------------------------------

function addTimeline(event) {
  const key = `${event.at}|${event.kind}|${event.subject}`;
  if (seenEvents.has(key)) return;
  seenEvents.add(key);
  const list = $('#timeline');
  list.prepend(el('li', { 'data-kind': event.kind, 'data-subject': event.subject },
    el('time', { datetime: event.at }, time(event.at)), event.message));
  while (list.children.length > 200) list.lastElementChild.remove();
}

// ---- lab controls ------------------------------------------------------------------------------------------------

function confirmWan(pair, action) {
  const dialog = $('#confirm');
  $('#confirm-title').textContent = action === 'cut' ? `Cut the WAN link ${pair}?` : `Heal the WAN link ${pair}?`;
  $('#confirm-text').textContent = action === 'cut'
    ? `Both directions of ${pair} drop every packet at once, as \`meridian wan cut ${pair}\` does. Galera will lose the members it can no longer reach.`
    : `Packets flow on ${pair} again, as \`meridian wan heal ${pair}\` does.`;
  $('#confirm-ok').textContent = action === 'cut' ? 'Cut the link' : 'Heal the link';
  dialog.returnValue = 'cancel';
  dialog.addEventListener('close', async () => {
    if (dialog.returnValue !== 'ok') return;
    const result = $('#action-result');
    result.textContent = `${action} ${pair}: sending…`;
    try {
      const response = await fetch(withToken('/api/lab/wan'), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ pair, action }),
      });
      const answer = await response.json();
      result.textContent = response.ok ? `${action} ${pair}: done` : `${action} ${pair} failed: ${answer.error}`;
    } catch (error) {
      result.textContent = `${action} ${pair} failed: ${error.message}`;
    }
  }, { once: true });
  dialog.showModal();
}

// ---- snapshots ------------------------------------------------------------------------------------------------

function apply(snapshot) {
  latest = snapshot;
  document.body.classList.toggle('lab', snapshot.provider === 'local');
  $('#cluster').textContent = `${snapshot.cluster} (${snapshot.provider === 'local' ? 'lab' : snapshot.provider})`;
  document.title = `Meridian ${snapshot.cluster}`;
  const problems = $('#problems');
  problems.hidden = snapshot.problems.length === 0;
  problems.replaceChildren(...snapshot.problems.map((problem) => el('p', {}, problem)));
  renderTopology(snapshot);
  renderGalera(snapshot);
  renderTunnels(snapshot);
  const spec = snapshot.provider === 'local' ? `--cluster ${snapshot.cluster}` : 'SPEC';
  $('#cmd-recover').textContent = `sudo ./meridian recover ${spec}`;
  $('#cmd-force').textContent = `sudo ./meridian recover ${spec} --force-bootstrap NODE`;
  $('#cmd-down').textContent = `sudo ./meridian down ${spec}`;
  const updated = new Date(snapshot.takenAt).toISOString();
  $('#updated').textContent = `updated ${time(snapshot.takenAt)}`;
  document.body.dataset.updated = updated;
}

function connect() {
  const source = new EventSource(withToken('/api/events'));
  source.addEventListener('open', () => setConnection('live'));
  source.addEventListener('snapshot', (message) => {
    setConnection('live');
    apply(JSON.parse(message.data));
  });
  source.addEventListener('timeline', (message) => addTimeline(JSON.parse(message.data)));
  // charts.js draws them (one stream for the whole page).
  source.addEventListener('charts', (message) => window.dispatchEvent(new CustomEvent('meridian-charts', { detail: JSON.parse(message.data) })));
  source.addEventListener('error', () => {
    setConnection('reconnecting');
    // The browser retries by itself unless the server refused the stream (then the source is closed).
    if (source.readyState === EventSource.CLOSED) {
      setTimeout(connect, 2000);
    }
  });
}

connect();
window.meridianDashboard = { latest: () => latest };
