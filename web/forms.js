// Inputs generated from declared fields and parameters, and running declared record actions.
import { currentLang, fieldLabel, t } from './i18n.js';
import { esc } from './util.js';
import { me, pluginOf, recordOf } from './ui.js';
import { get, post } from './api.js';

export function input(f, value, { readOnly = false } = {}) {
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
  const target = f.reference && me.record_types.find((r) => r.name === f.reference);
  const extra = [f.max_length ? `maxlength="${f.max_length}"` : '', f.type === 'integer' && f.min !== undefined ? `min="${f.min}"` : '',
    f.type === 'integer' && f.max !== undefined ? `max="${f.max}"` : '',
    // A reference the user may read is a look-up by key or name (a list that fills as they type).
    target ? `data-ref="${esc(target.name)}" list="ref-${esc(f.name)}" autocomplete="off" placeholder="${esc(`${t('lookup')} ${target.label}`)}"` : ''].join(' ');
  return `<input name="${esc(f.name)}" type="${type}" value="${esc(v)}" ${extra}${dis}>${target ? `<datalist id="ref-${esc(f.name)}"></datalist>` : ''}`;
}

// Fills a reference input's list with the target records matching what was typed: their
// natural key as the value, key and name as the label.
let lookupTimer = null;
async function lookUp(el) {
  const type = me.record_types.find((r) => r.name === el.dataset.ref);
  const q = el.value.trim();
  if (!type || q.length < 1) return;
  const shown = type.title_field && type.fields.find((x) => x.name === type.title_field);
  try {
    const d = await get(`${pluginOf(type.name)}/${recordOf(type.name)}?${new URLSearchParams({ q, page_size: 8 })}`);
    const list = document.getElementById(el.getAttribute('list'));
    if (!list || el.value.trim() !== q) return;  // typed on meanwhile
    list.innerHTML = d.items.map((r) => {
      const key = type.natural_key.map((k) => r[k]).join(' ');
      return `<option value="${esc(key)}">${esc([key, shown ? r[shown.name] : ''].filter(Boolean).join(' '))}</option>`;
    }).join('');
  } catch (e) { /* no look-up: the field still takes a typed key */ }
}
document.addEventListener('input', (ev) => {
  const el = ev.target;
  if (!(el instanceof HTMLInputElement) || !el.dataset.ref) return;
  clearTimeout(lookupTimer);
  lookupTimer = setTimeout(() => lookUp(el), 200);
});

// Inputs for declared action parameters; their values as the API takes them.
export function paramInputs(params) {
  return params.map((f) => `<label>${esc(fieldLabel(f))}${f.required ? ' <span class="req">*</span>' : ''}
    ${input(f, f.default)}</label>`).join('');
}

export function paramValues(form, params) {
  const out = {};
  for (const f of params) {
    const v = form.elements[f.name].value.trim();
    if (v !== '') out[f.name] = f.type === 'boolean' ? v === 'true' : v;
  }
  return out;
}

// Runs record action `a` of `type` on `ids` (asking first when declared so, and for parameters
// in `slot`); resolves to the API's per-record results, or null when the user backed out.
export function runRecordAction(type, a, ids, slot) {
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
export function confirmStep(name, summary) {
  const spec = (me.action_specs || []).find((x) => x.name === name);
  if (!spec || !spec.confirm) return true;
  return confirm(`${spec.title}：${spec.description}${summary ? `\n\n${summary}` : ''}`);
}

export function actionSummary(r) {
  const failed = r.results.filter((x) => !x.ok);
  return `<div class="banner ${failed.length ? 'error' : 'ok'}" role="status">${esc(t('actionDone'))} ${r.done}
    ${failed.length ? ` · ${esc(t('actionFailed'))} ${failed.length}<ul>${failed.map((x) =>
      `<li>#${x.id}: ${esc(x.error.message)}</li>`).join('')}</ul>` : ''}</div>`;
}
