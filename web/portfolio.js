// A teacher's portfolio (成长档案): every section the user may read, from its declaration.
import { choiceLabel, errorBanner, main, me, nav, table } from './ui.js';
import { esc } from './util.js';
import { input } from './forms.js';
import { get } from './api.js';
import { progressChart } from './charts.js';
import { t } from './i18n.js';

export async function portfolioView(staff) {
  nav('portfolio');
  // A teacher's login is their staff number: their own portfolio is the one they may open.
  if (!staff && me.user.scope === 'own') staff = me.user.login;
  main.innerHTML = `<h1>${esc(t('portfolio'))}</h1><form id="find" class="toolbar">
    <label>${esc(t('staffNo'))} ${input({ name: 'staff', type: 'reference', reference: 'core.teachers' }, staff || '')}</label>
    <button>${esc(t('open'))}</button></form><div id="pf"></div>`;
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
export const NUMERIC_TYPES = ['integer', 'money', 'hours'];

export function sectionHtml(s) {
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
export function jsonHtml(v) {
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
