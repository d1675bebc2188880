// The tdr web interface: a small single-page app over the public HTTP API. Screens for record
// types are built from GET /api/v1/me (the plugins' descriptors), so a third-party plugin's
// records appear here without code of their own. This file routes; each screen has its module.
import { ApiError, del, get, rememberPlace, setToken, token } from './api.js';
import { auditView } from './audit.js';
import { complianceView } from './compliance.js';
import { errorBanner, main, me, query, setMe } from './ui.js';
import { formView, listView, recordsIndexView } from './records.js';
import { homeView, loginView } from './home.js';
import { importView } from './import.js';
import { perfpayView } from './perfpay.js';
import { portfolioView } from './portfolio.js';
import { reportsView } from './reports.js';
import { rotationView } from './rotation.js';
import { toggleLang } from './i18n.js';

export async function route() {
  const hash = location.hash || '#/';
  const path = hash.split('?')[0].slice(1);
  const params = query(hash);
  if (!token()) {
    if (path !== '/login') { rememberPlace(hash); location.hash = '#/login'; }
    return loginView();
  }
  if (path === '/login') { location.hash = '#/'; return null; }  // already logged in (another tab)
  if (!me) {
    try { setMe(await get('me')); } catch (e) {
      if (e instanceof ApiError && e.status === 401) return loginView();
      main.innerHTML = errorBanner(e);
      return;
    }
  }
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  window.scrollTo(0, 0);
  if (parts[0] === 'login') return loginView();
  if (parts[0] === 'records' && parts.length === 1) return recordsIndexView();
  if (parts[0] === 'records' && parts.length === 2) return listView(parts[1], params);
  if (parts[0] === 'records' && parts.length === 3) return formView(parts[1], parts[2]);
  if (parts[0] === 'import') return importView();
  if (parts[0] === 'portfolio') return portfolioView(parts[1]);
  if (parts[0] === 'compliance') return complianceView(params);
  if (parts[0] === 'rotation') return rotationView(params);
  if (parts[0] === 'perfpay') return perfpayView(params);
  if (parts[0] === 'reports') return reportsView(params);
  if (parts[0] === 'audit') return auditView(params);
  return homeView();
}

window.addEventListener('hashchange', route);
// Logging in or out in another tab does the same here.
window.addEventListener('storage', (ev) => {
  if (ev.key !== 'tdr.token') return;
  setMe(null);
  route();
});
document.getElementById('lang').onclick = () => { toggleLang(); route(); };
document.getElementById('logout').onclick = async () => {
  try { await del('session'); } catch (e) { /* the token may be gone already */ }
  setToken(null);
  setMe(null);
  location.hash = '#/login';
};
route();
