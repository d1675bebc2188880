// Shared state and small pieces of every screen: the caller (GET /api/v1/me), the layout,
// messages, tables and label look-ups.
import { currentLang, fieldLabel, t } from './i18n.js';
import { esc } from './util.js';
import { get } from './api.js';

export const main = document.getElementById('main');
// The caller as GET /api/v1/me describes them (null until fetched, and after log-out).
export let me = null;
export function setMe(value) { me = value; }

export const can = (cap) => me && me.capabilities.includes(cap);

export const typeOf = (name) => me.record_types.find((r) => r.name === name);

export const [pluginOf, recordOf] = [(n) => n.split('.')[0], (n) => n.split('.')[1]];

export function toast(msg) {
  const el = document.getElementById('toast');
  el.textContent = msg;
  el.classList.remove('hidden');
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => el.classList.add('hidden'), 2500);
}

// An API error for people: every problem at once, fields by their labels when `type` is known.
export function errorBanner(e, type) {
  const label = (name) => {
    const f = type && type.fields.find((x) => x.name === name);
    return f ? fieldLabel(f) : name;
  };
  const details = (e.details || []).map((d) => `<li>${d.line ? `${esc(t('line'))} ${d.line}: ` : ''}
    ${d.field ? `<b>${esc(label(d.field))}</b>: ` : ''}${esc(d.reason)}</li>`).join('');
  return `<div class="banner error" role="alert">${esc(e.message)}${details ? `<ul>${details}</ul>` : ''}</div>`;
}

export function query(hash) {
  const q = hash.indexOf('?');
  return q < 0 ? new URLSearchParams() : new URLSearchParams(hash.slice(q + 1));
}

export function thisYear() { return new Date().getFullYear(); }

// A declared field's label ("绩效总额"), or its name when the type is not readable.
export function labelOf(type, field) {
  const f = typeOf(type) && typeOf(type).fields.find((x) => x.name === field);
  return f ? fieldLabel(f) : field;
}

// A choice's label in the interface language (Chinese label, or the code in English).
export function choiceLabel(type, field, code) {
  const f = typeOf(type) && typeOf(type).fields.find((x) => x.name === field);
  const c = f && f.choices && f.choices.find((x) => x.code === code);
  return c && currentLang() === 'zh' ? c.label : code;
}

// The page's language follows the switch (screen readers and fonts read it).
export function setPageLang() { document.documentElement.lang = currentLang() === 'zh' ? 'zh-CN' : 'en'; }

export function nav(active) {
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

// A report's column headers: the declared labels in Chinese, the keys in English.
export function headers(r) {
  return currentLang() === 'zh' && r.labels ? r.labels : r.columns;
}

export function table(columns, rows, { numeric = [], onRow } = {}) {
  if (!rows.length) return `<p class="muted">${esc(t('noRows'))}</p>`;
  const head = columns.map((c, i) => `<th class="${numeric.includes(i) ? 'num' : ''}">${esc(c)}</th>`).join('');
  const body = rows.map((r, ri) => `<tr${onRow ? ` class="clickable" data-row="${ri}"` : ''}>${r.map((v, i) =>
    `<td class="${numeric.includes(i) ? 'num' : ''}">${esc(v)}</td>`).join('')}</tr>`).join('');
  // A wide table scrolls inside its own box, which the keyboard can reach and scroll.
  return `<div class="scroll" tabindex="0" role="region" aria-label="${esc(t('table'))}"><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

export function bindRows(root, onRow) {
  root.querySelectorAll('tr[data-row]').forEach((tr) => {
    tr.addEventListener('click', () => onRow(Number(tr.dataset.row)));
    tr.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' && ev.target === tr) onRow(Number(tr.dataset.row));
    });
  });
}

export function isNumericColumn(rows, i) {
  return rows.length > 0 && rows.every((r) => r[i] === null || r[i] === '' || !Number.isNaN(Number(r[i])));
}

export async function report(name, params) {
  const qs = new URLSearchParams(params).toString();
  return get(`${pluginOf(name)}/reports/${recordOf(name)}${qs ? `?${qs}` : ''}`);
}
