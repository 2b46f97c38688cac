// Meridian dashboard, lab controls (docs/dashboard.md, "Lab controls"): `meridian wan cut|heal|set|isolate|rejoin` and
// the `meridian chaos` faults, each behind a confirmation dialog that shows the equivalent command. Only when
// /api/config says the cluster is the local lab. The names to choose from (pairs, regions, nodes) come from the
// snapshot app.js renders (window.meridianDashboard.latest()), so this script opens no second event stream.
// DOM contract the browser tests rely on: #lab-controls, #ctl-* controls, #control-confirm (the dialog),
// #control-command, #control-result[data-state] (pending, ok, failed).

import { token, withToken } from './dom.js';

const $ = (selector) => document.querySelector(selector);

// What each fault does, for the confirmation; the names and target kinds come from the server (/api/config).
const FAULT_TEXT = {
  'kill-node': (t) => `kill -9 the mariadbd of ${t}. Its agent restarts it and it rejoins the cluster (IST).`,
  'kill-agent': (t) => `kill -9 the agent of ${t}. mariadbd keeps serving; the supervisor starts a new agent.`,
  'kill-router': (t) => `kill -9 the VPN router (charon) of region ${t}. Its tunnels drop until the supervisor restarts it.`,
  'kill-etcd': (t) => `kill -9 the etcd member of region ${t}.`,
  'isolate-region': (t, d) => `Cut every WAN link of region ${t} for ${d}, then rejoin it.`,
  'cut-link': (t, d) => `Cut the WAN link ${t} for ${d}, then heal it.`,
  'pause-node': (t, d) => `SIGSTOP the mariadbd of ${t} for ${d}, then SIGCONT.`,
  'crash-all': () => 'kill -9 every mariadbd at once. The cluster loses its Primary component until the agents recover it.',
};

let cluster = '';
let faults = [];
const targets = { node: [], region: [], pair: [] };

function option(value) {
  const node = document.createElement('option');
  node.value = value;
  node.textContent = value;
  return node;
}

function command(...words) {
  return ['sudo ./meridian', ...words, '--cluster', cluster].join(' ');
}

function report(state, text) {
  const result = $('#control-result');
  result.dataset.state = state;
  result.textContent = text;
}

/** Opens the confirmation dialog; resolves true only for Confirm (Cancel and Escape resolve false). */
function confirmAction({ title, text, cli, ok }) {
  const dialog = $('#control-confirm');
  $('#control-confirm-title').textContent = title;
  $('#control-confirm-text').textContent = text;
  $('#control-command').textContent = cli;
  $('#control-ok').textContent = ok;
  dialog.returnValue = 'cancel';
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    dialog.showModal();
    // The safe choice has the focus, whatever the browser does with autofocus on a second opening.
    $('#control-cancel').focus();
  });
}

async function post(path, body, label, pending = `${label}: sending…`) {
  report('pending', pending);
  try {
    const response = await fetch(withToken(path), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const answer = await response.json();
    if (!response.ok) {
      report('failed', `${label} failed: ${answer.error}${answer.fix ? `; ${answer.fix}` : ''}`);
      return null;
    }
    return answer;
  } catch (error) {
    report('failed', `${label} failed: ${error.message}`);
    return null;
  }
}

// ---- WAN ------------------------------------------------------------------------------------------------------

const WAN = {
  cut: (pair) => ({ title: `Cut the WAN link ${pair}?`, ok: 'Cut the link',
    text: `Both directions of ${pair} drop every packet at once. Galera loses the members it can no longer reach.` }),
  heal: (pair) => ({ title: `Heal the WAN link ${pair}?`, ok: 'Heal the link',
    text: `Packets flow on ${pair} again (a link of an isolated region stays cut until the region rejoins).` }),
  set: (pair, values) => ({ title: `Change the WAN link ${pair}?`, ok: 'Change the link',
    text: `${pair} gets ${values.join(', ')}; what is not given stays as it is.` }),
  isolate: (region) => ({ title: `Isolate region ${region}?`, ok: 'Isolate the region',
    text: `Every WAN link of ${region} is cut. Its nodes leave the Primary component; the other regions keep it if they are a majority.` }),
  rejoin: (region) => ({ title: `Rejoin region ${region}?`, ok: 'Rejoin the region',
    text: `The links of ${region} carry packets again (links cut on their own stay cut); its nodes rejoin by IST.` }),
};

async function wan(action) {
  const region = action === 'isolate' || action === 'rejoin';
  const subject = region ? $('#ctl-region').value : $('#ctl-pair').value;
  const body = { action, [region ? 'region' : 'pair']: subject };
  const words = ['wan', action, subject];
  const values = [];
  if (action === 'set') {
    for (const [field, flag, name] of [['rtt', '--rtt', 'RTT'], ['jitter', '--jitter', 'jitter'], ['loss', '--loss', 'loss']]) {
      const value = $(`#ctl-${field}`).value.trim();
      if (value) {
        body[field] = value;
        words.push(flag, value);
        values.push(`${name} ${value}`);
      }
    }
    if (values.length === 0) {
      report('failed', 'set: give an RTT, a jitter or a loss, e.g. 80ms, 2ms, 0.5%');
      $('#ctl-rtt').focus();
      return;
    }
  }
  const text = WAN[action](subject, values);
  if (!(await confirmAction({ ...text, cli: command(...words) }))) return;
  const label = `wan ${words.slice(1).join(' ')}`;
  if (await post('/api/lab/wan', body, label)) report('ok', `${label}: done`);
}

// ---- chaos ------------------------------------------------------------------------------------------------------

function selectedFault() {
  return faults.find((f) => f.name === $('#ctl-fault').value);
}

function showFault() {
  const fault = selectedFault();
  if (!fault) return;
  const select = $('#ctl-target');
  const previous = select.value;
  const names = targets[fault.target] ?? [];
  select.replaceChildren(...names.map(option));
  if (names.includes(previous)) select.value = previous;
  $('#ctl-target-field').hidden = fault.target === 'cluster';
  $('#ctl-duration-field').hidden = !fault.timed;
}

async function inject() {
  const fault = selectedFault();
  if (!fault) return;
  const target = fault.target === 'cluster' ? '' : $('#ctl-target').value;
  const duration = $('#ctl-duration').value.trim() || '10s';
  const words = ['chaos', fault.name];
  if (target) words.push('--target', target);
  if (fault.timed) words.push('--duration', duration);
  const confirmed = await confirmAction({
    title: `Inject ${fault.name}${target ? ` into ${target}` : ''}?`,
    text: FAULT_TEXT[fault.name]?.(target, duration) ?? `The fault ${fault.name}.`,
    cli: command(...words),
    ok: 'Inject the fault',
  });
  if (!confirmed) return;
  const label = `chaos ${fault.name}${target ? ` ${target}` : ''}`;
  const pending = fault.timed ? `${label}: running for ${duration}, then undone…` : undefined;
  const answer = await post('/api/lab/chaos', { fault: fault.name, target, duration: fault.timed ? duration : undefined }, label, pending);
  if (!answer) return;
  const done = answer.events.map((e) => `${e.action}${e.pid ? ` pid ${e.pid}` : ''} (${e.detail})`).join('; ');
  report('ok', `${label}: ${done || 'done'}`);
}

// ---- start ------------------------------------------------------------------------------------------------------

function latestSnapshot() {
  return new Promise((resolve) => {
    const poll = () => {
      const snapshot = window.meridianDashboard?.latest();
      if (snapshot) resolve(snapshot);
      else setTimeout(poll, 250);
    };
    poll();
  });
}

async function start() {
  const response = await fetch(withToken('/api/config'));
  if (!response.ok) return;
  const config = await response.json();
  if (!config.labControls) return;
  faults = config.faults;
  const snapshot = await latestSnapshot();
  cluster = snapshot.cluster;
  targets.region = snapshot.regions.map((r) => r.name);
  targets.node = snapshot.regions.flatMap((r) => r.nodes.map((n) => n.host));
  targets.pair = snapshot.tunnels.map((t) => t.pair);
  $('#ctl-pair').replaceChildren(...targets.pair.map(option));
  $('#ctl-region').replaceChildren(...targets.region.map(option));
  $('#ctl-fault').replaceChildren(...faults.map((f) => option(f.name)));
  $('#ctl-fault').addEventListener('change', showFault);
  showFault();
  for (const button of document.querySelectorAll('#lab-controls [data-wan]')) {
    button.addEventListener('click', () => wan(button.dataset.wan));
  }
  $('#ctl-inject').addEventListener('click', inject);
  $('#lab-controls').hidden = false;
  document.body.dataset.controls = 'ready';
}

start();
