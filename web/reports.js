// Any declared report, from its declaration.
import { currentLang, t } from './i18n.js';
import { download } from './api.js';
import { errorBanner, headers, main, me, nav, pluginOf, recordOf, report, table, toast } from './ui.js';
import { esc } from './util.js';
import { paramInputs, paramValues } from './forms.js';

// Any declared report: its parameter form from the declaration, the result with the declared
// column labels and numbers aligned, and CSV/XLSX downloads and print of the same query.
export async function reportsView(params) {
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
    // An indicator's link shows only the rows it counts (column = value, as declared).
    const only = params.get('_only'), is = params.get('_is');
    const oi = only ? r.columns.indexOf(only) : -1;
    const col = oi >= 0 ? spec.columns[oi] : null;
    const choice = col && col.choices && col.choices.find((c) => c.code === is);
    const wanted = choice && currentLang() === 'zh' ? choice.label : is;
    const code = (v, i) => (r.types[i] === 'boolean' ? (v ? 'true' : 'false') : String(v ?? ''));
    const rows = oi >= 0 ? r.rows.filter((row) => code(row[oi], oi) === wanted) : r.rows;
    const shown = (v, i) => (v === null ? '' : r.types[i] === 'boolean' ? t(v ? 'yes' : 'no') : v);
    const chip = oi >= 0 ? `<a class="chip" href="#/reports?${esc(new URLSearchParams([...params].filter(([k]) => k !== '_only' && k !== '_is')).toString())}">
      ${esc(headers(r)[oi])} = ${esc(r.types[oi] === 'boolean' ? t(is === 'true' ? 'yes' : 'no') : wanted)} · ${rows.length} / ${r.rows.length} ✕</a>` : '';
    out.innerHTML = `<div class="card"><h2>${esc(r.title || spec.title)}</h2><div class="toolbar">${chip}
      <button class="secondary" id="csv">CSV</button><button class="secondary" id="xlsx">XLSX</button>
      <button class="secondary" id="print">${esc(t('print'))}</button></div>
      ${table(headers(r), rows.map((row) => row.map(shown)), { numeric })}</div>`;
    document.getElementById('csv').onclick = () => download(`${path}format=csv`, `${name}.csv`).catch((e) => toast(e.message));
    document.getElementById('xlsx').onclick = () => download(`${path}format=xlsx`, `${name}.xlsx`).catch((e) => toast(e.message));
    document.getElementById('print').onclick = () => window.print();
  } catch (e) { out.innerHTML = errorBanner(e); }
}
