// The training compliance dashboard (training.compliance).
import { barChart } from './charts.js';
import { errorBanner, headers, main, me, nav, report, table, thisYear } from './ui.js';
import { esc } from './util.js';
import { t } from './i18n.js';

export async function complianceView(params) {
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
