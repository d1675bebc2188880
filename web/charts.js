// Small SVG charts drawn from data (no chart library: two shapes do not earn one).
import { esc } from './util.js';

// Training-cycle progress: done against the cycle requirement, with the pace marker.
export function progressChart(done, expected, required, labels) {
  const w = 520, h = 64, max = Math.max(required, done, expected, 1);
  const x = (v) => Math.round((v / max) * (w - 20)) + 10;
  const bad = done < expected;
  return `<svg class="chart" role="img" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}"
    aria-label="${esc(labels.done)} ${done} / ${esc(labels.required)} ${required}">
    <rect class="track" x="10" y="14" width="${w - 20}" height="18" rx="4"/>
    <rect class="bar${bad ? ' bad' : ''}" x="10" y="14" width="${Math.max(0, x(done) - 10)}" height="18" rx="4"/>
    <line class="mark" x1="${x(expected)}" x2="${x(expected)}" y1="8" y2="38"/>
    <text x="10" y="54">${esc(labels.done)} ${done} ${esc(labels.unit)}</text>
    <text x="${Math.min(x(expected), w - 140)}" y="9">${esc(labels.expected)} ${expected}</text>
    <text x="${w - 10}" y="54" text-anchor="end">${esc(labels.required)} ${required}</text></svg>`;
}

// Horizontal bars, one per item ({label, value}).
// `title` names the chart for screen readers; the values follow in its description.
export function barChart(items, { unit = '', bad = false, title = '' } = {}) {
  if (!items.length) return '';
  const w = 640, row = 22, h = items.length * row + 10, labelW = 190;
  const max = Math.max(...items.map((i) => i.value), 1);
  const summary = items.map((it) => `${it.label} ${it.value} ${unit}`).join('；');
  return `<svg class="chart" role="img" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}"
    aria-label="${esc(title ? `${title}：${summary}` : summary)}">${items.map((it, k) => {
    const y = 5 + k * row;
    const bw = Math.round((it.value / max) * (w - labelW - 70));
    return `<text x="${labelW - 6}" y="${y + 14}" text-anchor="end">${esc(it.label)}</text>
      <rect class="bar${bad ? ' bad' : ''}" x="${labelW}" y="${y + 3}" width="${bw}" height="${row - 8}" rx="3"/>
      <text x="${labelW + bw + 6}" y="${y + 14}">${esc(it.value)} ${esc(unit)}</text>`;
  }).join('')}</svg>`;
}
