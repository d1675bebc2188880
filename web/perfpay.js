// Performance pay: a year's schemes, a scheme's workflow and its pay sheet.
import { bindRows, choiceLabel, errorBanner, headers, labelOf, main, me, nav, report, table, thisYear, toast, typeOf } from './ui.js';
import { confirmStep, input } from './forms.js';
import { currentLang, t } from './i18n.js';
import { download, get, post } from './api.js';
import { esc } from './util.js';

export async function perfpayView(params) {
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

export async function schemeDetail(scheme) {
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
      ? `<div class="scroll" tabindex="0" role="region" aria-label="${esc(t('sheet'))}"><table><thead><tr>${headers(r).map((c, i) => `<th class="${i >= 3 && i <= 7 ? 'num' : ''}">${esc(c)}</th>`).join('')}</tr></thead><tbody>${r.rows.map((row) =>
        `<tr>${row.map((v, i) => `<td class="${i >= 3 && i <= 7 ? 'num' : ''}${i === 9 ? ' explain' : ''}">${esc(v)}</td>`).join('')}</tr>`).join('')}</tbody></table></div>`
      : `<p class="muted">${esc(t('noRows'))}</p>`;
  } catch (e) { document.getElementById('sheet').innerHTML = errorBanner(e); }
}
