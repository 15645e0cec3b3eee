// The pages of the console, one function each: render(box, ctx) fills the
// page's section and starts its live refresh where the page is live
// (docs/API.md: polling every 5 s, marked as background requests).
import { t } from './i18n.js';
import { h, s, clear, api, live, LIVE_MS, errorBox, notice, field, table, fmtTime, fmtDay,
  fmtNum, fmtRp, badge, statusLabel, session } from './ui.js';

const bg = { background: true };
const enc = encodeURIComponent;

function items(x) {
  return Array.isArray(x) ? x : (x && x.items) || [];
}
function opt(value, label, sel) {
  return h('option', { value, selected: sel }, label);
}
function btn(label, onclick, cls) {
  return h('button', { type: 'button', class: cls || '', onclick }, label);
}
function stat(label, value, sub, role) {
  return h('div', { class: 'stat', 'data-stat': role || null },
    h('span', { class: 'stat-v' }, value), h('span', { class: 'stat-l' }, label),
    sub ? h('span', { class: 'stat-s' }, sub) : null);
}
function download(href, label) {
  return h('a', { class: 'button', href: '/api/v1' + href, download: '' }, label || t('csv'));
}

// What the forms offer (groups, categories, statuses...), once a session.
let settingsCache = null;
export function forgetSettings() { settingsCache = null; }
async function settings() {
  if (!settingsCache) {
    try { settingsCache = await api('GET', '/settings'); } catch (e) { settingsCache = null; return {}; }
  }
  return settingsCache;
}

// Beranda: today at a glance.
async function beranda(box, ctx) {
  const grid = h('div', { class: 'stats', 'aria-live': 'polite' });
  const queue = h('div');
  box.append(grid, queue);
  async function load(o) {
    const d = await api('GET', '/summary', undefined, o);
    if (!ctx.still()) return;
    const c = d.complaints || {};
    const m = d.modems || [];
    const sy = d.sync || {};
    const q = d.queue || [];
    const up = m.filter((x) => x.state === 'up').length;
    const credit = m.map((x) => (x.balance === null || x.balance === undefined ? null : x.name + ' ' + fmtRp(x.balance)))
      .filter(Boolean).join(', ');
    clear(grid,
      stat(t('new_complaints'), fmtNum(c.baru), c.diproses !== undefined ? fmtNum(c.diproses) + ' ' + t('st_diproses') : null, 'complaints'),
      d.letters ? stat(t('letters_waiting'), fmtNum(d.letters.waiting), fmtNum(d.letters.ready) + ' ' + t('st_siap'), 'letters') : null,
      d.queue ? stat(t('queue_waiting'), fmtNum(q.reduce((a, x) => a + (x.waiting || 0), 0)), null, 'queue') : null,
      d.modems ? stat(t('modems_up'), up + ' / ' + m.length, null, 'modems') : null,
      d.modems ? stat(t('sim_credit'), credit || '–', null, 'credit') : null,
      d.sync ? stat(t('backlog'), fmtNum(sy.backlog),
        t('last_success') + ': ' + (sy.last_success ? fmtTime(sy.last_success) : t('never')), 'sync') : null,
      d.budget ? stat(t('budget'), fmtNum(d.budget.used) + ' / ' + (d.budget.limit ? fmtNum(d.budget.limit) : '∞'), null, 'budget') : null);
    clear(queue, q.length ? h('div', null, h('h2', null, t('antrian')),
      table([t('counter'), t('now_serving'), t('queue_waiting')],
        q.map((x) => [x.name || x.counter, x.current === null || x.current === undefined ? '–' : String(x.current), fmtNum(x.waiting)]))) : null);
  }
  await load();
  live(() => load(bg), LIVE_MS);
}

// Aduan: complaints, filtered; one opened with its history and a status form.
async function aduan(box, ctx) {
  const st = await settings();
  const STATUSES = (st.statuses && st.statuses.complaint) || ['baru', 'diproses', 'selesai', 'ditolak'];
  const fStatus = h('select', { name: 'status' }, opt('', t('all')), STATUSES.map((x) => opt(x, statusLabel(x))));
  const fCat = h('select', { name: 'category' }, opt('', t('all')), (st.categories || []).map((c) => opt(c, c)));
  const fFrom = h('input', { type: 'date', name: 'from' });
  const fTo = h('input', { type: 'date', name: 'to' });
  const fQ = h('input', { type: 'search', name: 'q' });
  const count = h('p', { class: 'muted', 'aria-live': 'polite' });
  const pager = h('div', { class: 'row pager' });
  const PER = 50;
  let pageNo = 1;
  const listBox = h('div', { class: 'list' });
  const detail = h('div', { class: 'detail' });
  const filters = h('form', { class: 'filters', role: 'search', onsubmit: (e) => { e.preventDefault(); pageNo = 1; load(); } },
    field(t('status'), fStatus),
    session.role === 'office' ? null : field(t('category'), fCat),
    field(t('date_from'), fFrom), field(t('date_to'), fTo), field(t('search'), fQ),
    h('button', { type: 'submit' }, t('filter')));
  for (const el of [fStatus, fCat, fFrom, fTo]) el.addEventListener('change', () => { pageNo = 1; load(); });
  if (session.role === 'office' && session.category) box.append(h('p', { class: 'muted' }, t('category') + ': ' + session.category));
  box.append(filters, h('div', { class: 'split' }, h('div', null, count, listBox, pager), detail));
  let open = null;
  let seen = '';

  async function load(o) {
    const q = new URLSearchParams();
    if (fStatus.value) q.set('status', fStatus.value);
    if (fCat.value && session.role !== 'office') q.set('category', fCat.value);
    if (fFrom.value) q.set('from', fFrom.value);
    if (fTo.value) q.set('to', fTo.value);
    if (fQ.value.trim()) q.set('q', fQ.value.trim());
    q.set('per_page', String(PER));
    q.set('page', String(pageNo));
    let d;
    try {
      d = await api('GET', '/complaints?' + q, undefined, o);
    } catch (e) { if (ctx.still()) clear(listBox, errorBox(e)); throw e; }
    if (!ctx.still()) return;
    const list = items(d);
    // Redraw only when something changed, so a refresh never moves the page.
    const key = JSON.stringify(list.map((c) => [c.ticket, c.status, c.updated_at])) + open + d.total;
    if (key === seen) return;
    seen = key;
    const total = d.total ?? list.length;
    const pages = Math.max(1, Math.ceil(total / PER));
    count.textContent = fmtNum(total) + ' ' + t('aduan').toLowerCase() + (pages > 1 ? ' · ' + t('page') + ' ' + pageNo + ' / ' + pages : '');
    const go = (n) => { pageNo = n; seen = ''; load(); };
    clear(pager, pages > 1 ? [
      h('button', { type: 'button', disabled: pageNo <= 1, onclick: () => go(pageNo - 1) }, '‹ ' + t('prev')),
      h('button', { type: 'button', disabled: pageNo >= pages, onclick: () => go(pageNo + 1) }, t('next_page') + ' ›')] : null);
    if (!list.length) { clear(listBox, h('p', { class: 'muted' }, t('none'))); return; }
    clear(listBox, h('ul', { class: 'items' }, list.map((c) => h('li', null,
      h('button', { type: 'button', class: 'item' + (open === c.ticket ? ' sel' : ''),
        'data-ticket': c.ticket, onclick: () => show(c.ticket) },
      h('span', { class: 'item-h' }, h('strong', null, c.ticket), ' ', badge(c.status),
        c.category ? h('span', { class: 'tag' }, c.category) : null,
        h('span', { class: 'muted right' }, fmtTime(c.created_at))),
      h('span', { class: 'item-t' }, c.text))))));
  }

  async function show(ticket, said) {
    open = ticket;
    for (const b of listBox.querySelectorAll('.item')) b.classList.toggle('sel', b.dataset.ticket === ticket);
    let c;
    try {
      c = await api('GET', '/complaints/' + enc(ticket));
    } catch (e) { clear(detail, errorBox(e)); return; }
    if (!ctx.still()) return;
    const sel = h('select', { name: 'status' }, STATUSES.map((x) => opt(x, statusLabel(x), x === c.status)));
    const note = h('textarea', { name: 'note', rows: 3, maxlength: 300 });
    const msg = h('div', { class: 'msg' });
    const save = h('button', { type: 'submit', class: 'primary' }, t('save'));
    const hist = c.history || [];
    clear(detail, h('article', { class: 'card', 'aria-label': t('ticket') + ' ' + c.ticket, 'data-ticket': c.ticket },
      h('h2', null, t('ticket') + ' ' + c.ticket + ' ', badge(c.status)),
      h('dl', { class: 'kv' },
        h('dt', null, t('from')), h('dd', null, c.phone || '–'),
        h('dt', null, t('category')), h('dd', null, c.category || '–'),
        h('dt', null, t('received')), h('dd', null, fmtTime(c.created_at)),
        h('dt', null, t('updated')), h('dd', null, fmtTime(c.updated_at))),
      h('p', { class: 'quote', 'data-role': 'complaint-text' }, c.text),
      c.note ? h('p', null, t('note') + ': ', c.note) : null,
      hist.length ? h('div', null, h('h3', null, t('history')), h('ol', { class: 'hist' }, hist.map((x) =>
        h('li', null, badge(x.status), ' ', fmtTime(x.at), ' · ', x.by || '',
          x.note ? h('div', { class: 'muted' }, x.note) : null)))) : null,
      h('form', { class: 'stack', onsubmit: async (e) => {
        e.preventDefault();
        save.disabled = true;
        try {
          const r = await api('POST', '/complaints/' + enc(c.ticket) + '/status', { status: sel.value, note: note.value || undefined });
          await show(c.ticket, r.changed ? t('saved') + ' ' + t('resident_told') : t('saved'));
          seen = '';
          load();
        } catch (err) { notice(msg, err.message, true); save.disabled = false; }
      } }, field(t('new_status'), sel), field(t('note'), note), msg, save)));
    if (said) notice(msg, said);
    // On a phone the card is under the list: bring it up.
    else if (!window.matchMedia('(min-width: 900px)').matches) detail.scrollIntoView({ block: 'start' });
  }

  await load();
  live(() => load(bg), LIVE_MS);
}

// Surat: letter requests and their status.
async function surat(box, ctx) {
  const st = await settings();
  const STS = (st.statuses && st.statuses.letter) || ['diterima', 'diproses', 'siap', 'selesai', 'ditolak'];
  const fStatus = h('select', { name: 'status' }, opt('', t('all')), STS.map((x) => opt(x, statusLabel(x))));
  const out = h('div');
  fStatus.addEventListener('change', () => load());
  box.append(h('div', { class: 'filters' }, field(t('status'), fStatus)), out);
  async function load(o) {
    const d = await api('GET', '/letters?per_page=100' + (fStatus.value ? '&status=' + enc(fStatus.value) : ''), undefined, o);
    if (!ctx.still()) return;
    clear(out, table([t('ticket'), t('letter_type'), t('from'), t('text'), t('received'), t('status'), t('new_status')],
      items(d).map((l) => {
        const sel = h('select', { 'aria-label': t('new_status') + ' ' + l.ticket }, STS.map((x) => opt(x, statusLabel(x), x === l.status)));
        const msg = h('span', { class: 'msg' });
        return [l.ticket, l.type_name || l.type || '', l.phone || '', l.text || '', fmtTime(l.created_at),
          badge(l.status), h('span', { class: 'row wrap' }, sel, btn(t('save'), async () => {
            try {
              await api('POST', '/letters/' + enc(l.ticket) + '/status', { status: sel.value });
              await load();
            } catch (e) { notice(msg, e.message, true); }
          }), msg)];
      })));
  }
  await load();
}

// Antrian: today's queue per counter; call the next number.
async function antrian(box, ctx) {
  const out = h('div', { class: 'counters' });
  const said = {};
  box.append(out);
  async function load(o) {
    const d = await api('GET', '/queue', undefined, o);
    if (!ctx.still()) return;
    const counters = d.counters || [];
    if (!counters.length) { clear(out, h('p', { class: 'muted' }, t('none'))); return; }
    clear(out, counters.map((c) => {
      const msg = h('div', { class: 'msg', role: 'status' }, said[c.code] || '');
      const waiting = (c.entries || []).filter((e) => e.status === 'waiting');
      // Panggil berikutnya (with skip: the one called first rejoins at the end).
      async function call(ev, body) {
        ev.target.disabled = true;
        try {
          const r = await api('POST', '/queue/' + enc(c.code) + '/next', body);
          said[c.code] = r.message || '';
          await load();
        } catch (e) { notice(msg, e.message, true); ev.target.disabled = false; }
      }
      return h('section', { class: 'card counter', 'aria-label': t('counter') + ' ' + (c.name || c.code), 'data-counter': c.code },
        h('h2', null, c.name || c.code, c.open === false ? h('span', { class: 'badge b-closed' }, t('closed')) : null),
        h('p', null, t('now_serving') + ': ', h('strong', { class: 'big', 'data-role': 'current' },
          c.current === null || c.current === undefined ? '–' : String(c.current))),
        h('p', { 'data-role': 'waiting' }, fmtNum(c.waiting ?? waiting.length) + ' ' + t('ahead')),
        waiting.length ? h('ol', { class: 'chips', 'aria-label': t('queue_waiting') }, waiting.map((w) => h('li', null, String(w.number)))) : null,
        msg,
        h('div', { class: 'row wrap' },
          btn(t('next'), (ev) => call(ev, {}), 'primary'),
          c.current === null || c.current === undefined ? null : btn(t('skip_next'), (ev) => call(ev, { skip: true }))));
    }));
  }
  await load();
  live(() => load(bg), LIVE_MS);
}

// A horizontal bar chart drawn as SVG: one bar per option, its count and share.
function barChart(title, names, counts) {
  const total = counts.reduce((a, b) => a + b, 0);
  const max = Math.max(1, ...counts);
  const rowH = 36, w = 320, track = w - 96;
  const svg = s('svg', { viewBox: `0 0 ${w} ${names.length * rowH + 4}`, class: 'chart', role: 'img',
    'aria-label': title + ': ' + names.map((n, i) => `${n} ${counts[i] || 0}`).join(', ') });
  names.forEach((name, i) => {
    const n = counts[i] || 0;
    const y = i * rowH + 2;
    const pct = total ? Math.round(100 * n / total) : 0;
    svg.append(s('g', { class: 'bar', 'data-option': String(i + 1), 'data-votes': String(n) },
      s('title', null, `${i + 1}. ${name}: ${n}`),
      s('text', { x: 0, y: y + 13, class: 'bar-l' }, `${i + 1}. ${name}`),
      s('rect', { x: 0, y: y + 17, width: track, height: 14, rx: 2, class: 'bar-bg' }),
      s('rect', { x: 0, y: y + 17, width: n ? Math.max(2, Math.round(track * n / max)) : 0, height: 14, rx: 2, class: 'bar-r' }),
      s('text', { x: track + 6, y: y + 29, class: 'bar-n' }, `${n} (${pct}%)`)));
  });
  return h('figure', { class: 'fig' }, h('figcaption', null, title + ' · ' + fmtNum(total) + ' ' + t('votes')), svg);
}

// Polling: create, send, close; results per option and per group; CSV.
async function polling(box, ctx) {
  const st = await settings();
  const code = h('input', { name: 'code', required: true, maxlength: 12, autocapitalize: 'characters' });
  const question = h('input', { name: 'question', required: true, maxlength: 140 });
  const options = h('textarea', { name: 'options', rows: 4, required: true });
  const closes = h('input', { name: 'closes_at', type: 'datetime-local' });
  const grp = h('select', { name: 'group' }, opt('', t('everyone')), (st.groups || []).map((g) => opt(g, g)));
  const pub = h('input', { type: 'checkbox', name: 'public_results', checked: true });
  const sendNow = h('input', { type: 'checkbox', name: 'send' });
  const msg = h('div', { class: 'msg' });
  const polls = h('div');
  const details = h('details', { class: 'create' });
  const form = h('form', { class: 'card stack', 'aria-label': t('new_poll'), onsubmit: async (e) => {
    e.preventDefault();
    const body = { code: code.value.trim().toUpperCase(), question: question.value.trim(),
      options: options.value.split('\n').map((x) => x.trim()).filter(Boolean),
      closes_at: closes.value ? new Date(closes.value).toISOString().replace(/\.\d+Z$/, 'Z') : null,
      group: grp.value || null, public_results: pub.checked, send: sendNow.checked };
    try {
      await api('POST', '/polls', body);
      form.reset();
      details.open = false;
      await load();
      notice(msg, '');
    } catch (err) { notice(msg, err.message, true); }
  } },
  field(t('code'), code), field(t('question'), question), field(t('options'), options),
  h('div', { class: 'row wrap' }, field(t('closes_at'), closes), field(t('group'), grp)),
  h('label', { class: 'check' }, pub, t('public_results')),
  h('label', { class: 'check' }, sendNow, t('send_now')),
  msg, h('button', { type: 'submit', class: 'primary' }, t('create')));
  details.append(h('summary', null, t('new_poll')), form);
  box.append(details, polls);

  const cards = new Map();
  async function load(o) {
    const d = await api('GET', '/polls', undefined, o);
    if (!ctx.still()) return;
    const list = items(d);
    // A closed poll's results no longer change: asked for once.
    const fresh = await Promise.all(list.map((p) => {
      const had = cards.get(p.code);
      if (had && had.poll.status === 'closed' && p.status === 'closed') return had.poll;
      return api('GET', '/polls/' + enc(p.code), undefined, o).catch(() => p);
    }));
    if (!ctx.still()) return;
    if (!fresh.length) { clear(polls, h('p', { class: 'muted' }, t('none'))); return; }
    // Each card redrawn only when its poll changed.
    const els = fresh.map((p) => {
      const key = JSON.stringify(p);
      const had = cards.get(p.code);
      if (had && had.key === key) return had.el;
      const el = pollCard(p, had && had.el);
      cards.set(p.code, { key, el, poll: p });
      return el;
    });
    clear(polls, els);
  }
  function pollCard(p, old) {
    const res = p.results || [];
    const names = res.length ? res.map((r) => r.name) : p.options || [];
    const counts = res.length ? res.map((r) => Number(r.votes) || 0) : names.map(() => 0);
    const groups = p.groups || [];
    const msg = h('div', { class: 'msg' });
    const wasOpen = old && old.querySelector('details') && old.querySelector('details').open;
    const act = (label, path, cls) => btn(label, async (ev) => {
      ev.target.disabled = true;
      try {
        const r = await api('POST', '/polls/' + enc(p.code) + path, {});
        await load();
        const card = cards.get(p.code);
        if (card && r.queued !== undefined) notice(card.el.querySelector('.msg'), t('sent_to') + ' ' + fmtNum(r.queued));
      } catch (e) { notice(msg, e.message, true); ev.target.disabled = false; }
    }, cls);
    return h('article', { class: 'card poll', 'data-code': p.code, 'aria-label': t('polling') + ' ' + p.code },
      h('h2', null, p.code + ' ', h('span', { class: 'badge b-' + p.status }, t(p.status === 'closed' ? 'closed' : 'open'))),
      h('p', { class: 'quote' }, p.question),
      h('p', { class: 'muted' }, (p.group ? t('group') + ' ' + p.group : t('everyone')) +
        (p.closes_at ? ' · ' + t('closes_at') + ' ' + fmtTime(p.closes_at) : '')),
      barChart(t('results') + ' ' + p.code, names, counts),
      groups.length ? h('details', { open: wasOpen }, h('summary', null, t('per_group')),
        groups.map((g) => barChart(g.group === '(none)' ? t('no_group') : g.group,
          names, (g.results || []).map((r) => Number(r.votes) || 0)))) : null,
      msg,
      h('div', { class: 'row wrap' },
        p.status !== 'closed' ? act(t('send'), '/send', 'primary') : null,
        p.status !== 'closed' ? act(t('close'), '/close') : null,
        download('/polls/' + enc(p.code) + '/results.csv')));
  }
  await load();
  live(() => load(bg), LIVE_MS);
}

// Survei: create (one question a line), send, results, CSV.
async function survei(box, ctx) {
  const st = await settings();
  const code = h('input', { name: 'code', required: true, maxlength: 12 });
  const title = h('input', { name: 'title', required: true, maxlength: 140 });
  const qs = h('textarea', { name: 'questions', rows: 5, required: true });
  const msg = h('div', { class: 'msg' });
  const out = h('div');
  const details = h('details', { class: 'create' });
  const form = h('form', { class: 'card stack', 'aria-label': t('new_survey'), onsubmit: async (e) => {
    e.preventDefault();
    const questions = qs.value.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
      const [text, type = 'text', rest = ''] = l.split('|').map((x) => x.trim());
      const q = { text, type: type.toLowerCase() || 'text' };
      if (q.type === 'choice') q.options = rest.split(',').map((x) => x.trim()).filter(Boolean);
      if (q.type === 'number') {
        const m = rest.match(/(-?\d+)\s*-\s*(-?\d+)/);
        if (m) { q.min = Number(m[1]); q.max = Number(m[2]); }
      }
      return q;
    });
    try {
      await api('POST', '/surveys', { code: code.value.trim().toUpperCase(), title: title.value.trim(), questions });
      form.reset();
      details.open = false;
      notice(msg, '');
      await load();
    } catch (err) { notice(msg, err.message, true); }
  } }, field(t('code'), code), field(t('title'), title),
  field(t('questions'), qs, h('small', { class: 'muted' }, t('questions_help'))), msg,
  h('button', { type: 'submit', class: 'primary' }, t('create')));
  details.append(h('summary', null, t('new_survey')), form);
  box.append(details, out);
  async function load() {
    const d = await api('GET', '/surveys');
    if (!ctx.still()) return;
    const list = items(d);
    clear(out, list.length ? list.map((sv) => {
      const m = h('div', { class: 'msg' });
      const g = h('select', { 'aria-label': t('group') }, opt('', t('everyone')), (st.groups || []).map((x) => opt(x, x)));
      const res = h('div');
      return h('article', { class: 'card', 'data-code': sv.code, 'aria-label': t('survei') + ' ' + sv.code },
        h('h2', null, sv.code), h('p', { class: 'quote' }, sv.title),
        h('p', { class: 'muted' }, fmtNum((sv.questions || []).length) + ' ' + t('questions').toLowerCase() + ' · ' +
          fmtNum(sv.responses ?? 0) + ' ' + t('responses').toLowerCase()),
        h('div', { class: 'row wrap' }, g,
          btn(t('send'), async () => {
            try {
              const r = await api('POST', '/surveys/' + enc(sv.code) + '/send', g.value ? { group: g.value } : {});
              notice(m, t('sent_to') + ' ' + fmtNum(r.queued));
            } catch (e) { notice(m, e.message, true); }
          }, 'primary'),
          btn(t('results'), async () => {
            try { clear(res, surveyResults(await api('GET', '/surveys/' + enc(sv.code)))); }
            catch (e) { clear(res, errorBox(e)); }
          }),
          download('/surveys/' + enc(sv.code) + '/results.csv')), m, res);
    }) : h('p', { class: 'muted' }, t('none')));
  }
  await load();
}

function surveyResults(r) {
  const res = r.results || [];
  return h('div', null, h('p', null, fmtNum(r.responses) + ' ' + t('responses').toLowerCase()), res.map((q, i) => {
    const head = (i + 1) + '. ' + q.question;
    if (q.type === 'choice') return barChart(head, (q.counts || []).map((c) => c.name), (q.counts || []).map((c) => Number(c.count) || 0));
    if (q.type === 'number') {
      return h('div', null, h('h3', null, head), h('p', null,
        t('count') + ' ' + fmtNum(q.count) + ' · min ' + (q.min ?? '–') + ' · max ' + (q.max ?? '–') + ' · ' +
        t('average') + ' ' + (q.average ?? '–')));
    }
    return h('div', null, h('h3', null, head),
      (q.latest || []).length ? h('ul', { class: 'answers' }, q.latest.map((a) => h('li', null, String(a)))) : h('p', { class: 'muted' }, t('none')));
  }));
}

// Siaran: compose, see the estimate, confirm, then watch the progress.
async function siaran(box, ctx) {
  const st = await settings();
  const grp = h('select', { name: 'group' }, opt('', t('everyone')), (st.groups || []).map((g) => opt(g, g)));
  const text = h('textarea', { name: 'text', rows: 4, required: true, maxlength: 918 });
  const est = h('div', { class: 'estimate', 'aria-live': 'polite' });
  const msg = h('div', { class: 'msg' });
  const confirmBox = h('div');
  const progress = h('div');
  const history = h('div');
  const send = h('button', { type: 'submit', class: 'primary' }, t('send'));
  let timer = 0;
  let asked = 0;
  async function estimate() {
    const n = ++asked;
    if (!text.value.trim()) { clear(est); return null; }
    try {
      const e = await api('POST', '/broadcasts/estimate', { text: text.value, group: grp.value || null });
      if (n !== asked) return null;
      clear(est, h('dl', { class: 'kv inline', 'aria-label': t('estimate') },
        h('dt', null, t('recipients')), h('dd', { 'data-role': 'recipients' }, fmtNum(e.recipients)),
        h('dt', null, t('sms')), h('dd', { 'data-role': 'sms' }, fmtNum(e.sms)),
        h('dt', null, t('cost')), h('dd', { 'data-role': 'cost' }, e.cost_text || fmtRp(e.cost))),
      e.quiet_now ? h('p', { class: 'muted' }, t('quiet_now')) : null);
      return e;
    } catch (e) { clear(est, errorBox(e)); return null; }
  }
  const later = () => { clearTimeout(timer); timer = setTimeout(estimate, 400); };
  text.addEventListener('input', later);
  grp.addEventListener('change', later);
  const form = h('form', { class: 'card stack', 'aria-label': t('siaran'), onsubmit: async (ev) => {
    ev.preventDefault();
    notice(msg, '');
    clearTimeout(timer);
    const e = await estimate();
    if (!e) return;
    send.disabled = true;
    const body = { text: text.value, group: grp.value || null, confirm: true };
    const no = btn(t('cancel'), () => { clear(confirmBox); send.disabled = false; });
    const yes = btn(t('confirm_yes'), async () => {
      yes.disabled = true;
      no.disabled = true;
      try {
        const b = await api('POST', '/broadcasts', body);
        clear(confirmBox);
        form.reset();
        clear(est);
        send.disabled = false;
        await watch(b.id);
        loadHistory();
      } catch (err) { notice(msg, err.message, true); clear(confirmBox); send.disabled = false; }
    }, 'primary danger');
    clear(confirmBox, h('div', { class: 'card confirm', role: 'alertdialog', 'aria-label': t('confirm_q') },
      h('p', null, h('strong', null, t('confirm_q'))),
      h('p', { class: 'quote' }, body.text),
      h('p', null, (body.group || t('everyone')) + ': ' + fmtNum(e.recipients) + ' ' + t('recipients').toLowerCase() +
        ', ' + fmtNum(e.sms) + ' SMS, ' + (e.cost_text || fmtRp(e.cost))),
      h('div', { class: 'row' }, yes, no)));
    yes.focus();
  } }, field(t('group'), grp), field(t('message'), text), est, msg, send);
  box.append(form, confirmBox, progress, h('h2', null, t('past_broadcasts')), history);

  function bar(b, pr) {
    const total = Math.max(1, b.recipients || 0);
    const gone = (pr.sent || 0) + (pr.failed || 0) + (pr.cancelled || 0);
    const segs = [['sent', pr.sent], ['failed', pr.failed], ['cancelled', pr.cancelled], ['held', pr.held]]
      .map(([k, n]) => {
        const el = h('span', { class: 'seg seg-' + k, title: t(k) + ': ' + (n || 0) });
        // A width through the CSSOM, which the CSP allows (no style attribute).
        el.style.width = (100 * (n || 0) / total) + '%';
        return el;
      });
    return h('div', { class: 'progress', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': total,
      'aria-valuenow': gone, 'aria-valuetext': gone + ' / ' + total, 'aria-label': t('progress') }, segs);
  }
  let watching = 0;
  let iv = 0;
  async function watch(id) {
    watching = id;
    clearInterval(iv);
    const tick = async (o) => {
      const b = await api('GET', '/broadcasts/' + id, undefined, o);
      if (!ctx.still() || watching !== id) return;
      const pr = b.progress || {};
      clear(progress, h('section', { class: 'card', 'aria-label': t('progress'), 'data-broadcast': String(id),
        'data-done': pr.done ? 'true' : 'false' },
      h('h2', null, t('progress') + ' ', h('span', { class: 'badge ' + (pr.done ? 'b-done' : 'b-queued'), 'data-role': 'broadcast-status' },
        pr.done ? t('done') : !pr.waiting && pr.held ? t('held_all') : t('sending'))),
      h('p', { class: 'quote' }, b.text || ''),
      h('p', { class: 'muted' }, (b.group || t('everyone')) + ' · ' + fmtNum(b.recipients) + ' ' + t('recipients').toLowerCase()),
      bar(b, pr),
      h('ul', { class: 'legend' }, ['sent', 'waiting', 'held', 'failed', 'cancelled'].map((k) =>
        h('li', { class: 'lg-' + k, 'data-role': k }, t(k) + ': ', h('strong', null, fmtNum(pr[k])))))));
      if (pr.done) { clearInterval(iv); loadHistory(); }
    };
    iv = live(() => tick(bg), 2000);
    await tick();
  }
  async function loadHistory() {
    const d = await api('GET', '/broadcasts');
    if (!ctx.still()) return;
    clear(history, table([t('time'), t('group'), t('message'), t('recipients'), t('progress')],
      items(d).map((b) => {
        const pr = b.progress || {};
        return [fmtTime(b.created_at), b.group || t('everyone'), b.text, fmtNum(b.recipients),
          h('button', { type: 'button', class: 'link', onclick: () => watch(b.id) },
            pr.done ? t('done') : fmtNum((pr.sent || 0) + (pr.failed || 0)) + ' / ' + fmtNum(b.recipients))];
      })));
  }
  await loadHistory();
}

// Warga: residents, search, import and export as CSV.
async function warga(box, ctx) {
  const q = h('input', { type: 'search', name: 'q' });
  const out = h('div');
  const msg = h('div', { class: 'msg' });
  const file = h('input', { type: 'file', accept: '.csv,text/csv', name: 'csv' });
  file.addEventListener('change', async () => {
    const f = file.files[0];
    if (!f) return;
    try {
      const r = await api('POST', '/residents/import', await f.text(), { type: 'text/csv; charset=utf-8' });
      notice(msg, t('imported') + ': ' + fmtNum(r.imported));
      load();
    } catch (e) { notice(msg, e.message, true); }
    file.value = '';
  });
  box.append(h('form', { class: 'filters', role: 'search', onsubmit: (e) => { e.preventDefault(); load(); } },
    field(t('search'), q), h('button', { type: 'submit' }, t('search'))),
  h('div', { class: 'row wrap' }, field(t('import_csv'), file, h('small', { class: 'muted' }, t('import_help'))),
    download('/residents.csv', t('export_csv'))), msg, out);
  async function load() {
    const d = await api('GET', '/residents?per_page=200' + (q.value.trim() ? '&q=' + enc(q.value.trim()) : ''));
    if (!ctx.still()) return;
    clear(out, h('p', { class: 'muted' }, fmtNum(d.total ?? items(d).length) + ' ' + t('warga').toLowerCase()),
      table([t('name'), t('phone'), t('group'), t('registered')],
        items(d).map((r) => [r.name, r.phone, r.group || '–',
          r.opted_out_at ? h('span', { class: 'badge b-ditolak' }, t('opted_out')) : fmtDay(r.registered_at)])));
  }
  await load();
}

// Modem: signal, operator, up or down, SIM credit, sent today.
async function modem(box, ctx) {
  const out = h('div');
  box.append(out);
  async function load(o) {
    const d = await api('GET', '/modems', undefined, o);
    if (!ctx.still()) return;
    clear(out, table(['Modem', t('status'), t('signal'), t('operator'), t('sim_credit'), t('sent_today'), t('last_error')],
      items(d).map((m) => [m.name, h('span', { class: 'badge b-' + (m.state === 'up' ? 'up' : 'down') },
        m.state === 'up' ? t('up') : m.state === 'down' ? t('down') : m.state),
      m.signal === null || m.signal === undefined ? '–' : m.signal + ' %', m.operator || '–',
      m.balance === null || m.balance === undefined ? '–' : fmtRp(m.balance), fmtNum(m.sent_today), m.last_error || ''])));
  }
  await load();
  live(() => load(bg), LIVE_MS * 2);
}

// Sinkronisasi: backlog, last success, next attempt, records set aside.
async function sinkronisasi(box, ctx) {
  const out = h('div');
  const msg = h('div', { class: 'msg' });
  box.append(out, msg);
  async function load(o) {
    const d = await api('GET', '/sync', undefined, o);
    if (!ctx.still()) return;
    const rej = d.rejected || [];
    clear(out, d.configured === false ? h('p', { class: 'muted' }, t('sync_off')) : null,
      h('div', { class: 'stats' },
        stat(t('backlog'), fmtNum(d.backlog), d.oldest ? fmtTime(d.oldest) : null),
        stat(t('last_success'), d.last_success ? fmtTime(d.last_success) : t('never')),
        stat(t('next_attempt'), d.next_attempt ? fmtTime(d.next_attempt) : '–')),
      d.last_error ? h('p', { class: 'err' }, t('last_error') + ': ' + d.last_error) : null,
      h('h2', null, t('set_aside') + ' (' + fmtNum(d.set_aside ?? rej.length) + ')'),
      table(['#', t('kind'), t('received'), 'HTTP', t('last_error')],
        rej.map((r) => [String(r.seq), r.type || '', fmtTime(r.at), String(r.status ?? ''), r.reason || ''])),
      rej.length ? btn(t('retry'), async () => {
        try {
          const r = await api('POST', '/sync/retry', {});
          notice(msg, t('requeued') + ': ' + fmtNum(r.requeued));
          await load();
        } catch (e) { notice(msg, e.message, true); }
      }, 'primary') : null);
  }
  await load();
  live(() => load(bg), LIVE_MS * 2);
}

// Kepuasan: the satisfaction report by month.
async function kepuasan(box, ctx) {
  const now = new Date();
  const month = h('input', { type: 'month', name: 'month',
    value: now.getFullYear() + '-' + String(now.getMonth() + 1).padStart(2, '0') });
  const out = h('div');
  const csv = h('span');
  box.append(h('form', { class: 'filters', onsubmit: (e) => { e.preventDefault(); load(); } },
    field(t('month'), month), h('button', { type: 'submit' }, t('show')), csv), out);
  async function load() {
    const m = /^\d{4}-\d{2}$/.test(month.value) ? month.value : '';
    const d = await api('GET', '/satisfaction' + (m ? '?month=' + m : ''));
    if (!ctx.still()) return;
    clear(csv, download('/satisfaction.csv' + (m ? '?month=' + m : '')));
    clear(out, table([t('kind'), t('category'), t('count'), t('average'), '1', '2', '3', '4', '5'],
      items(d).map((r) => [t('svc_' + r.service) === 'svc_' + r.service ? r.service : t('svc_' + r.service),
        r.category || '–', fmtNum(r.count), r.average === null || r.average === undefined ? '–' : String(r.average),
        ...[0, 1, 2, 3, 4].map((i) => fmtNum((r.marks || [])[i]))])));
  }
  month.addEventListener('change', load);
  await load();
}

export const pages = { beranda, aduan, surat, antrian, polling, survei, siaran, warga, modem, sinkronisasi, kepuasan };
