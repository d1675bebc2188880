// The public HTTP API, with the session token kept for the browser tab.
import { currentLang } from './i18n.js';

const base = '/api/v1';

export class ApiError extends Error {
  constructor(status, body) {
    const err = (body && body.error) || {};
    super(err.message || `HTTP ${status}`);
    this.status = status;
    this.code = err.code;
    this.details = err.details || [];
  }
}

// One session for every tab of the browser, until log-out (in any tab) or expiry.
export function token() { return localStorage.getItem('tdr.token'); }
export function setToken(t) {
  if (t) localStorage.setItem('tdr.token', t); else localStorage.removeItem('tdr.token');
}
// Where to go after logging in: the page the user asked for (a deep link, an expired session).
export function rememberPlace(hash) {
  if (hash && !hash.startsWith('#/login')) sessionStorage.setItem('tdr.after', hash);
}
export function takePlace() {
  const h = sessionStorage.getItem('tdr.after');
  sessionStorage.removeItem('tdr.after');
  return h || '#/';
}

export async function call(method, path, body, { raw = false, contentType } = {}) {
  // The server writes messages and labels in the interface's language, not the browser's.
  const headers = { 'Accept-Language': currentLang() === 'zh' ? 'zh-CN' : 'en' };
  if (token()) headers.Authorization = `Bearer ${token()}`;
  let payload;
  if (body !== undefined) {
    if (body instanceof Blob || typeof body === 'string') {
      payload = body;
      headers['Content-Type'] = contentType || 'application/octet-stream';
    } else {
      payload = JSON.stringify(body);
      headers['Content-Type'] = 'application/json';
    }
  }
  const resp = await fetch(path.startsWith('/') ? path : `${base}/${path}`,
                           { method, headers, body: payload });
  if (resp.status === 401 && token()) {
    setToken(null);
    rememberPlace(location.hash);
    location.hash = '#/login';
  }
  if (!resp.ok) {
    let parsed = null;
    try { parsed = await resp.json(); } catch (e) { /* not JSON */ }
    throw new ApiError(resp.status, parsed);
  }
  if (raw) return resp;
  if (resp.status === 204) return null;
  return resp.json();
}

export const get = (p) => call('GET', p);
export const post = (p, b) => call('POST', p, b === undefined ? {} : b);
export const put = (p, b) => call('PUT', p, b);
export const del = (p) => call('DELETE', p);

// Downloads what a GET returns as a file (the token cannot go in a plain link).
export async function download(path, filename) {
  const resp = await call('GET', path, undefined, { raw: true });
  const blob = await resp.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
