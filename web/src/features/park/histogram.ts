/**
 * A park's rating histogram: a Chart.js bar chart of reviews per star for the eye, and the same
 * numbers in a (visually hidden) table for screen readers, which skip the canvas. Only the
 * Chart.js pieces a bar chart needs are registered.
 */
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';
import { el } from '../../dom';
import type { ParkAnalytics } from '../../endpoints/parks';
import { formatCount } from '../../format';
import { starsLabel, STAR_VALUES } from '../../stars';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

/** Kept in step with --chart-stars in main.css. */
export const HISTOGRAM_COLOR = '#d97706';
const GRID = '#e2e8f0';
const TEXT = '#475569';

const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;

export class RatingHistogram {
  private readonly chart: Chart<'bar', number[], string>;

  constructor(
    canvas: HTMLCanvasElement,
    private readonly rows: HTMLTableSectionElement,
  ) {
    this.chart = new Chart(canvas, {
      type: 'bar',
      data: {
        labels: STAR_VALUES.map(starsLabel),
        datasets: [
          {
            label: 'Reviews',
            data: [0, 0, 0, 0, 0],
            backgroundColor: HISTOGRAM_COLOR,
            borderRadius: 4,
            maxBarThickness: 48,
          },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: reducedMotion ? false : { duration: 300 },
        plugins: { tooltip: { displayColors: false } },
        scales: {
          x: { grid: { display: false }, ticks: { color: TEXT } },
          y: {
            beginAtZero: true,
            suggestedMax: 4,
            grid: { color: GRID },
            border: { display: false },
            ticks: { color: TEXT, precision: 0, maxTicksLimit: 5 },
          },
        },
      },
    });
  }

  show(analytics: ParkAnalytics): void {
    this.chart.data.datasets[0].data = STAR_VALUES.map((n) => analytics.histogram[n]);
    this.chart.update();
    this.rows.replaceChildren(
      ...STAR_VALUES.map((n) =>
        el(
          'tr',
          { 'data-stars': String(n) },
          el('th', { scope: 'row' }, starsLabel(n)),
          el('td', {}, formatCount(analytics.histogram[n])),
        ),
      ),
    );
  }
}
