// Log-in and the home page.
import { currentLang, t, toggleLang } from './i18n.js';
import { errorBanner, main, me, nav, pluginOf, recordOf, setMe, setPageLang } from './ui.js';
import { get, post, setToken, takePlace } from './api.js';
import { esc } from './util.js';
import { route } from './app.js';

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

// What needs doing, from the declarations: for every record action the user may run on records
// in given states, how many records are in those states now (the approval queue, schemes to
// review, publish or lock, drafts to confirm), each a link to exactly those records.
async function todos() {
  const items = [];
  for (const type of me.record_types) {
    const seen = new Set();
    for (const a of type.actions || []) {
      const states = a.state_field ? a.states || [] : [''];
      for (const state of states) {
        const key = `${a.state_field}=${state}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const filter = a.state_field ? { [a.state_field]: state } : {};
        items.push({ type, a, state, filter, titles: type.actions.filter((x) => (a.state_field ? x.state_field === a.state_field && (x.states || []).includes(state) : !x.state_field)).map((x) => x.title) });
      }
    }
  }
  const counted = await Promise.all(items.map(async (it) => {
    try {
      const qs = new URLSearchParams({ ...it.filter, page_size: 1 });
      const d = await get(`${pluginOf(it.type.name)}/${recordOf(it.type.name)}?${qs}`);
      return { ...it, total: d.total };
    } catch (e) { return { ...it, total: 0 }; }
  }));
  return counted.filter((it) => it.total > 0);
}

// The declared indicators (schools behind on training, quotas unmet, checks due, ...): each
// counted by its report and handed to `show` as it comes; the ones that are not zero.
async function indicators(show) {
  const counted = await Promise.all((me.indicators || []).map(async (i) => {
    let total = 0;
    try { total = (await get(`${i.plugin}/indicators/${i.name}`)).count; } catch (e) { /* not shown */ }
    show({ ...i, total });
    return { ...i, total };
  }));
  return counted.filter((i) => i.total > 0);
}

export async function homeView() {
  nav('home');
  const cards = [];
  const add = (href, title, text) => cards.push(`<a class="card" href="${href}"><b>${esc(title)}</b><p class="muted">${esc(text)}</p></a>`);
  const own = me.user.scope === 'own';
  if (own) add(`#/portfolio/${encodeURIComponent(me.user.login)}`, t('myPortfolio'), t('sections'));
  for (const r of me.record_types) {
    if (own && r.writable) add(`#/records/${r.name}/new`, `${t('report_new')} · ${r.label}`, t('selfReport'));
  }
  if (me.reports.includes('rotation.quota')) add('#/rotation', t('rotation'), t('quotaBoard'));
  if (me.reports.includes('perfpay.sheet')) add('#/perfpay', t('perfpay'), t('schemes'));
  if (me.reports.includes('training.compliance')) add('#/compliance', t('compliance'), t('behindTeachers'));
  if (!own && me.record_types.some((r) => r.writable)) add('#/import', t('import'), 'CSV / XLSX');
  if (!own) add('#/portfolio', t('portfolio'), t('sections'));
  for (const r of me.record_types) add(`#/records/${r.name}`, r.label, currentLang() === 'zh' ? '' : r.name);
  main.innerHTML = `<h1>${esc(t('welcome'))}, ${esc(me.user.login)}</h1>
    <section class="card" aria-labelledby="todo-h"><h2 id="todo-h">${esc(t('todo'))}</h2><div id="todo"><p class="muted">…</p></div></section>
    <div class="cards">${cards.join('')}</div>`;
  // The queues the user acts on first, as soon as they are counted; then each declared figure
  // as its report answers (a province's compliance takes seconds: it does not hold the list up).
  const list = await todos();
  const box = document.getElementById('todo');
  if (!box) return;  // the user went elsewhere meanwhile
  box.innerHTML = `${list.length ? `<ul class="todo">${list.map((it) => {
    const stateField = it.type.fields.find((f) => f.name === it.a.state_field);
    const stateLabel = stateField ? (stateField.choices.find((c) => c.code === it.state) || { label: it.state }).label : '';
    const href = `#/records/${it.type.name}?${new URLSearchParams(it.filter)}`;
    return `<li><a href="${esc(href)}"><b>${esc(it.type.label)}</b>${stateLabel ? ` · ${esc(currentLang() === 'zh' ? stateLabel : it.state)}` : ''}
      <span class="badge">${it.total}</span></a> <span class="muted">${esc(it.titles.join(' / '))}</span></li>`;
  }).join('')}</ul>` : ''}<ul class="todo" id="figures"></ul>`;
  const reportTitle = (name) => (me.report_specs.find((r) => r.name === name) || { title: name }).title;
  const shown = await indicators((i) => {
    const figures = document.getElementById('figures');
    if (!figures || i.total <= 0) return;
    const only = i.column ? { _only: i.column, _is: i.equals } : {};
    const href = `#/reports?${new URLSearchParams({ name: i.report, ...i.params, ...only, run: 1 })}`;
    figures.insertAdjacentHTML('beforeend', `<li><a href="${esc(href)}"><b>${esc(currentLang() === 'zh' ? i.title : `${i.plugin}.${i.name}`)}</b> <span class="badge">${i.total}</span></a>
      <span class="muted">${esc(reportTitle(i.report))}</span></li>`);
  });
  if (!list.length && !shown.length && document.getElementById('figures'))
    box.innerHTML = `<p class="muted">${esc(t('nothingToDo'))}</p>`;
}
