// The district console: log in, the menu, the page on screen.
import { t, setLang } from './i18n.js';
import { el, fill, api, me, onSessionOver, problem, labelled, Refused } from './ui.js';
import { pages } from './pages.js';

const $ = (id) => document.getElementById(id);
const view = $('view');
const nav = $('nav');
const ORDER = ['desa', 'aduan', 'kampanye'];
let loggedIn = false;

function take(who) {
  Object.assign(me, { csrf: who.csrf || me.csrf, name: who.name || '', phone: who.phone || '' });
  if (who.language) setLang(who.language);
  loggedIn = true;
}

function shell() {
  $('logout').textContent = t('logout');
  $('logout').hidden = !loggedIn;
  nav.hidden = !loggedIn;
  $('who').textContent = loggedIn ? me.name || me.phone : '';
  if (loggedIn) fill(nav, el('ul', null, ORDER.map((p) => el('li', null, el('a', { href: '#/' + p, 'data-page': p }, t(p))))));
}

function wanted() {
  const p = location.hash.replace(/^#\/?/, '');
  return ORDER.includes(p) ? p : ORDER[0];
}

let showing = 0;
async function route() {
  if (!loggedIn) return;
  const p = wanted();
  for (const a of nav.querySelectorAll('a')) {
    if (a.dataset.page === p) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const n = ++showing;
  const box = el('section', { class: 'page', 'data-page': p });
  fill(view, el('h1', null, t(p)), box);
  document.title = t(p) + ' · kabar kabupaten';
  try {
    await pages[p](box);
  } catch (e) {
    if (n === showing && !(e instanceof Refused && e.status === 401)) box.append(problem(e));
  }
}

function loginForm(message) {
  loggedIn = false;
  me.csrf = '';
  shell();
  document.title = t('login') + ' · kabar kabupaten';
  const phone = el('input', { name: 'phone', type: 'tel', autocomplete: 'username', inputmode: 'tel', required: true });
  const pass = el('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const say = el('div', { class: 'msg', 'aria-live': 'polite' });
  const go = el('button', { type: 'submit', class: 'primary' }, t('login'));
  const tell = (text) => fill(say, text ? el('span', { class: 'err', role: 'alert' }, text) : null);
  fill(view, el('form', { class: 'login card', onsubmit: async (e) => {
    e.preventDefault();
    go.disabled = true;
    tell('');
    try {
      take(await api('POST', '/login', { phone: phone.value, password: pass.value }, true));
      pass.value = '';
      shell();
      if (location.hash !== '#/' + wanted()) location.hash = '#/' + wanted();
      else route();
    } catch (err) {
      go.disabled = false;
      if (err.status === 429) tell(t('locked', { n: Math.max(1, Math.ceil((Number(err.body.retry_after) || 60) / 60)) }));
      else tell(err.status === 401 ? t('login_failed') : err.message);
    }
  } }, el('h1', null, t('login_title')), labelled(t('phone'), phone), labelled(t('password'), pass), say, go));
  tell(message);
  phone.focus();
}

onSessionOver(() => { if (loggedIn) loginForm(t('session_over')); });
$('logout').addEventListener('click', async () => {
  try { await api('POST', '/logout', {}, true); } catch (e) { /* over already */ }
  location.hash = '';
  loginForm('');
});
window.addEventListener('hashchange', route);

(async () => {
  try {
    take(await api('GET', '/me', undefined, true));
  } catch (e) {
    if (e.body && e.body.language) setLang(e.body.language);
    loginForm('');
    return;
  }
  shell();
  route();
})();
