/**
 * The dashboard's two charts. Only the Chart.js pieces these charts use are registered, which
 * keeps the rest of the library out of the bundle.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartOptions,
  type TooltipItem,
} from 'chart.js';
import type { ClickLog } from '../../endpoints/clicks';
import { formatCount, formatDayMinute, formatMinute, formatWindow } from '../../format';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Filler,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);

/** Kept in step with --chart-* in main.css. */
export const CHART_COLORS = {
  line: '#4f46e5',
  lineFill: 'rgba(79, 70, 229, 0.12)',
  bar: '#0891b2',
  grid: '#e2e8f0',
  text: '#475569',
} as const;

const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;

function baseOptions(minutes: () => readonly string[]): ChartOptions<'line' | 'bar'> {
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: reducedMotion ? false : { duration: 400 },
    interaction: { mode: 'index', intersect: false },
    plugins: {
      tooltip: {
        callbacks: {
          title: (items: TooltipItem<'line' | 'bar'>[]) => {
            const iso = minutes()[items[0]?.dataIndex ?? -1];
            return iso ? formatDayMinute(iso) : '';
          },
        },
      },
    },
    scales: {
      x: {
        grid: { display: false },
        // The padding makes autoSkip drop a label rather than set two times edge to edge on a phone.
        ticks: {
          color: CHART_COLORS.text,
          maxRotation: 0,
          autoSkip: true,
          autoSkipPadding: 16,
          maxTicksLimit: 7,
        },
      },
      y: {
        grid: { color: CHART_COLORS.grid },
        border: { display: false },
        ticks: { color: CHART_COLORS.text, precision: 0, maxTicksLimit: 6 },
      },
    },
  };
}

export class ClickCharts {
  private readonly line: Chart<'line', number[], string>;
  private readonly bar: Chart<'bar', number[], string>;
  private minutes: readonly string[] = [];
  private drawn = false;

  constructor(
    private readonly lineCanvas: HTMLCanvasElement,
    private readonly barCanvas: HTMLCanvasElement,
  ) {
    const minutes = (): readonly string[] => this.minutes;
    const base = baseOptions(minutes);
    this.line = new Chart(lineCanvas, {
      type: 'line',
      data: {
        labels: [],
        datasets: [
          {
            label: 'Running total',
            data: [],
            borderColor: CHART_COLORS.line,
            backgroundColor: CHART_COLORS.lineFill,
            borderWidth: 3,
            fill: 'start',
            pointRadius: 0,
            pointHoverRadius: 4,
            // Smooth, but never overshooting: a running total must not appear to dip.
            cubicInterpolationMode: 'monotone',
          },
        ],
      },
      options: base as ChartOptions<'line'>,
    });
    this.bar = new Chart(barCanvas, {
      type: 'bar',
      data: {
        labels: [],
        datasets: [
          {
            label: 'Clicks',
            data: [],
            backgroundColor: CHART_COLORS.bar,
            borderRadius: 3,
            barPercentage: 0.9,
            categoryPercentage: 1,
          },
        ],
      },
      options: {
        ...base,
        scales: { ...base.scales, y: { ...base.scales?.y, beginAtZero: true } },
      } as ChartOptions<'bar'>,
    });
  }

  show(log: ClickLog, windowMinutes: number): void {
    this.minutes = log.minutes.map((m) => m.minute);
    const labels = log.minutes.map((m) => formatMinute(m.minute));
    this.line.data.labels = labels;
    const totals = log.minutes.map((m) => m.total);
    this.line.data.datasets[0].data = totals;
    // A running total is usually far from zero, so the axis hugs the data; but it never goes below 0.
    const yAxis = this.line.options.scales?.y;
    if (yAxis) yAxis.min = totals.length > 0 && Math.min(...totals) === 0 ? 0 : undefined;
    this.bar.data.labels = labels;
    this.bar.data.datasets[0].data = log.minutes.map((m) => m.clicks);
    // Animate the first drawing only; a refresh every few seconds should not make the charts dance.
    const mode = this.drawn ? 'none' : undefined;
    this.line.update(mode);
    this.bar.update(mode);
    this.drawn = true;
    this.describe(log, windowMinutes);
  }

  /** Canvas pixels say nothing to a screen reader; the label carries the gist. */
  private describe(log: ClickLog, windowMinutes: number): void {
    const span = formatWindow(windowMinutes);
    const first = log.minutes[0]?.total ?? 0;
    const last = log.minutes[log.minutes.length - 1]?.total ?? log.total_clicks;
    const windowClicks = log.minutes.reduce((sum, m) => sum + m.clicks, 0);
    const busiest = log.minutes.reduce((max, m) => Math.max(max, m.clicks), 0);
    this.lineCanvas.setAttribute(
      'aria-label',
      `Line chart of the running total over the last ${span}: from ${formatCount(first)} to ${formatCount(last)}.`,
    );
    this.barCanvas.setAttribute(
      'aria-label',
      `Bar chart of clicks per minute over the last ${span}: ${formatCount(windowClicks)} clicks, at most ${formatCount(busiest)} in one minute.`,
    );
  }
}
