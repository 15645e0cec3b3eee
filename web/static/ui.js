// What every page shares: building elements (text always as text, never
// as markup), the JSON API with the session's CSRF token, live refresh,
// and formatting.
import { t, isEn } from './i18n.js';

export const session = { csrf: '', role: '', phone: '', name: '', category: '' };

// h('div', {class: 'x', onclick: f}, 'text', child, [more]): strings are
// text nodes, so nothing a resident wrote is ever parsed as HTML.
export function h(tag, props, ...kids) {
  const el = document.createElement(tag);
  setProps(el, props);
  append(el, kids);
  return el;
}

const SVGNS = 'http://www.w3.org/2000/svg';
export function s(tag, attrs, ...kids) {
  const el = document.createElementNS(SVGNS, tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, v);
  append(el, kids);
  return el;
}

function setProps(el, props) {
  if (!props) return;
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k === 'value') el.value = v;
    else if (k === 'checked' || k === 'disabled' || k === 'hidden' ||
             k === 'selected' || k === 'required') el[k] = !!v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
}

function append(el, kids) {
  for (const k of kids.flat(Infinity)) {
    if (k === null || k === undefined || k === false) continue;
    el.append(k instanceof Node ? k : document.createTextNode(String(k)));
  }
}

export function clear(el, ...kids) {
  el.replaceChildren();
  append(el, kids);
  return el;
}

export class ApiError extends Error {
  constructor(status, body) {
    super((body && (body.message || body.error)) || ('HTTP ' + status));
    this.status = status;
    this.body = body || {};
  }
}

// Called on a 401 from any request: the session is over.
let onUnauthorized = () => {};
export function setUnauthorized(fn) { onUnauthorized = fn; }

export async function api(method, path, body, opts = {}) {
  const headers = { Accept: 'application/json' };
  // Timer refreshes say so: they do not keep an idle session alive.
  if (opts.background) headers['X-Kabar-Background'] = '1';
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (method !== 'GET' && method !== 'HEAD') {
    if (session.csrf) headers['X-CSRF-Token'] = session.csrf;
    if (body !== undefined) {
      if (typeof body === 'string') {
        headers['Content-Type'] = opts.type || 'text/csv; charset=utf-8';
        init.body = body;
      } else {
        headers['Content-Type'] = 'application/json';
        init.body = JSON.stringify(body);
      }
    }
  }
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), opts.timeout || 15000);
  init.signal = ctl.signal;
  let res;
  try {
    res = await fetch('/api/v1' + path, init);
  } catch (e) {
    throw new ApiError(0, { error: t('offline') });
  } finally {
    clearTimeout(timer);
  }
  let data = null;
  const ct = res.headers.get('Content-Type') || '';
  if (ct.includes('json')) {
    try { data = await res.json(); } catch (e) { data = null; }
  } else {
    data = await res.text();
  }
  if (res.status === 401 && !opts.noAuthRedirect) onUnauthorized();
  if (!res.ok) throw new ApiError(res.status, typeof data === 'object' ? data : null);
  return data;
}

// Timers of the page on screen; stopped when another page is opened.
const timers = new Set();
export const LIVE_MS = 5000;
export function live(fn, ms) {
  let busy = false;
  const tick = async () => {
    if (busy || document.hidden) return;
    busy = true;
    try { await fn(); } catch (e) { /* shown by fn; try again next tick */ }
    busy = false;
  };
  const id = setInterval(tick, ms);
  timers.add(id);
  return id;
}
export function stopLive() {
  for (const id of timers) clearInterval(id);
  timers.clear();
}

export function errorBox(e) {
  const msg = e instanceof ApiError ? e.message : String(e && e.message || e);
  return h('p', { class: 'err', role: 'alert' }, t('error') + ': ' + msg);
}

export function notice(el, text, bad) {
  clear(el, text ? h('span', { class: bad ? 'err' : 'ok', role: bad ? 'alert' : 'status' }, text) : null);
}

// Times from the API: unix seconds or an ISO string.
function toDate(v) {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'number') return new Date(v * 1000);
  const d = new Date(v);
  return isNaN(d) ? null : d;
}
export function fmtTime(v) {
  const d = toDate(v);
  if (!d) return '–';
  return d.toLocaleString(isEn() ? 'en-GB' : 'id-ID',
    { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}
export function fmtDay(v) {
  const d = toDate(v);
  if (!d) return '–';
  return d.toLocaleDateString(isEn() ? 'en-GB' : 'id-ID',
    { day: 'numeric', month: 'short', year: 'numeric' });
}
export function fmtNum(n) {
  return (Number(n) || 0).toLocaleString(isEn() ? 'en-GB' : 'id-ID');
}
export function fmtRp(n) { return 'Rp ' + fmtNum(n); }

// A labelled field: the label names its control by id (a wrapping label
// would add a select's chosen option to the field's name).
let fieldIds = 0;
export function field(label, control, extra) {
  if (!control.id) control.id = 'f' + (++fieldIds);
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control, extra || null);
}

export function table(headers, rows, empty) {
  if (!rows.length) return h('p', { class: 'muted' }, empty || t('none'));
  return h('div', { class: 'tablewrap' },
    h('table', null,
      h('thead', null, h('tr', null, headers.map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', null, rows.map((r) => h('tr', null, r.map((c) => h('td', null, c)))))));
}

export function statusLabel(st) {
  const k = 'st_' + st;
  const v = t(k);
  return v === k ? st : v;
}

export function badge(st) {
  return h('span', { class: 'badge b-' + String(st).replace(/[^a-z]/g, '') }, statusLabel(st));
}
