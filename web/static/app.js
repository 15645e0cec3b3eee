// The village console: login, navigation and the page on screen.
import { t, setLang } from './i18n.js';
import { h, clear, api, session, setUnauthorized, stopLive, ApiError, notice, field } from './ui.js';
import { pages, forgetSettings } from './pages.js';

const $ = (id) => document.getElementById(id);
const view = $('view');
const nav = $('nav');

// Pages in the order of the navigation; office admins see complaints only.
const ORDER = ['beranda', 'aduan', 'surat', 'antrian', 'polling', 'survei',
  'siaran', 'warga', 'modem', 'sinkronisasi', 'kepuasan'];
function allowed() {
  return session.role === 'office' ? ['beranda', 'aduan'] : ORDER;
}

function adopt(me) {
  session.csrf = me.csrf || session.csrf;
  session.role = me.role || '';
  session.phone = me.phone || '';
  session.name = me.name || '';
  session.category = me.category || '';
  if (me.language) setLang(me.language);
}

function renderShell() {
  $('logout').textContent = t('logout');
  if (!session.role) {
    nav.hidden = true;
    $('logout').hidden = true;
    $('who').textContent = '';
    return;
  }
  $('who').textContent = session.name || session.phone;
  $('logout').hidden = false;
  nav.hidden = false;
  clear(nav, h('ul', null, allowed().map((p) =>
    h('li', null, h('a', { href: '#/' + p, 'data-page': p }, t(p))))));
}

function current() {
  const p = (location.hash.replace(/^#\/?/, '').split('/')[0] || '');
  const ok = allowed();
  return ok.includes(p) ? p : ok[0];
}

let shown = 0;
async function route() {
  if (!session.role) return;
  stopLive();
  const p = current();
  for (const a of nav.querySelectorAll('a')) {
    if (a.dataset.page === p) {
      a.setAttribute('aria-current', 'page');
      // On a phone the menu scrolls sideways: keep the page's own in sight.
      if (nav.scrollWidth > nav.clientWidth) nav.scrollLeft = Math.max(0, a.offsetLeft - 24);
    }
    else a.removeAttribute('aria-current');
  }
  const n = ++shown;
  const box = h('section', { class: 'page', 'data-page': p, 'aria-labelledby': 'title-' + p });
  clear(view, h('h1', { id: 'title-' + p }, t(p)), box);
  document.title = t(p) + ' · kabar';
  try {
    await pages[p](box, { still: () => n === shown });
  } catch (e) {
    if (n === shown && !(e instanceof ApiError && e.status === 401)) {
      box.append(h('p', { class: 'err', role: 'alert' }, t('error') + ': ' + e.message));
    }
  }
}

function showLogin(message) {
  stopLive();
  forgetSettings();
  session.role = '';
  session.csrf = '';
  renderShell();
  document.title = t('login') + ' · kabar';
  const msg = h('div', { class: 'msg', 'aria-live': 'polite' });
  const phone = h('input', { name: 'phone', type: 'tel', autocomplete: 'username', required: true, inputmode: 'tel' });
  const pass = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const btn = h('button', { type: 'submit', class: 'primary' }, t('login'));
  const form = h('form', { class: 'login card', onsubmit: async (ev) => {
    ev.preventDefault();
    btn.disabled = true;
    notice(msg, '');
    try {
      const me = await api('POST', '/login', { phone: phone.value, password: pass.value }, { noAuthRedirect: true });
      adopt(me);
      if (!session.csrf) adopt(await api('GET', '/me'));
      pass.value = '';
      renderShell();
      const want = '#/' + current();
      if (location.hash !== want) location.hash = want;	// hashchange routes
      else route();
    } catch (e) {
      const locked = e instanceof ApiError && e.status === 429;
      const mins = locked ? Math.ceil((Number(e.body.retry_after) || 0) / 60) : 0;
      notice(msg, locked ? (mins > 1 ? t('locked_for').replace('{n}', mins) : t('locked'))
        : e.status === 401 || e.status === 403 ? t('login_failed') : e.message, true);
      btn.disabled = false;
    }
  } },
  h('h1', null, t('login_title')),
  field(t('phone'), phone),
  field(t('password'), pass),
  msg, btn);
  clear(view, form);
  if (message) notice(msg, message, true);
  phone.focus();
}

setUnauthorized(() => {
  if (session.role) showLogin(t('session_over'));
});

$('logout').addEventListener('click', async () => {
  try { await api('POST', '/logout', {}, { noAuthRedirect: true }); } catch (e) { /* gone already */ }
  location.hash = '';
  showLogin('');
});

window.addEventListener('hashchange', route);

async function boot() {
  try {
    adopt(await api('GET', '/me', undefined, { noAuthRedirect: true }));
  } catch (e) {
    // Before login the language is not known: Indonesian, unless the
    // refusal names it.
    if (e.body && e.body.language) setLang(e.body.language);
    session.role = '';
  }
  if (!session.role) {
    showLogin('');
    return;
  }
  renderShell();
  route();
}
boot();
