// Log-in and the home page.
import { errorBanner, main, me, nav, setMe, setPageLang } from './ui.js';
import { esc } from './util.js';
import { input } from './forms.js';
import { post, setToken, takePlace } from './api.js';
import { route } from './app.js';
import { t, toggleLang } from './i18n.js';

export async function loginView() {
  setPageLang();
  document.getElementById('top').classList.add('hidden');
  main.innerHTML = `<div class="login card"><h1>tdr · ${esc(t('appName'))}</h1>
    <form id="login-form"><div id="login-error"></div>
      <label>${esc(t('loginName'))}<br><input name="login" autocomplete="username" required></label>
      <label>${esc(t('password'))}<br><input name="password" type="password" autocomplete="current-password" required></label>
      <button type="submit">${esc(t('login'))}</button>
      <button type="button" class="link" id="login-lang">${esc(t('lang'))}</button></form></div>`;
  document.getElementById('login-lang').onclick = () => { toggleLang(); loginView(); };
  document.getElementById('login-form').onsubmit = async (ev) => {
    ev.preventDefault();
    const f = new FormData(ev.target);
    try {
      const r = await post('session', { login: f.get('login'), password: f.get('password') });
      setToken(r.token);
      setMe(null);
      location.hash = takePlace();
      await route();
    } catch (e) {
      document.getElementById('login-error').innerHTML = errorBanner(e);
    }
  };
}

export function homeView() {
  nav('home');
  const cards = [];
  const add = (href, title, text) => cards.push(`<a class="card" href="${href}"><b>${esc(title)}</b><p class="muted">${esc(text)}</p></a>`);
  if (me.reports.includes('rotation.quota')) add('#/rotation', t('rotation'), t('quotaBoard'));
  if (me.reports.includes('perfpay.sheet')) add('#/perfpay', t('perfpay'), t('schemes'));
  if (me.reports.includes('training.compliance')) add('#/compliance', t('compliance'), t('behindTeachers'));
  if (me.record_types.some((r) => r.writable)) add('#/import', t('import'), 'CSV / XLSX');
  add('#/portfolio', t('portfolio'), t('sections'));
  for (const r of me.record_types) add(`#/records/${r.name}`, r.label, r.name);
  main.innerHTML = `<h1>${esc(t('welcome'))}, ${esc(me.user.login)}</h1><div class="cards">${cards.join('')}</div>`;
}
