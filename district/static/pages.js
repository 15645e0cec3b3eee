// The three pages: Desa (villages), Aduan (complaints across villages),
// Kampanye (campaigns and their results). Each fills its section.
import { t } from './i18n.js';
import { el, fill, api, problem, num, when, age, labelled, grid, bars } from './ui.js';

const q = encodeURIComponent;
const choice = (value, label, selected) => el('option', { value, selected }, label);

async function villageList() {
  try { return (await api('GET', '/villages')).items || []; } catch (e) { return []; }
}
function villageName(v) { return v.name || v.id; }

// Desa: every village, its last contact and records, quiet ones marked.
async function desa(box) {
  const hours = el('select', { name: 'quiet_hours' },
    [6, 24, 72, 168].map((h) => choice(String(h), t('hours', { n: h }), h === 24)));
  const only = el('input', { type: 'checkbox', name: 'quiet_only' });
  const count = el('p', { class: 'muted', 'aria-live': 'polite' });
  const out = el('div');
  box.append(el('div', { class: 'filters' }, labelled(t('quiet_for'), hours),
    el('label', { class: 'check' }, only, t('quiet_only'))), count, out);
  async function load() {
    const d = await api('GET', '/villages?quiet_hours=' + q(hours.value));
    const all = d.items || [];
    const list = only.checked ? all.filter((v) => v.quiet) : all;
    count.textContent = t('villages_n', { n: num(all.length), q: num(all.filter((v) => v.quiet).length) });
    fill(out, grid([t('village'), t('region'), t('state'), t('last_contact'), t('records'), t('newest'), t('release')],
      list.map((v) => ({ attrs: { 'data-village': v.id, class: v.quiet ? 'is-quiet' : null },
        cells: [el('span', null, el('strong', null, villageName(v)), v.name ? el('small', { class: 'muted' }, ' ' + v.id) : null),
          v.region || '–',
          el('span', { class: 'badge ' + (v.revoked ? 'b-off' : v.quiet ? 'b-quiet' : 'b-ok') },
            t(v.revoked ? 'revoked' : v.quiet ? 'quiet' : 'active')),
          when(v.last_contact), num(v.records), v.newest_at ? age(v.newest_age) : '–', v.release || '–'] }))));
  }
  hours.addEventListener('change', load);
  only.addEventListener('change', load);
  await load();
}

const BUCKETS = ['d_lt1', 'd_1_7', 'd_7_30', 'd_gt30'];
const STATUSES = ['open', 'closed', 'baru', 'diproses', 'selesai', 'ditolak'];

// Aduan: open complaints by age and category, then the list, filtered.
async function aduan(box) {
  const villages = await villageList();
  const fVillage = el('select', { name: 'village' }, choice('', t('all')),
    villages.map((v) => choice(v.id, villageName(v))));
  const fCat = el('select', { name: 'category' }, choice('', t('all')));
  const fStatus = el('select', { name: 'status' }, choice('', t('all')),
    STATUSES.map((s) => choice(s, t('st_' + s), s === 'open')));
  const summary = el('div', { class: 'card' });
  const count = el('p', { class: 'muted', 'aria-live': 'polite' });
  const out = el('div');
  const pager = el('div', { class: 'row' });
  const PER = 50;
  let pageNo = 1;
  box.append(summary, el('form', { class: 'filters', role: 'search', onsubmit: (e) => { e.preventDefault(); pageNo = 1; list(); } },
    labelled(t('village'), fVillage), labelled(t('category'), fCat), labelled(t('status'), fStatus),
    el('button', { type: 'submit' }, t('filter'))), count, out, pager);
  for (const f of [fVillage, fCat, fStatus]) f.addEventListener('change', () => { pageNo = 1; list(); if (f === fVillage) sum(); });

  async function sum() {
    const d = await api('GET', '/complaints/summary' + (fVillage.value ? '?village=' + q(fVillage.value) : ''));
    const cats = d.categories || [];
    const had = fCat.value;
    for (const c of cats) {
      const v = c.category === null ? '-' : c.category;
      if (![...fCat.options].some((o) => o.value === v)) fCat.append(choice(v, c.category === null ? t('no_category') : c.category));
    }
    fCat.value = had;
    fill(summary, el('h2', null, t('open_by_age')),
      grid([t('category'), t('open_n'), ...BUCKETS.map((b) => t(b))],
        cats.map((c) => ({ attrs: { 'data-category': c.category === null ? '-' : c.category },
          cells: [c.category === null ? t('no_category') : c.category, num(c.open), ...(c.ages || []).map(num)] }))));
  }
  async function list() {
    const p = new URLSearchParams({ page: String(pageNo), per_page: String(PER) });
    if (fVillage.value) p.set('village', fVillage.value);
    if (fCat.value) p.set('category', fCat.value);
    if (fStatus.value) p.set('status', fStatus.value);
    let d;
    try { d = await api('GET', '/complaints?' + p); } catch (e) { fill(out, problem(e)); return; }
    const pages = Math.max(1, Math.ceil(d.total / PER));
    count.textContent = t('complaints_n', { n: num(d.total) }) + (pages > 1 ? ' · ' + t('page', { p: pageNo, n: pages }) : '');
    const go = (n) => { pageNo = n; list(); };
    fill(pager, pages > 1 ? [
      el('button', { type: 'button', disabled: pageNo <= 1, onclick: () => go(pageNo - 1) }, '‹ ' + t('prev')),
      el('button', { type: 'button', disabled: pageNo >= pages, onclick: () => go(pageNo + 1) }, t('next') + ' ›')] : null);
    fill(out, d.items.length ? el('ul', { class: 'items' }, d.items.map((c) =>
      el('li', { class: 'item', 'data-ticket': c.ticket, 'data-village': c.village },
        el('div', { class: 'item-h' }, el('strong', null, t('ticket') + ' ' + c.ticket),
          el('span', { class: 'badge b-' + c.status }, t('st_' + c.status)),
          el('span', { class: 'tag' }, c.category || t('no_category')),
          el('span', { class: 'muted right' }, t('age') + ' ' + age(c.age))),
        el('div', { class: 'muted' }, (c.village_name || c.village) + (c.region ? ' · ' + c.region : '') + ' · ' + when(c.at)),
        el('p', { class: 'quote' }, c.text === null || c.text === undefined ? t('erased') : c.text)))) :
      el('p', { class: 'muted' }, t('none')));
  }
  await Promise.all([sum(), list()]);
}

// Kampanye: each campaign, and its results when opened: the whole
// district and every village as bar charts, and the CSV.
async function kampanye(box) {
  const d = await api('GET', '/campaigns');
  const list = d.items || [];
  if (!list.length) { box.append(el('p', { class: 'muted' }, t('none'))); return; }
  for (const c of list) {
    const res = el('div');
    const show = el('button', { type: 'button', class: 'primary', 'aria-expanded': 'false', onclick: async () => {
      if (show.getAttribute('aria-expanded') === 'true') { fill(res); show.setAttribute('aria-expanded', 'false'); return; }
      try { fill(res, results(await api('GET', '/campaigns/' + q(c.code)))); show.setAttribute('aria-expanded', 'true'); }
      catch (e) { fill(res, problem(e)); }
    } }, t('results'));
    box.append(el('article', { class: 'card', 'data-code': c.code, 'aria-label': t(c.kind) + ' ' + c.code },
      el('h2', null, c.code + ' ', el('span', { class: 'badge ' + (c.open ? 'b-ok' : 'b-off') }, t(c.open ? 'open' : 'closed')),
        ' ', el('span', { class: 'tag' }, t(c.kind))),
      el('p', { class: 'quote' }, c.title || ''),
      el('p', { class: 'muted' }, t('reported', { r: num(c.reported), a: num(c.asked) }) +
        (c.closes_at ? ' · ' + t('closes_at') + ' ' + when(c.closes_at) : '')),
      el('div', { class: 'row' }, show,
        el('a', { class: 'button', href: '/api/v1/campaigns/' + q(c.code) + '/results.csv', download: '' }, t('csv'))),
      res));
  }
}

function results(r) {
  const vs = r.villages || [];
  if (r.kind === 'survey') {
    return el('div', { class: 'results' }, (r.questions || []).map((qu, i) => {
      const head = (i + 1) + '. ' + qu.text;
      if (qu.options) return bars(head, qu.options, qu.overall || [], t('responses'));
      if (qu.type === 'number') {
        return el('p', null, el('strong', null, head), ' · ' + num(qu.count) + ' ' + t('responses') +
          (qu.count ? ` · ${t('mean')} ${qu.mean} · ${t('min')} ${qu.min} · ${t('max')} ${qu.max}` : ''));
      }
      return el('p', null, el('strong', null, head), ' · ' + num(qu.count) + ' ' + t('answers'));
    }), bars(t('per_village'), vs.map(villageName2), vs.map((v) => v.responses || 0), t('responses')));
  }
  const opts = (r.options || []).map((o, i) => (i + 1) + '. ' + o);
  return el('div', { class: 'results' }, bars(t('overall'), opts, r.overall || [], t('votes')),
    el('details', { class: 'villages' }, el('summary', null, t('per_village') + ' (' + num(vs.length) + ')'),
      vs.map((v) => bars(villageName2(v) + (v.region ? ' · ' + v.region : ''), opts, v.votes || [], t('votes')))));
}
function villageName2(v) { return v.name || v.gateway; }

export const pages = { desa, aduan, kampanye };
