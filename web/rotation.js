// The rotation quota board: quotas, the planner's drafts, confirming them.
import { bindRows, choiceLabel, errorBanner, headers, labelOf, main, me, nav, report, table, thisYear, typeOf } from './ui.js';
import { confirmStep, input } from './forms.js';
import { esc } from './util.js';
import { get, post } from './api.js';
import { t } from './i18n.js';

export async function rotationView(params) {
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
      if (!document.getElementById('quota')) return;  // the user went elsewhere meanwhile
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
        if (!document.getElementById('drafts')) return;
        draftCount = d.total;
        const draftCols = ['staff_no', 'kind', 'host_school', 'start_on', 'planned_end', 'basis'];
        document.getElementById('drafts').innerHTML = table(draftCols.map((c) => labelOf('rotation.drafts', c)),
          d.items.map((x) => draftCols.map((c) => choiceLabel('rotation.drafts', c, x[c]))), { onRow: true });
        bindRows(document.getElementById('drafts'), (i) => { location.hash = `#/records/rotation.drafts/${d.items[i].id}`; });
      }
    } catch (e) {
      const quota = document.getElementById('quota');
      if (quota) quota.innerHTML = errorBanner(e);
    }
  }
  load();
}
