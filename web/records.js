// Record types, generated from their declarations: the index, a list (filters, export,
// approval queue) and a record's form.
import { actionSummary, input, runRecordAction } from './forms.js';
import { bindRows, errorBanner, main, me, nav, pluginOf, recordOf, table, toast, typeOf } from './ui.js';
import { currentLang, fieldLabel, t } from './i18n.js';
import { del, download, get, post, put } from './api.js';
import { esc } from './util.js';

export function recordsIndexView() {
  nav('records');
  const groups = {};
  for (const r of me.record_types) (groups[r.plugin] ||= []).push(r);
  main.innerHTML = `<h1>${esc(t('records'))}</h1>${Object.entries(groups).map(([p, list]) =>
    `<h2>${esc(p)}</h2><div class="cards">${list.map((r) =>
      `<a class="card" href="#/records/${esc(r.name)}"><b>${esc(r.label)}</b><p class="muted">${esc(r.name)}</p></a>`).join('')}</div>`).join('')}`;
}

export async function listView(typeName, params) {
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
      // A reference as people know it: key and title (工号 + 姓名) where the target declares one.
      const title = item._titles && item._titles[f.name];
      if (title) v = `${v} ${title}`;
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

export async function formView(typeName, id) {
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
  // The teacher the record is about (a teacher's own row, or the declared teacher field): a
  // link to their portfolio.
  const teacherKey = id === 'new' ? '' : type.name === 'core.teachers' ? item.staff_no : item[type.teacher_field] || '';
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
      <a href="#/records/${esc(type.name)}"><button class="secondary" type="button">${esc(t('cancel'))}</button></a>
      ${teacherKey ? `<a href="#/portfolio/${encodeURIComponent(teacherKey)}">${esc(t('portfolio'))} · ${esc(teacherKey)}</a>` : ''}</div>`;
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
