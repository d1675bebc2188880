// Imports: dry run, progress, the per-row error report, templates and the history.
import { call, get } from './api.js';
import { errorBanner, main, me, nav, pluginOf, recordOf, table, typeOf } from './ui.js';
import { esc } from './util.js';
import { currentLang, t } from './i18n.js';

export async function importView() {
  nav('import');
  const writable = me.record_types.filter((r) => r.writable);
  main.innerHTML = `<h1>${esc(t('import'))}</h1><div class="card"><form id="import" class="toolbar">
      <label>${esc(t('recordType'))} <select name="type">${writable.map((r) =>
        `<option value="${esc(r.name)}">${esc(currentLang() === 'zh' ? r.label : `${r.label} · ${r.name}`)}</option>`).join('')}</select></label>
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

export function showJob(job, dryRun, type) {
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
