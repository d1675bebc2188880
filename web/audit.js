// The audit log for administrators and auditors.
import { errorBanner, main, me, nav, table } from './ui.js';
import { esc } from './util.js';
import { get } from './api.js';
import { t } from './i18n.js';

// The audit log for admins and auditors: newest first, filtered by user, action or record
// type (kept in the address), and the chain verified on request.
export async function auditView(params) {
  nav('audit');
  const page = Number(params.get('page') || 1);
  const keys = ['actor', 'action', 'record_type'];
  const labels = me.labels || { record_types: {}, actions: {}, record_actions: {} };
  // The action and record type filters are choices by label: the host's own entries (i18n),
  // "run action" and each declared record action; every record type and action.
  const recordActions = {};
  for (const [q, title] of Object.entries(labels.record_actions)) {
    const name = q.slice(q.lastIndexOf('.') + 1);
    (recordActions[name] ||= new Set()).add(title);
  }
  const choices = {
    action: [...['create', 'update', 'delete', 'import', 'read', 'export', 'log_in', 'user_add', 'password_set',
      'token_issue', 'token_revoke', 'user_disable', 'user_enable', 'action'].map((a) => [a, t(`act_${a}`)]),
    ...Object.entries(recordActions).map(([n, titles]) => [`action:${n}`, [...titles].join(' / ')])],
    record_type: [...Object.entries(labels.record_types), ...Object.entries(labels.actions)],
  };
  const control = (k) => {
    const v = params.get(k) || '';
    if (!choices[k]) return `<input name="${k}" value="${esc(v)}">`;
    return `<select name="${k}"><option value="">${esc(t('all'))}</option>${choices[k].map(([code, label]) =>
      `<option value="${esc(code)}" ${code === v ? 'selected' : ''}>${esc(label)}</option>`).join('')}</select>`;
  };
  main.innerHTML = `<h1>${esc(t('audit'))}</h1>
    <form id="audit-filter" class="toolbar">${keys.map((k) => `<label>${esc(t(`audit_${k}`))}
      ${control(k)}</label>`).join('')}
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
