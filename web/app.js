// The tdr web interface: a small single-page app over the public HTTP API. Screens for record
// types are built from GET /api/v1/me (the plugins' descriptors), so a third-party plugin's
// records appear here without code of their own.
import { ApiError, call, del, download, get, post, put, rememberPlace, setToken, takePlace, token } from './api.js';
import { currentLang, fieldLabel, t, toggleLang } from './i18n.js';
import { barChart, progressChart } from './charts.js';
import { esc } from './util.js';

const main = document.getElementById('main');
let me = null;  // GET /api/v1/me

// --- helpers ---
const can = (cap) => me && me.capabilities.includes(cap);
const typeOf = (name) => me.record_types.find((r) => r.name === name);
const [pluginOf, recordOf] = [(n) => n.split('.')[0], (n) => n.split('.')[1]];
function toast(msg) {
  const el = document.getElementById('toast');
  el.textContent = msg;
  el.classList.remove('hidden');
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => el.classList.add('hidden'), 2500);
}
// An API error for people: every problem at once, fields by their labels when `type` is known.
function errorBanner(e, type) {
  const label = (name) => {
    const f = type && type.fields.find((x) => x.name === name);
    return f ? fieldLabel(f) : name;
  };
  const details = (e.details || []).map((d) => `<li>${d.line ? `${esc(t('line'))} ${d.line}: ` : ''}
    ${d.field ? `<b>${esc(label(d.field))}</b>: ` : ''}${esc(d.reason)}</li>`).join('');
  return `<div class="banner error" role="alert">${esc(e.message)}${details ? `<ul>${details}</ul>` : ''}</div>`;
}
// Inputs for declared action parameters; their values as the API takes them.
function paramInputs(params) {
  return params.map((f) => `<label>${esc(fieldLabel(f))}${f.required ? ' <span class="req">*</span>' : ''}
    ${input(f, f.default)}</label>`).join('');
}
function paramValues(form, params) {
  const out = {};
  for (const f of params) {
    const v = form.elements[f.name].value.trim();
    if (v !== '') out[f.name] = f.type === 'boolean' ? v === 'true' : v;
  }
  return out;
}
// Runs record action `a` of `type` on `ids` (asking first when declared so, and for parameters
// in `slot`); resolves to the API's per-record results, or null when the user backed out.
function runRecordAction(type, a, ids, slot) {
  return new Promise((resolve, reject) => {
    const go = async (params) => {
      if (a.confirm && !confirm(`${t('confirmAction')} “${a.title}” · ${ids.length} ${t('records_n')}`)) {
        resolve(null);
        return;
      }
      try {
        resolve(await post(`${pluginOf(type.name)}/${recordOf(type.name)}/actions/${a.name}`,
                           { ids, partial: true, ...params }));
      } catch (e) { reject(e); }
    };
    if (!a.params.length) { go({}); return; }
    slot.innerHTML = `<form class="card record" id="action-form"><b>${esc(a.title)}</b>
      <p class="muted">${esc(a.description || '')} · ${ids.length} ${esc(t('records_n'))}</p>
      ${paramInputs(a.params)}<div class="toolbar"><button type="submit">${esc(t('ok'))}</button>
      <button type="button" class="secondary" id="action-cancel">${esc(t('cancel'))}</button></div></form>`;
    const form = slot.querySelector('#action-form');
    form.querySelector('#action-cancel').onclick = () => { slot.innerHTML = ''; resolve(null); };
    form.onsubmit = (ev) => {
      ev.preventDefault();
      const params = paramValues(form, a.params);
      slot.innerHTML = '';
      go(params);
    };
    form.querySelector('input, select, textarea')?.focus();
  });
}
// Asks before a step its plugin declares irreversible (confirm: true), saying what it does.
function confirmStep(name, summary) {
  const spec = (me.action_specs || []).find((x) => x.name === name);
  if (!spec || !spec.confirm) return true;
  return confirm(`${spec.title}：${spec.description}${summary ? `\n\n${summary}` : ''}`);
}
function actionSummary(r) {
  const failed = r.results.filter((x) => !x.ok);
  return `<div class="banner ${failed.length ? 'error' : 'ok'}" role="status">${esc(t('actionDone'))} ${r.done}
    ${failed.length ? ` · ${esc(t('actionFailed'))} ${failed.length}<ul>${failed.map((x) =>
      `<li>#${x.id}: ${esc(x.error.message)}</li>`).join('')}</ul>` : ''}</div>`;
}
// A report's column headers: the declared labels in Chinese, the keys in English.
function headers(r) {
  return currentLang() === 'zh' && r.labels ? r.labels : r.columns;
}

function table(columns, rows, { numeric = [], onRow } = {}) {
  if (!rows.length) return `<p class="muted">${esc(t('noRows'))}</p>`;
  const head = columns.map((c, i) => `<th class="${numeric.includes(i) ? 'num' : ''}">${esc(c)}</th>`).join('');
  const body = rows.map((r, ri) => `<tr${onRow ? ` class="clickable" data-row="${ri}"` : ''}>${r.map((v, i) =>
    `<td class="${numeric.includes(i) ? 'num' : ''}">${esc(v)}</td>`).join('')}</tr>`).join('');
  return `<div class="scroll"><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}
function bindRows(root, onRow) {
  root.querySelectorAll('tr[data-row]').forEach((tr) => {
    tr.addEventListener('click', () => onRow(Number(tr.dataset.row)));
    tr.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' && ev.target === tr) onRow(Number(tr.dataset.row));
    });
  });
}
function query(hash) {
  const q = hash.indexOf('?');
  return q < 0 ? new URLSearchParams() : new URLSearchParams(hash.slice(q + 1));
}
function isNumericColumn(rows, i) {
  return rows.length > 0 && rows.every((r) => r[i] === null || r[i] === '' || !Number.isNaN(Number(r[i])));
}
async function report(name, params) {
  const qs = new URLSearchParams(params).toString();
  return get(`${pluginOf(name)}/reports/${recordOf(name)}${qs ? `?${qs}` : ''}`);
}
function thisYear() { return new Date().getFullYear(); }
// A declared field's label ("绩效总额"), or its name when the type is not readable.
function labelOf(type, field) {
  const f = typeOf(type) && typeOf(type).fields.find((x) => x.name === field);
  return f ? fieldLabel(f) : field;
}
// A choice's label in the interface language (Chinese label, or the code in English).
function choiceLabel(type, field, code) {
  const f = typeOf(type) && typeOf(type).fields.find((x) => x.name === field);
  const c = f && f.choices && f.choices.find((x) => x.code === code);
  return c && currentLang() === 'zh' ? c.label : code;
}

// --- layout ---
// The page's language follows the switch (screen readers and fonts read it).
function setPageLang() { document.documentElement.lang = currentLang() === 'zh' ? 'zh-CN' : 'en'; }
function nav(active) {
  setPageLang();
  const items = [['#/', 'home'], ['#/records', 'records']];
  if (me.record_types.some((r) => r.writable)) items.push(['#/import', 'import']);
  items.push(['#/portfolio', 'portfolio']);
  if (me.reports.includes('training.compliance')) items.push(['#/compliance', 'compliance']);
  if (me.reports.includes('rotation.quota')) items.push(['#/rotation', 'rotation']);
  if (me.reports.includes('perfpay.sheet')) items.push(['#/perfpay', 'perfpay']);
  items.push(['#/reports', 'reports']);
  if (can('core:audit')) items.push(['#/audit', 'audit']);
  document.getElementById('nav').innerHTML = items.map(([href, key]) =>
    `<a href="${href}" class="${active === key ? 'active' : ''}">${esc(t(key))}</a>`).join('');
  document.getElementById('who').textContent =
    `${me.user.login} · ${me.user.role_label || me.user.role}${me.user.school ? ` · ${me.user.school}` : ''}`;
  document.getElementById('lang').textContent = t('lang');
  document.querySelectorAll('[data-t]').forEach((el) => { el.textContent = t(el.dataset.t); });
  document.getElementById('top').classList.remove('hidden');
}

// --- screens ---
async function loginView() {
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
      me = null;
      location.hash = takePlace();
      await route();
    } catch (e) {
      document.getElementById('login-error').innerHTML = errorBanner(e);
    }
  };
}

function homeView() {
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

function recordsIndexView() {
  nav('records');
  const groups = {};
  for (const r of me.record_types) (groups[r.plugin] ||= []).push(r);
  main.innerHTML = `<h1>${esc(t('records'))}</h1>${Object.entries(groups).map(([p, list]) =>
    `<h2>${esc(p)}</h2><div class="cards">${list.map((r) =>
      `<a class="card" href="#/records/${esc(r.name)}"><b>${esc(r.label)}</b><p class="muted">${esc(r.name)}</p></a>`).join('')}</div>`).join('')}`;
}

async function listView(typeName, params) {
  nav('records');
  const type = typeOf(typeName);
  if (!type) { main.innerHTML = `<p>${esc(t('noAccess'))}</p>`; return; }
  const page = Number(params.get('page') || 1);
  const q = params.get('q') || '';
  const sort = params.get('sort') || '';
  const qs = new URLSearchParams({ page, page_size: 25 });
  if (q) qs.set('q', q);
  if (sort) qs.set('sort', sort);
  for (const [k, v] of params) if (!['page', 'q', 'sort'].includes(k)) qs.set(k, v);
  const actions = type.actions || [];
  // The approval queue: the records the first stateful action applies to.
  const queue = actions.find((a) => a.state_field && a.states && a.states.length);
  const fields = type.fields.slice(0, 9);
  const stateField = queue && type.fields.find((f) => f.name === queue.state_field);
  if (stateField && !fields.includes(stateField)) fields[fields.length - 1] = stateField;
  // A filter as people read it: the field's label and the choice's label.
  const chip = (k, v) => {
    const f = type.fields.find((x) => x.name === k);
    const c = f && f.choices && f.choices.find((x) => x.code === v);
    return `${f ? fieldLabel(f) : k} = ${c && currentLang() === 'zh' ? c.label : v}`;
  };
  main.innerHTML = `<h1>${esc(type.label)}${currentLang() === 'en' ? ` <span class="muted">${esc(type.name)}</span>` : ''}</h1>
    <div class="toolbar"><form id="search"><input name="q" value="${esc(q)}" placeholder="${esc(t('search'))}">
      <button type="submit">${esc(t('search'))}</button></form>
      <form id="filter"><select name="field" aria-label="${esc(t('filterField'))}">${type.fields.filter((f) => !f.sensitive).map((f) =>
        `<option value="${esc(f.name)}">${esc(fieldLabel(f))}</option>`).join('')}</select>
        <input name="value" placeholder="=" aria-label="${esc(t('filterValue'))}"><button type="submit" class="secondary">${esc(t('filter'))}</button></form>
      ${[...params].filter(([k]) => !['page', 'q', 'sort'].includes(k)).map(([k, v]) =>
        `<button type="button" class="secondary" data-unfilter="${esc(k)}">${esc(chip(k, v))} ✕</button>`).join('')}
      ${queue ? `<button type="button" class="secondary" id="queue">${esc(t('queue'))}</button>` : ''}
      ${type.writable ? `<a href="#/records/${esc(type.name)}/new"><button type="button">${esc(t('new'))}</button></a>` : ''}
      <button type="button" class="secondary" id="export">${esc(t('exportCsv'))}</button>
      <button type="button" class="secondary" id="export-xlsx">${esc(t('exportXlsx'))}</button></div>
    ${actions.length ? `<div class="toolbar" id="bulk"><span id="selected" class="muted">${esc(t('selected'))} 0</span>
      ${actions.map((a) => `<button type="button" data-action="${esc(a.name)}" disabled>${esc(a.title)}</button>`).join('')}</div>
      <div id="action-slot"></div><div id="action-result"></div>` : ''}
    <div id="list">…</div>`;
  const go = (changes) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) if (v === '' || v === null) next.delete(k); else next.set(k, v);
    location.hash = `#/records/${type.name}?${next}`;
  };
  document.getElementById('search').onsubmit = (ev) => {
    ev.preventDefault();
    go({ q: new FormData(ev.target).get('q'), page: 1 });
  };
  document.getElementById('filter').onsubmit = (ev) => {
    ev.preventDefault();
    const f = new FormData(ev.target);
    if (String(f.get('value')).trim()) go({ [f.get('field')]: String(f.get('value')).trim(), page: 1 });
  };
  main.querySelectorAll('button[data-unfilter]').forEach((b) => {
    b.onclick = () => go({ [b.dataset.unfilter]: '', page: 1 });
  });
  // Exports exactly what the field filters show (search text is for the screen only).
  const exportAs = (format) => {
    const ex = new URLSearchParams({ format });
    for (const [k, v] of params) if (!['page', 'q', 'sort'].includes(k)) ex.set(k, v);
    download(`${pluginOf(type.name)}/${recordOf(type.name)}/export?${ex}`, `${type.label}.${format}`)
      .catch((e) => toast(e.message));
  };
  document.getElementById('export').onclick = () => exportAs('csv');
  document.getElementById('export-xlsx').onclick = () => exportAs('xlsx');
  if (queue) document.getElementById('queue').onclick = () => go({ [queue.state_field]: queue.states[0], page: 1 });
  try {
    const data = await get(`${pluginOf(type.name)}/${recordOf(type.name)}?${qs}`);
    const head = fields.map((f) => {
      const mark = sort === f.name ? ' ▲' : sort === `-${f.name}` ? ' ▼' : '';
      return `<th class="sortable" data-sort="${esc(f.name)}">${esc(fieldLabel(f))}${mark}</th>`;
    }).join('');
    const check = (item) => actions.length ? `<td><input type="checkbox" data-id="${item.id}"
      aria-label="${esc(t('selectRow'))} #${item.id}"></td>` : '';
    const rows = data.items.map((item, i) => `<tr class="clickable" data-row="${i}" tabindex="0">${check(item)}${fields.map((f) => {
      let v = item[f.name];
      if (v === undefined && item[`${f.name}_present`] !== undefined) v = item[`${f.name}_present`] ? '***' : '';
      const choice = f.choices && f.choices.find((c) => c.code === v);
      return `<td>${esc(choice ? (currentLang() === 'zh' ? choice.label : choice.code) : v === true ? t('yes') : v === false ? t('no') : v)}</td>`;
    }).join('')}</tr>`).join('');
    const pages = Math.max(1, Math.ceil(data.total / data.page_size));
    document.getElementById('list').innerHTML = data.items.length
      ? `<div class="scroll" tabindex="0"><table><thead><tr>${actions.length ? `<th><input type="checkbox" id="select-all"
        aria-label="${esc(t('selectAll'))}"></th>` : ''}${head}</tr></thead><tbody>${rows}</tbody></table></div>
        <div class="pager"><button class="secondary" id="prev" ${page <= 1 ? 'disabled' : ''}>${esc(t('prev'))}</button>
        <span>${page} / ${pages} · ${esc(t('total'))} ${data.total}</span>
        <button class="secondary" id="next" ${page >= pages ? 'disabled' : ''}>${esc(t('next'))}</button></div>`
      : `<p class="muted">${esc(t('noRows'))}</p>`;
    const list = document.getElementById('list');
    list.querySelectorAll('th[data-sort]').forEach((th) => th.addEventListener('click', () =>
      go({ sort: sort === th.dataset.sort ? `-${th.dataset.sort}` : th.dataset.sort, page: 1 })));
    bindRows(list, (i) => { location.hash = `#/records/${type.name}/${data.items[i].id}`; });
    if (actions.length) {
      const boxes = [...list.querySelectorAll('input[data-id]')];
      const chosen = () => boxes.filter((b) => b.checked).map((b) => Number(b.dataset.id));
      const refresh = () => {
        const n = chosen().length;
        document.getElementById('selected').textContent = `${t('selected')} ${n}`;
        main.querySelectorAll('#bulk button[data-action]').forEach((b) => { b.disabled = n === 0; });
      };
      boxes.forEach((b) => {
        b.addEventListener('click', (ev) => ev.stopPropagation());
        b.addEventListener('change', refresh);
      });
      const all = document.getElementById('select-all');
      if (all) all.onchange = () => { boxes.forEach((b) => { b.checked = all.checked; }); refresh(); };
      main.querySelectorAll('#bulk button[data-action]').forEach((b) => {
        b.onclick = async () => {
          const a = actions.find((x) => x.name === b.dataset.action);
          const out = document.getElementById('action-result');
          try {
            const r = await runRecordAction(type, a, chosen(), document.getElementById('action-slot'));
            if (!r) return;
            await listView(typeName, params);
            document.getElementById('action-result').innerHTML = actionSummary(r);
          } catch (e) { out.innerHTML = errorBanner(e, type); }
        };
      });
    }
    const prev = document.getElementById('prev'), next = document.getElementById('next');
    if (prev) prev.onclick = () => go({ page: page - 1 });
    if (next) next.onclick = () => go({ page: page + 1 });
  } catch (e) {
    document.getElementById('list').innerHTML = errorBanner(e, type);
  }
}

function input(f, value, { readOnly = false } = {}) {
  const v = value ?? '';
  const dis = f.sensitive || readOnly ? ' disabled' : '';
  if (f.choices) {
    return `<select name="${esc(f.name)}"${dis}><option value="">${esc(t('choose'))}</option>${f.choices.map((c) =>
      `<option value="${esc(c.code)}" ${c.code === v ? 'selected' : ''}>${esc(currentLang() === 'zh' ? c.label
        : `${c.label} (${c.code})`)}</option>`).join('')}</select>`;
  }
  if (f.type === 'boolean') {
    return `<select name="${esc(f.name)}"${dis}><option value=""></option>
      <option value="true" ${v === true ? 'selected' : ''}>${esc(t('yes'))}</option>
      <option value="false" ${v === false ? 'selected' : ''}>${esc(t('no'))}</option></select>`;
  }
  if (f.type === 'text' && f.max_length > 200) {  // long text (事实经过): a text area
    return `<textarea name="${esc(f.name)}" maxlength="${f.max_length}" rows="5"${dis}>${esc(v)}</textarea>`;
  }
  const type = f.type === 'date' ? 'date' : f.type === 'integer' ? 'number' : 'text';
  const extra = [f.max_length ? `maxlength="${f.max_length}"` : '', f.type === 'integer' && f.min !== undefined ? `min="${f.min}"` : '',
    f.type === 'integer' && f.max !== undefined ? `max="${f.max}"` : '',
    f.reference ? `placeholder="${esc(f.reference)}"` : ''].join(' ');
  return `<input name="${esc(f.name)}" type="${type}" value="${esc(v)}" ${extra}${dis}>`;
}

async function formView(typeName, id) {
  nav('records');
  const type = typeOf(typeName);
  if (!type) { main.innerHTML = `<p>${esc(t('noAccess'))}</p>`; return; }
  let item = {};
  if (id !== 'new') {
    try { item = await get(`${pluginOf(type.name)}/${recordOf(type.name)}/${id}`); } catch (e) {
      main.innerHTML = errorBanner(e);
      return;
    }
  }
  // The record actions the caller may run on this record now (the record says which).
  const recordActions = (type.actions || []).filter((a) => (item._actions || []).includes(a.name));
  main.innerHTML = `<h1>${esc(type.label)} · ${id === 'new' ? esc(t('new')) : `#${esc(id)}`}</h1>
    <div id="form-error"></div><div id="action-result"></div><div id="action-slot"></div>
    ${recordActions.length ? `<div class="toolbar" id="record-actions">${recordActions.map((a) =>
      `<button type="button" data-action="${esc(a.name)}">${esc(a.title)}</button>`).join('')}</div>` : ''}
    <div class="card"><form class="record" id="record">${type.fields.map((f) =>
      `<label>${esc(fieldLabel(f))}${f.required && !f.read_only ? ' <span class="req">*</span>' : ''}${input(f, item[f.name],
        { readOnly: f.read_only || !type.writable })}${f.read_only ? ` <span class="muted">${esc(t('readOnly'))}</span>` : ''}
      <span class="field-error" data-for="${esc(f.name)}"></span></label>`).join('')}</form></div>
    <div class="toolbar">${type.writable ? `<button id="save">${esc(t('save'))}</button>` : ''}
      ${type.writable && id !== 'new' ? `<button class="danger" id="delete">${esc(t('delete'))}</button>` : ''}
      <a href="#/records/${esc(type.name)}"><button class="secondary" type="button">${esc(t('cancel'))}</button></a></div>`;
  const form = document.getElementById('record');
  const save = document.getElementById('save');
  if (save) save.onclick = async () => {
    const body = {};
    for (const f of type.fields) {
      if (f.sensitive || f.read_only) continue;
      const el = form.elements[f.name];
      const v = el.value.trim();
      if (id === 'new' && v === '') continue;
      if (id !== 'new' && String(item[f.name] ?? '') === v) continue;
      body[f.name] = v === '' ? null : f.type === 'boolean' ? v === 'true' : v;
    }
    form.querySelectorAll('.field-error').forEach((s) => { s.textContent = ''; });
    try {
      const saved = id === 'new'
        ? await post(`${pluginOf(type.name)}/${recordOf(type.name)}`, body)
        : await put(`${pluginOf(type.name)}/${recordOf(type.name)}/${id}`, body);
      toast(t('saved'));
      location.hash = `#/records/${type.name}/${saved.id}`;
      if (String(saved.id) === String(id)) formView(typeName, id);
    } catch (e) {
      document.getElementById('form-error').innerHTML = errorBanner(e, type);
      for (const d of e.details || []) {
        const slot = form.querySelector(`.field-error[data-for="${CSS.escape(d.field || '')}"]`);
        if (slot) slot.textContent = d.reason;
      }
    }
  };
  main.querySelectorAll('#record-actions button[data-action]').forEach((b) => {
    b.onclick = async () => {
      const a = recordActions.find((x) => x.name === b.dataset.action);
      try {
        const r = await runRecordAction(type, a, [Number(id)], document.getElementById('action-slot'));
        if (!r) return;
        await formView(typeName, id);
        document.getElementById('action-result').innerHTML = actionSummary(r);
      } catch (e) { document.getElementById('form-error').innerHTML = errorBanner(e, type); }
    };
  });
  const remove = document.getElementById('delete');
  if (remove) remove.onclick = async () => {
    if (!confirm(t('confirmDelete'))) return;
    try {
      await del(`${pluginOf(type.name)}/${recordOf(type.name)}/${id}`);
      toast(t('deleted'));
      location.hash = `#/records/${type.name}`;
    } catch (e) { document.getElementById('form-error').innerHTML = errorBanner(e); }
  };
}

async function importView() {
  nav('import');
  const writable = me.record_types.filter((r) => r.writable);
  main.innerHTML = `<h1>${esc(t('import'))}</h1><div class="card"><form id="import" class="toolbar">
      <label>${esc(t('recordType'))} <select name="type">${writable.map((r) =>
        `<option value="${esc(r.name)}">${esc(r.label)} · ${esc(r.name)}</option>`).join('')}</select></label>
      <label>${esc(t('file'))} <input type="file" name="file" accept=".csv,.xlsx,text/csv"></label>
      <label><input type="checkbox" name="partial"> ${esc(t('partial'))}</label>
      <button type="submit" id="dry">${esc(t('dryRun'))}</button>
      <button type="button" id="real" disabled>${esc(t('importNow'))}</button>
      <button type="button" class="secondary" id="template">${esc(t('template'))}</button></form></div>
    <div id="job"></div><h2>${esc(t('importHistory'))}</h2><div id="history">…</div>`;
  const form = document.getElementById('import');
  const run = async (dryRun) => {
    const file = form.elements.file.files[0];
    if (!file) return;
    const type = form.elements.type.value;
    const partial = form.elements.partial.checked;
    const out = document.getElementById('job');
    document.getElementById('real').disabled = true;
    out.innerHTML = `<div class="card"><div class="progress"><div id="bar"></div></div><p id="jobstatus">${esc(t('jobRunning'))}</p></div>`;
    try {
      const ct = file.name.toLowerCase().endsWith('.xlsx')
        ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv';
      const r = await call('POST', `${pluginOf(type)}/${recordOf(type)}/import?dry_run=${dryRun}&partial=${partial}&file_name=${encodeURIComponent(file.name)}`,
        file, { contentType: ct });
      let job;
      for (;;) {
        job = await get(`jobs/${r.job.id}`);
        const bar = document.getElementById('bar');
        if (bar) bar.style.width = `${job.percent ?? 0}%`;
        const st = document.getElementById('jobstatus');
        if (st) st.textContent = `${t('jobRunning')} · ${job.percent ?? 0}% · ${job.rows_done} ${t('rows')}`;
        if (job.status === 'done' || job.status === 'failed') break;
        await new Promise((res) => setTimeout(res, 400));
      }
      showJob(job, dryRun, type);
      history();
    } catch (e) { out.innerHTML = errorBanner(e); }
  };
  form.onsubmit = (ev) => { ev.preventDefault(); run(true); };
  document.getElementById('real').onclick = () => run(false);
  // A template of the chosen type: its Chinese column labels (the importer reads labels and
  // names alike), the fields a file may set, with a BOM so that Excel reads the UTF-8.
  document.getElementById('template').onclick = () => {
    const type = typeOf(form.elements.type.value);
    const cols = type.fields.filter((f) => !f.read_only).map((f) => f.label || f.name);
    const csv = `\ufeff${cols.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')}\r\n`;
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    a.download = `${type.name}-template.csv`;
    document.body.append(a);
    a.click();
    a.remove();
  };
  // The user's own import history, newest first.
  const history = async () => {
    try {
      const h = await get('jobs?page_size=20');
      document.getElementById('history').innerHTML = h.items.length ? table(
        [t('audit_at'), t('recordType'), t('jobFile'), t('status'), t('rows')],
        h.items.map((j) => [j.created_at, typeOf(j.target)?.label || (me.labels?.record_types || {})[j.target] || j.target,
          j.file_name || '', t(`jobStatus_${j.status}`), j.rows_done]), { numeric: [4] })
        : `<p class="muted">${esc(t('noRows'))}</p>`;
    } catch (e) { document.getElementById('history').innerHTML = errorBanner(e); }
  };
  history();
}

function showJob(job, dryRun, type) {
  const out = document.getElementById('job');
  const r = job.report || {};
  if (r.error) { out.innerHTML = errorBanner(r.error); return; }
  const counts = `${r.rows} ${t('rows')} · ${t('inserted')} ${r.inserted} · ${t('updated')} ${r.updated} · ${t('unchanged')} ${r.unchanged} · ${t('rejected')} ${r.rejected}`;
  const kind = r.rejected ? (r.written ? 'warn' : 'error') : 'ok';
  const headline = dryRun ? (r.rejected ? t('jobFailed') : t('dryRunOk')) : (r.written ? t('written') : t('jobFailed'));
  const rows = (r.errors || []).map((e) => [e.line, e.field, e.reason]);
  out.innerHTML = `<div class="banner ${kind}" id="job-result"><b>${esc(headline)}</b> — ${esc(counts)}</div>
    ${rows.length ? `<div class="toolbar"><button class="secondary" id="errors-csv">${esc(t('downloadErrors'))}</button></div>
      <div id="errors">${table([t('line'), t('field'), t('reason')], rows, { numeric: [0] })}</div>` : ''}`;
  const btn = document.getElementById('errors-csv');
  if (btn) btn.onclick = () => {
    const q = (s) => `"${String(s ?? '').replace(/"/g, '""')}"`;
    const csv = '\ufeffline,field,reason\r\n' + rows.map((x) => x.map(q).join(',')).join('\r\n') + '\r\n';
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
    a.download = `${type}-errors.csv`;
    a.click();
  };
  document.getElementById('real').disabled = !(dryRun && (!r.rejected || document.getElementById('import').elements.partial.checked));
}

async function portfolioView(staff) {
  nav('portfolio');
  // A teacher's login is their staff number: their own portfolio is the one they may open.
  if (!staff && me.user.scope === 'own') staff = me.user.login;
  main.innerHTML = `<h1>${esc(t('portfolio'))}</h1><form id="find" class="toolbar">
    <input name="staff" value="${esc(staff || '')}" placeholder="${esc(t('staffNo'))}"><button>${esc(t('open'))}</button></form><div id="pf"></div>`;
  document.getElementById('find').onsubmit = (ev) => {
    ev.preventDefault();
    location.hash = `#/portfolio/${encodeURIComponent(new FormData(ev.target).get('staff').trim())}`;
  };
  if (!staff) return;
  const out = document.getElementById('pf');
  try {
    const p = await get(`teachers/${encodeURIComponent(staff)}/portfolio`);
    const tch = p.teacher;
    let html = `<div class="card"><h2>${esc(tch.name)} <span class="muted">${esc(tch.staff_no)} · ${esc(tch.home_school)}</span></h2>
      <p class="muted">${esc([tch.subject, ...['title', 'post'].map((k) => tch[k] && choiceLabel('core.teachers', k, tch[k]))].filter(Boolean).join(' · '))}</p></div>`;
    for (const s of p.sections) html += `<div class="card section" data-plugin="${esc(s.plugin)}"><h2>${esc(s.title)}</h2>${sectionHtml(s)}</div>`;
    out.innerHTML = html;
  } catch (e) { out.innerHTML = errorBanner(e); }
}

// A portfolio section as its plugin declared it: facts (label: value), a progress bar drawn
// from three of them, and a table with labelled columns; SDK 2.0's free-form sections as JSON.
const NUMERIC_TYPES = ['integer', 'money', 'hours'];
function sectionHtml(s) {
  if (s.error) return `<p class="bad">${esc(s.error)}</p>`;
  if (!s.facts && !s.table) return jsonHtml(s.data || {});
  const facts = s.facts || [];
  let html = '';
  if (s.progress) {
    const [done, expected, target] = s.progress.map((n) => facts.find((f) => f.name === n));
    html += progressChart(Number(done.value), Number(expected.value), Number(target.value), {
      done: done.label, expected: expected.label, required: target.label, unit: '' });
  }
  if (facts.length) {
    html += `<dl class="facts">${facts.filter((f) => f.value !== '').map((f) =>
      `<div><dt>${esc(f.label)}</dt><dd>${esc(f.value)}</dd></div>`).join('')}</dl>`;
  }
  if (s.table) {
    const cols = s.table.columns;
    if (s.table.title) html += `<h3>${esc(s.table.title)}</h3>`;
    html += table(cols.map((c) => c.label), s.table.rows, {
      numeric: cols.map((c, i) => i).filter((i) => NUMERIC_TYPES.includes(cols[i].type)) });
  }
  return html;
}

// Any other section: its JSON as nested lists and tables.
function jsonHtml(v) {
  if (Array.isArray(v)) {
    if (!v.length) return `<p class="muted">${esc(t('nothingHere'))}</p>`;
    if (v.every((x) => x && typeof x === 'object' && !Array.isArray(x))) {
      const cols = [...new Set(v.flatMap((x) => Object.keys(x)))];
      return table(cols, v.map((x) => cols.map((c) => (typeof x[c] === 'object' && x[c] !== null ? JSON.stringify(x[c]) : x[c]))));
    }
    return `<p>${v.map(esc).join(', ')}</p>`;
  }
  if (v && typeof v === 'object') {
    return `<dl>${Object.entries(v).map(([k, x]) => `<dt><b>${esc(k)}</b></dt><dd>${typeof x === 'object' && x !== null ? jsonHtml(x) : esc(x === true ? t('yes') : x === false ? t('no') : x)}</dd>`).join('')}</dl>`;
  }
  return esc(v);
}

async function complianceView(params) {
  nav('compliance');
  const year = params.get('year') || thisYear();
  const scope = params.get('scope') || (me.user.school ? 'school' : 'district');
  const code = params.get('code') || me.user.school || '';
  main.innerHTML = `<h1>${esc(t('compliance'))}</h1><form id="f" class="toolbar">
      <select name="scope" aria-label="${esc(t('scope'))}"><option value="district">${esc(t('district'))}</option><option value="school" ${scope === 'school' ? 'selected' : ''}>${esc(t('school'))}</option>
      <option value="cluster" ${scope === 'cluster' ? 'selected' : ''}>${esc(t('cluster'))}</option></select>
      <input name="code" value="${esc(code)}" placeholder="XH0001"><label>${esc(t('year'))} <input name="year" type="number" value="${esc(year)}"></label>
      <button>${esc(t('run'))}</button></form><div id="out">…</div>`;
  document.getElementById('f').onsubmit = (ev) => {
    ev.preventDefault();
    const f = new FormData(ev.target);
    location.hash = `#/compliance?${new URLSearchParams({ scope: f.get('scope'), code: f.get('code'), year: f.get('year') })}`;
  };
  const p = { year };
  if (scope !== 'district' && code) p[scope] = code;
  try {
    const r = await report('training.compliance', p);
    const bySchool = {};
    for (const row of r.rows) bySchool[row[2]] = (bySchool[row[2]] || 0) + 1;
    const schools = Object.entries(bySchool).sort((a, b) => b[1] - a[1]).slice(0, 20);
    document.getElementById('out').innerHTML = `<div class="card"><b>${esc(t('behindTeachers'))}: ${r.rows.length}</b>
      <h2>${esc(t('byschool'))}</h2>${barChart(schools.map(([s, n]) => ({ label: s, value: n })), { unit: t('teachers'), bad: true, title: t('byschool') })}</div>
      <div class="card"><h2>${esc(t('shortfall'))}</h2>${barChart(r.rows.slice(0, 20).map((row) => ({ label: `${row[0]} ${row[1]}`, value: Number(row[5]) })), { unit: t('hours'), title: t('shortfall') })}</div>
      ${table(headers(r), r.rows, { numeric: [3, 4, 5] })}`;
  } catch (e) { document.getElementById('out').innerHTML = errorBanner(e); }
}

async function rotationView(params) {
  nav('rotation');
  const year = params.get('year') || thisYear();
  const planner = me.actions.includes('rotation.plan');
  main.innerHTML = `<h1>${esc(t('rotation'))}</h1><form id="f" class="toolbar"><label>${esc(t('year'))} <input name="year" type="number" value="${esc(year)}"></label>
      <button>${esc(t('run'))}</button>${planner ? `<button type="button" class="secondary" id="plan">${esc(t('plan'))}</button>
      <button type="button" id="confirm">${esc(t('confirm'))}</button>` : ''}</form>
    <div id="msg"></div><h2>${esc(t('quotaBoard'))}</h2>
    <label class="toolbar"><input type="checkbox" id="short-only" ${params.get('short') === '1' ? 'checked' : ''}> ${esc(t('shortOnly'))}</label>
    <div id="quota">…</div><h2>${esc(t('drafts'))}</h2><div id="drafts">…</div>`;
  document.getElementById('f').onsubmit = (ev) => { ev.preventDefault(); location.hash = `#/rotation?year=${new FormData(ev.target).get('year')}`; };
  document.getElementById('short-only').onchange = (ev) => {
    location.hash = `#/rotation?year=${year}${ev.target.checked ? '&short=1' : ''}`;
  };
  const msg = document.getElementById('msg');
  let draftCount = 0;
  const act = async (name) => {
    if (!confirmStep(`rotation.${name}`, `${year} · ${t('drafts')} ${draftCount}`)) return;
    try {
      const r = await post(`rotation/actions/${name}`, { year: Number(year) });
      const n = name === 'plan' ? r.drafted : r.created;
      msg.innerHTML = `<div class="banner ok" role="status">${esc(t(name === 'plan' ? 'plannedN' : 'confirmedN'))} ${esc(n ?? 0)}</div>`;
      load();
    } catch (e) { msg.innerHTML = errorBanner(e); }
  };
  if (planner) {
    document.getElementById('plan').onclick = () => act('plan');
    document.getElementById('confirm').onclick = () => act('confirm');
  }
  async function load() {
    try {
      const q = await report('rotation.quota', { year });
      const cols = ['school', 'name', 'eligible', 'required', 'rotated', 'drafted', 'shortfall', 'backbone_shortfall', 'met', 'note'];
      const idx = cols.map((c) => q.columns.indexOf(c));
      // The report's declared column labels (Chinese), the keys in English.
      const heads = idx.map((i) => headers(q)[i]);
      const metAt = q.columns.indexOf('met');
      const rows = params.get('short') === '1' ? q.rows.filter((r) => !r[metAt]) : q.rows;
      document.getElementById('quota').innerHTML = table(heads, rows.map((r) => idx.map((i, k) => (k === 8 ? (r[i] ? '✓' : '✗') : (r[i] ?? '')))),
        { numeric: [2, 3, 4, 5, 6, 7] });
      if (typeOf('rotation.drafts')) {
        const d = await get(`rotation/drafts?batch_year=${year}&page_size=500`);
        draftCount = d.total;
        const draftCols = ['staff_no', 'kind', 'host_school', 'start_on', 'planned_end', 'basis'];
        document.getElementById('drafts').innerHTML = table(draftCols.map((c) => labelOf('rotation.drafts', c)),
          d.items.map((x) => draftCols.map((c) => choiceLabel('rotation.drafts', c, x[c]))), { onRow: true });
        bindRows(document.getElementById('drafts'), (i) => { location.hash = `#/records/rotation.drafts/${d.items[i].id}`; });
      }
    } catch (e) { document.getElementById('quota').innerHTML = errorBanner(e); }
  }
  load();
}

async function perfpayView(params) {
  nav('perfpay');
  const year = params.get('year') || thisYear() - 1;
  const chosen = params.get('school') || '';
  main.innerHTML = `<h1>${esc(t('perfpay'))}</h1><form id="f" class="toolbar"><label>${esc(t('year'))} <input name="year" type="number" value="${esc(year)}"></label>
    <button>${esc(t('run'))}</button></form><h2>${esc(t('schemes'))}</h2><div id="schemes">…</div><div id="scheme"></div>`;
  document.getElementById('f').onsubmit = (ev) => { ev.preventDefault(); location.hash = `#/perfpay?year=${new FormData(ev.target).get('year')}`; };
  try {
    const s = await get(`perfpay/schemes?year=${year}&page_size=500`);
    document.getElementById('schemes').innerHTML = s.items.length ? table([t('school'), t('year'), labelOf('perfpay.schemes', 'pool'), t('status')],
      s.items.map((x) => [x.school, x.year, x.pool, choiceLabel('perfpay.schemes', 'status', x.status)]), { onRow: true }) : `<p class="muted">${esc(t('noRows'))}</p>`;
    bindRows(document.getElementById('schemes'), (i) => { location.hash = `#/perfpay?year=${year}&school=${s.items[i].school}`; });
    const scheme = s.items.find((x) => x.school === chosen);
    if (scheme) await schemeDetail(scheme);
  } catch (e) { document.getElementById('schemes').innerHTML = errorBanner(e); }
}

async function schemeDetail(scheme) {
  const out = document.getElementById('scheme');
  const steps = ['draft', 'computed', 'reviewed', 'published', 'locked'];
  // Computing is an action on the school's year; the later steps are the scheme's own record
  // actions, offered (by the server, in `_actions`) only in the state they apply to.
  const steps_ = (typeOf('perfpay.schemes')?.actions || []);
  const canCompute = me.actions.includes('perfpay.compute');
  const computeOpen = scheme.status === 'draft' || scheme.status === 'computed';
  const buttons = (canCompute ? `<button type="button" data-act="compute" ${computeOpen ? '' : 'disabled'}>${esc(t('compute'))}</button>` : '')
    + steps_.map((a) => `<button type="button" data-step="${esc(a.name)}" ${(scheme._actions || []).includes(a.name) ? '' : 'disabled'}>${esc(a.title)}</button>`).join('');
  out.innerHTML = `<div class="card"><h2>${esc(scheme.school)} · ${esc(scheme.year)} · ${esc(scheme.pool)}</h2>
    <div class="steps">${steps.map((s) => `<span class="${s === scheme.status ? 'on' : ''}" data-step="${esc(s)}">${esc(choiceLabel('perfpay.schemes', 'status', s))}</span>`).join(' → ')}</div>
    <div class="toolbar">${buttons}<button type="button" class="secondary" id="xlsx">${esc(t('exportXlsx'))}</button>
    <button type="button" class="secondary" id="csv">${esc(t('exportCsv'))}</button></div><div id="act"></div></div>
    <h2>${esc(t('sheet'))}</h2><div id="sheet">…</div>`;
  const which = { school: scheme.school, year: scheme.year };
  const summary = `${scheme.school} · ${scheme.year} · ${scheme.pool}`;
  const reload = () => perfpayView(new URLSearchParams({ year: scheme.year, school: scheme.school }));
  out.querySelectorAll('button[data-act]').forEach((b) => { b.onclick = async () => {
    if (!confirmStep('perfpay.compute', summary)) return;
    try {
      await post('perfpay/actions/compute', which);
      toast(`${t('compute')} ✓`);
      await reload();
    } catch (e) { document.getElementById('act').innerHTML = errorBanner(e); }
  }; });
  out.querySelectorAll('.toolbar button[data-step]').forEach((b) => { b.onclick = async () => {
    const spec = steps_.find((a) => a.name === b.dataset.step);
    if (spec.confirm && !confirm(`${spec.title}：${spec.description}\n\n${summary}`)) return;
    try {
      await post(`perfpay/schemes/${scheme.id}/actions/${spec.name}`, {});
      toast(`${spec.title} ✓`);
      await reload();
    } catch (e) { document.getElementById('act').innerHTML = errorBanner(e); }
  }; });
  const qs = `school=${encodeURIComponent(scheme.school)}&year=${scheme.year}`;
  document.getElementById('xlsx').onclick = () => download(`perfpay/reports/sheet?${qs}&format=xlsx`, `perfpay-${scheme.school}-${scheme.year}.xlsx`).catch((e) => toast(e.message));
  document.getElementById('csv').onclick = () => download(`perfpay/reports/sheet?${qs}&format=csv`, `perfpay-${scheme.school}-${scheme.year}.csv`).catch((e) => toast(e.message));
  try {
    const r = await report('perfpay.sheet', { school: scheme.school, year: scheme.year, headers: currentLang() === 'zh' ? 'zh' : 'en' });
    document.getElementById('sheet').innerHTML = r.rows.length
      ? `<div class="scroll"><table><thead><tr>${headers(r).map((c, i) => `<th class="${i >= 3 && i <= 7 ? 'num' : ''}">${esc(c)}</th>`).join('')}</tr></thead><tbody>${r.rows.map((row) =>
        `<tr>${row.map((v, i) => `<td class="${i >= 3 && i <= 7 ? 'num' : ''}${i === 9 ? ' explain' : ''}">${esc(v)}</td>`).join('')}</tr>`).join('')}</tbody></table></div>`
      : `<p class="muted">${esc(t('noRows'))}</p>`;
  } catch (e) { document.getElementById('sheet').innerHTML = errorBanner(e); }
}

// Any declared report: its parameter form from the declaration, the result with the declared
// column labels and numbers aligned, and CSV/XLSX downloads and print of the same query.
async function reportsView(params) {
  nav('reports');
  const specs = me.report_specs;
  const name = params.get('name') || (specs[0] ? specs[0].name : '');
  const spec = specs.find((r) => r.name === name);
  main.innerHTML = `<h1>${esc(t('reports'))}</h1><div class="toolbar"><label>${esc(t('report'))}
    <select id="pick">${specs.map((r) => `<option value="${esc(r.name)}" ${r.name === name ? 'selected' : ''}>${esc(currentLang() === 'zh' ? r.title : r.name)}</option>`).join('')}</select></label></div>
    ${spec ? `<form id="f" class="card"><p class="muted">${esc(spec.description)}</p>
      <div class="params">${paramInputs(spec.params.map((f) => ({ ...f, default: params.get(f.name) ?? f.default })))}</div>
      <div class="toolbar"><button>${esc(t('run'))}</button></div></form>` : ''}<div id="out"></div>`;
  document.getElementById('pick').onchange = (ev) => { location.hash = `#/reports?name=${encodeURIComponent(ev.target.value)}`; };
  if (!spec) return;
  document.getElementById('f').onsubmit = (ev) => {
    ev.preventDefault();
    location.hash = `#/reports?${new URLSearchParams({ name, ...paramValues(ev.target, spec.params), run: 1 })}`;
  };
  if (!params.get('run')) return;
  const kv = {};
  for (const f of spec.params) if (params.get(f.name)) kv[f.name] = params.get(f.name);
  const out = document.getElementById('out');
  try {
    const r = await report(name, kv);
    const qs = new URLSearchParams(kv).toString();
    const path = `${pluginOf(name)}/reports/${recordOf(name)}?${qs}${qs ? '&' : ''}`;
    const numeric = (r.types || []).map((ty, i) => i).filter((i) => ['integer', 'money', 'hours'].includes(r.types[i]));
    out.innerHTML = `<div class="card"><h2>${esc(r.title || spec.title)}</h2><div class="toolbar">
      <button class="secondary" id="csv">CSV</button><button class="secondary" id="xlsx">XLSX</button>
      <button class="secondary" id="print">${esc(t('print'))}</button></div>
      ${table(headers(r), r.rows.map((row) => row.map((v) => (v === null ? '' : v))), { numeric })}</div>`;
    document.getElementById('csv').onclick = () => download(`${path}format=csv`, `${name}.csv`).catch((e) => toast(e.message));
    document.getElementById('xlsx').onclick = () => download(`${path}format=xlsx`, `${name}.xlsx`).catch((e) => toast(e.message));
    document.getElementById('print').onclick = () => window.print();
  } catch (e) { out.innerHTML = errorBanner(e); }
}

// --- routing ---
// The audit log for admins and auditors: newest first, filtered by user, action or record
// type (kept in the address), and the chain verified on request.
async function auditView(params) {
  nav('audit');
  const page = Number(params.get('page') || 1);
  const keys = ['actor', 'action', 'record_type'];
  main.innerHTML = `<h1>${esc(t('audit'))}</h1>
    <form id="audit-filter" class="toolbar">${keys.map((k) => `<label>${esc(t(`audit_${k}`))}
      <input name="${k}" value="${esc(params.get(k) || '')}"></label>`).join('')}
      <button type="submit">${esc(t('filter'))}</button>
      <button type="button" class="secondary" id="verify">${esc(t('verifyChain'))}</button></form>
    <div id="verified"></div><div id="entries">…</div>`;
  const go = (changes) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) if (v === '' || v === null) next.delete(k); else next.set(k, v);
    location.hash = `#/audit?${next}`;
  };
  document.getElementById('audit-filter').onsubmit = (ev) => {
    ev.preventDefault();
    const f = new FormData(ev.target);
    go(Object.fromEntries([...keys.map((k) => [k, String(f.get(k)).trim()]), ['page', 1]]));
  };
  document.getElementById('verify').onclick = async () => {
    const out = document.getElementById('verified');
    try {
      const v = await get('audit/verify');
      out.innerHTML = v.ok
        ? `<div class="banner ok" role="status">${esc(t('chainOk'))} ${v.rows} · ${esc(v.head_hash.slice(0, 16))}…</div>`
        : `<div class="banner error" role="alert">${esc(t('chainBroken'))} #${v.broken_at}: ${esc(v.reason)}</div>`;
    } catch (e) { out.innerHTML = errorBanner(e); }
  };
  try {
    const qs = new URLSearchParams({ page, page_size: 50 });
    for (const k of keys) if (params.get(k)) qs.set(k, params.get(k));
    const d = await get(`audit?${qs}`);
    // Labels from the declarations (/me labels: every record type and action, even those this
    // user cannot open), the host's own entries from i18n.
    const labels = me.labels || { record_types: {}, actions: {}, record_actions: {} };
    const typeLabel = (n) => labels.record_types[n] || labels.actions[n] || n;
    const actionLabel = (x) => {
      if (x.action.startsWith('action:'))
        return labels.record_actions[`${x.record_type}.${x.action.slice(7)}`] || x.action;
      if (x.action === 'action') return labels.actions[x.record_type] || t('act_action');
      const key = `act_${x.action}`;
      return t(key) === key ? x.action : t(key);
    };
    document.getElementById('entries').innerHTML = table(
      [t('audit_at'), t('audit_actor'), t('audit_action'), t('audit_record_type'), t('audit_record'), t('audit_detail')],
      d.items.map((x) => [x.at, x.actor, actionLabel(x), typeLabel(x.record_type), x.record_id ?? '',
        JSON.stringify(x.detail).slice(0, 160)]))
      + `<div class="pager"><button class="secondary" id="prev" ${page <= 1 ? 'disabled' : ''}>${esc(t('prev'))}</button>
      <span>${page} / ${Math.max(1, Math.ceil(d.total / 50))} · ${esc(t('total'))} ${d.total}</span>
      <button class="secondary" id="next" ${page * 50 >= d.total ? 'disabled' : ''}>${esc(t('next'))}</button></div>`;
    document.getElementById('prev').onclick = () => go({ page: page - 1 });
    document.getElementById('next').onclick = () => go({ page: page + 1 });
  } catch (e) { document.getElementById('entries').innerHTML = errorBanner(e); }
}

async function route() {
  const hash = location.hash || '#/';
  const path = hash.split('?')[0].slice(1);
  const params = query(hash);
  if (!token()) {
    if (path !== '/login') { rememberPlace(hash); location.hash = '#/login'; }
    return loginView();
  }
  if (path === '/login') { location.hash = '#/'; return null; }  // already logged in (another tab)
  if (!me) {
    try { me = await get('me'); } catch (e) {
      if (e instanceof ApiError && e.status === 401) return loginView();
      main.innerHTML = errorBanner(e);
      return;
    }
  }
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  window.scrollTo(0, 0);
  if (parts[0] === 'login') return loginView();
  if (parts[0] === 'records' && parts.length === 1) return recordsIndexView();
  if (parts[0] === 'records' && parts.length === 2) return listView(parts[1], params);
  if (parts[0] === 'records' && parts.length === 3) return formView(parts[1], parts[2]);
  if (parts[0] === 'import') return importView();
  if (parts[0] === 'portfolio') return portfolioView(parts[1]);
  if (parts[0] === 'compliance') return complianceView(params);
  if (parts[0] === 'rotation') return rotationView(params);
  if (parts[0] === 'perfpay') return perfpayView(params);
  if (parts[0] === 'reports') return reportsView(params);
  if (parts[0] === 'audit') return auditView(params);
  return homeView();
}

window.addEventListener('hashchange', route);
// Logging in or out in another tab does the same here.
window.addEventListener('storage', (ev) => {
  if (ev.key !== 'tdr.token') return;
  me = null;
  route();
});
document.getElementById('lang').onclick = () => { toggleLang(); route(); };
document.getElementById('logout').onclick = async () => {
  try { await del('session'); } catch (e) { /* the token may be gone already */ }
  setToken(null);
  me = null;
  location.hash = '#/login';
};
route();
