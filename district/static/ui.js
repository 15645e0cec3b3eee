// Shared by the pages: elements built from text (whatever a resident
// wrote stays text: nothing here parses HTML), the JSON API with the
// session's CSRF token, numbers and times, and bar charts drawn in SVG.
import { t, english } from './i18n.js';

export const me = { csrf: '', name: '', phone: '' };

function put(el, kids) {
  for (const k of kids.flat(Infinity)) {
    if (k !== null && k !== undefined && k !== false) el.append(k instanceof Node ? k : String(k));
  }
  return el;
}

// el('p', {class: 'x', onclick: f}, 'text', child...)
export function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (typeof v === 'function') e.addEventListener(k.replace(/^on/, ''), v);
    else if (k in e && typeof e[k] === 'boolean') e[k] = Boolean(v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  return put(e, kids);
}
export function svg(tag, attrs, ...kids) {
  const e = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
  return put(e, kids);
}
export function fill(parent, ...kids) {
  parent.replaceChildren();
  return put(parent, kids);
}

export class Refused extends Error {
  constructor(status, body) {
    super((body && body.error) || 'HTTP ' + status);
    this.status = status;
    this.body = body || {};
  }
}

let sessionOver = () => {};
export function onSessionOver(fn) { sessionOver = fn; }

// GET or POST /api/v1 + path: the JSON answer, or a Refused.
export async function api(method, path, body, quiet) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET' && me.csrf) headers['X-CSRF-Token'] = me.csrf;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), 20000);
  let res;
  try {
    res = await fetch('/api/v1' + path, { method, headers, credentials: 'same-origin', cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body), signal: stop.signal });
  } catch (e) {
    throw new Refused(0, { error: t('offline') });
  } finally {
    clearTimeout(timer);
  }
  const data = await res.json().catch(() => null);
  if (res.status === 401 && !quiet) sessionOver();
  if (!res.ok) throw new Refused(res.status, data);
  return data;
}

export function problem(e) {
  return el('p', { class: 'err', role: 'alert' }, t('error') + ': ' + (e && e.message || e));
}

export function num(n) {
  return (Number(n) || 0).toLocaleString(english() ? 'en-GB' : 'id-ID');
}
export function when(iso) {
  if (!iso) return t('never');
  const d = new Date(iso);
  return isNaN(d) ? String(iso) : d.toLocaleString(english() ? 'en-GB' : 'id-ID',
    { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}
// An age in seconds as days, hours or minutes.
export function age(sec) {
  if (sec === null || sec === undefined) return '–';
  if (sec >= 86400) return t('days', { n: Math.floor(sec / 86400) });
  if (sec >= 3600) return t('hours_ago', { n: Math.floor(sec / 3600) });
  return t('minutes_ago', { n: Math.max(0, Math.floor(sec / 60)) });
}

// A labelled control.
let ids = 0;
export function labelled(text, control) {
  control.id = control.id || 'c' + (++ids);
  return el('div', { class: 'field' }, el('label', { for: control.id }, text), control);
}
export function grid(heads, rows) {
  if (!rows.length) return el('p', { class: 'muted' }, t('none'));
  return el('div', { class: 'scroll' }, el('table', null,
    el('thead', null, el('tr', null, heads.map((x) => el('th', { scope: 'col' }, x)))),
    el('tbody', null, rows.map((r) => el('tr', r.attrs || null, (r.cells || r).map((c) => el('td', null, c)))))));
}

// Horizontal bars, one per label, with the count and its share.
export function bars(caption, labels, counts, unit) {
  const sum = counts.reduce((a, b) => a + (Number(b) || 0), 0);
  const top = Math.max(1, ...counts.map((c) => Number(c) || 0));
  const row = 34, width = 320, track = 220;
  const pic = svg('svg', { viewBox: `0 0 ${width} ${labels.length * row + 4}`, class: 'chart', role: 'img',
    'aria-label': caption + ': ' + labels.map((l, i) => `${l} ${counts[i] || 0}`).join(', ') });
  labels.forEach((label, i) => {
    const n = Number(counts[i]) || 0;
    const y = i * row + 2;
    pic.append(svg('g', { class: 'bar', 'data-label': label, 'data-count': n },
      svg('title', null, `${label}: ${n}`),
      svg('text', { x: 0, y: y + 12, class: 'bar-l' }, label),
      svg('rect', { x: 0, y: y + 16, width: track, height: 13, rx: 2, class: 'bar-bg' }),
      svg('rect', { x: 0, y: y + 16, width: n ? Math.max(2, Math.round(track * n / top)) : 0, height: 13, rx: 2, class: 'bar-v' }),
      svg('text', { x: track + 6, y: y + 27, class: 'bar-n' }, `${n} (${sum ? Math.round(100 * n / sum) : 0}%)`)));
  });
  return el('figure', { class: 'fig' }, el('figcaption', null, caption + ' · ' + num(sum) + ' ' + unit), pic);
}
