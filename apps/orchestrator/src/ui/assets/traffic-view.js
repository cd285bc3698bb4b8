import { h, setText } from './dom.js';
import { formatNumber, formatPercent } from './format.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 300;
const HEIGHT = 60;

/**
 * @typedef {{ title: string, series: Array<{ field: string, label: string }>, format: (value: number | undefined) => string }} ChartSpec
 */

/** @type {ChartSpec[]} */
const CHARTS = [
  {
    title: 'Tokens/s',
    series: [{ field: 'tokens_per_s', label: 'tokens/s' }],
    format: (v) => formatNumber(v),
  },
  {
    title: 'Tasks/s',
    series: [{ field: 'tasks_per_s', label: 'tasks/s' }],
    format: (v) => formatNumber(v, 2),
  },
  {
    title: 'Time to first token',
    series: [
      { field: 'ttft_ms_p50', label: 'p50' },
      { field: 'ttft_ms_p95', label: 'p95' },
    ],
    format: (v) => (v === undefined ? '–' : `${Math.round(v)} ms`),
  },
  {
    title: 'Error rate',
    series: [{ field: 'error_rate', label: 'errors' }],
    format: (v) => formatPercent(v),
  },
];

/**
 * The Live traffic section: four small line charts drawn as SVG (tokens/s, tasks/s, TTFT p50 and p95, error
 * rate) over the kept history, each with its latest value in text (ORCH-UIP-013).
 * @param {HTMLElement} container
 */
export function createTrafficView(container) {
  const charts = CHARTS.map((spec) => {
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', `0 0 ${WIDTH} ${HEIGHT}`);
    svg.setAttribute('preserveAspectRatio', 'none');
    svg.setAttribute('aria-hidden', 'true');
    const lines = spec.series.map((_, index) => {
      const line = document.createElementNS(SVG, 'polyline');
      line.setAttribute('class', `series series-${index}`);
      line.setAttribute('fill', 'none');
      line.setAttribute('vector-effect', 'non-scaling-stroke');
      svg.appendChild(line);
      return line;
    });
    const value = h('span', { className: 'chart-value' });
    const scale = h('small', { className: 'muted' });
    const figure = h(
      'figure',
      { className: 'chart', 'aria-label': spec.title },
      h('figcaption', {}, h('span', {}, spec.title), value),
      svg,
      scale,
    );
    container.appendChild(figure);
    return { spec, lines, value, scale };
  });

  return {
    /** @param {{ traffic: any[] }} state */
    render(state) {
      const points = state.traffic;
      for (const chart of charts) {
        const values = chart.spec.series.map((series) => points.map((point) => point[series.field]));
        const top = Math.max(0, ...values.flat().filter((value) => typeof value === 'number'));
        const ceiling = top > 0 ? top : 1;
        chart.lines.forEach((line, index) => {
          line.setAttribute('points', toPolyline(values[index] ?? [], ceiling));
        });
        const latest = points.at(-1);
        setText(
          chart.value,
          chart.spec.series
            .map((series) => {
              const text = chart.spec.format(latest?.[series.field]);
              return chart.spec.series.length > 1 ? `${series.label} ${text}` : text;
            })
            .join(' · '),
        );
        setText(
          chart.scale,
          points.length === 0
            ? 'no data yet'
            : `last ${formatSpan(points.length)} · peak ${chart.spec.format(top)}`,
        );
      }
    },
  };
}

/**
 * The polyline of one series scaled to the chart; an unknown value breaks nothing, it is drawn at zero.
 * @param {Array<number | undefined>} values
 * @param {number} ceiling
 */
function toPolyline(values, ceiling) {
  if (values.length === 0) return '';
  // One point is drawn as a level line across the chart, so the first second of history already shows.
  const drawn = values.length === 1 ? [values[0], values[0]] : values;
  const step = WIDTH / (drawn.length - 1);
  return drawn
    .map((value, index) => {
      const y = HEIGHT - ((typeof value === 'number' ? value : 0) / ceiling) * (HEIGHT - 4) - 2;
      return `${(index * step).toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
}

/** @param {number} seconds */
function formatSpan(seconds) {
  return seconds < 120 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
}
