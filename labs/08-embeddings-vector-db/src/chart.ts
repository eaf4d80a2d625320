/**
 * A self-contained SVG of the evaluation: recall and precision against k (left panel) and
 * recall, precision and the no-result rate against the score threshold (right panel).
 * No dependency and no script: it opens in any browser and can be attached to a pull request.
 */
import type { AtKRow, ThresholdRow } from './evaluation.ts';

/** Where a panel's plot area sits in the SVG, and the data range it shows. */
export interface Frame {
  /** Left edge of the plot area, in SVG pixels. */
  left: number;
  /** Top edge of the plot area. */
  top: number;
  width: number;
  height: number;
  /** Data value at the left edge. */
  xMin: number;
  /** Data value at the right edge. */
  xMax: number;
  /** Data value at the bottom edge (0 for rates). */
  yMin: number;
  /** Data value at the top edge (1 for rates). */
  yMax: number;
}

/** One line on a panel. */
interface Series {
  id: string;
  label: string;
  colour: string;
  ys: (number | null)[];
}

const WIDTH = 960;
const HEIGHT = 420;
const PANEL = { top: 60, width: 360, height: 280 };
const LEFT_PANEL_X = 70;
const RIGHT_PANEL_X = 550;

/** One decimal is finer than a pixel and keeps the file small and diffable. */
const px = (value: number) => Math.round(value * 10) / 10;

/**
 * SVG `points` for a polyline: `"x,y x,y …"`. x maps `[xMin, xMax]` onto `[left, left + width]`;
 * y maps `[yMin, yMax]` onto `[top + height, top]` (SVG's y axis points down, so larger values
 * are higher). Points whose y is `null` or not finite are skipped (nothing to draw).
 * Coordinates are rounded to one decimal.
 */
export function scalePoints(xs: readonly number[], ys: readonly (number | null)[], frame: Frame): string {
  // TODO: for each i with a finite ys[i] (skip null, undefined, NaN):
  //   sx = frame.left + (xs[i] - frame.xMin) / (frame.xMax - frame.xMin) * frame.width
  //        (when xMax === xMin, put the point in the middle: frame.left + frame.width / 2)
  //   sy = frame.top + (1 - (ys[i] - frame.yMin) / (frame.yMax - frame.yMin)) * frame.height
  //   and emit `${px(sx)},${px(sy)}`; join the points with single spaces.
  //   Throw a RangeError when xs and ys have different lengths.
  void xs;
  void ys;
  void frame;
  throw new Error('TODO: scalePoints (DoD-4) — see the TODO in src/chart.ts');
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function panel(title: string, xLabel: string, xs: number[], series: Series[], left: number): string {
  const frame: Frame = {
    left,
    top: PANEL.top,
    width: PANEL.width,
    height: PANEL.height,
    xMin: Math.min(...xs),
    xMax: Math.max(...xs),
    yMin: 0,
    yMax: 1,
  };
  const bottom = frame.top + frame.height;
  const parts: string[] = [
    `<text x="${left + frame.width / 2}" y="${frame.top - 24}" text-anchor="middle" font-weight="bold">${escapeXml(title)}</text>`,
    `<rect x="${left}" y="${frame.top}" width="${frame.width}" height="${frame.height}" fill="none" stroke="#999"/>`,
  ];
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    const y = px(frame.top + (1 - tick) * frame.height);
    parts.push(
      `<line x1="${left}" x2="${left + frame.width}" y1="${y}" y2="${y}" stroke="#eee"/>`,
      `<text x="${left - 8}" y="${y + 4}" text-anchor="end" font-size="11">${tick.toFixed(2)}</text>`,
    );
  }
  for (const x of xs) {
    const sx = scalePoints([x], [0], frame).split(',')[0];
    parts.push(`<text x="${sx}" y="${bottom + 16}" text-anchor="middle" font-size="11">${x}</text>`);
  }
  parts.push(
    `<text x="${left + frame.width / 2}" y="${bottom + 36}" text-anchor="middle" font-size="12">${escapeXml(xLabel)}</text>`,
  );
  series.forEach((s, i) => {
    const points = scalePoints(xs, s.ys, frame);
    parts.push(
      `<polyline data-series="${s.id}" fill="none" stroke="${s.colour}" stroke-width="2" points="${points}"/>`,
      ...points
        .split(' ')
        .filter(Boolean)
        .map((p) => {
          const [cx, cy] = p.split(',');
          return `<circle cx="${cx}" cy="${cy}" r="2.5" fill="${s.colour}"/>`;
        }),
      `<rect x="${left + 8}" y="${frame.top + 8 + i * 16}" width="10" height="10" fill="${s.colour}"/>`,
      `<text x="${left + 22}" y="${frame.top + 17 + i * 16}" font-size="11">${escapeXml(s.label)}</text>`,
    );
  });
  return parts.join('\n');
}

/** The whole chart as an SVG document. */
export function renderChart(atK: AtKRow[], sweep: ThresholdRow[], title = 'Retrieval quality'): string {
  const left = panel(
    'Recall and precision against k',
    'k (results kept)',
    atK.map((row) => row.k),
    [
      { id: 'recall-vs-k', label: 'Recall@k', colour: '#1f77b4', ys: atK.map((row) => row.recall) },
      { id: 'precision-vs-k', label: 'Precision@k', colour: '#d62728', ys: atK.map((row) => row.precision) },
    ],
    LEFT_PANEL_X,
  );
  const right = panel(
    'Against the score threshold',
    'score threshold',
    sweep.map((row) => row.threshold),
    [
      { id: 'recall-vs-threshold', label: 'Recall', colour: '#1f77b4', ys: sweep.map((row) => row.recall) },
      { id: 'precision-vs-threshold', label: 'Precision', colour: '#d62728', ys: sweep.map((row) => row.precision) },
      {
        id: 'no-result-vs-threshold',
        label: 'No-result rate',
        colour: '#7f7f7f',
        ys: sweep.map((row) => row.noResultRate),
      },
    ],
    RIGHT_PANEL_X,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${WIDTH / 2}" y="20" text-anchor="middle" font-size="15">${escapeXml(title)}</text>`,
    left,
    right,
    '</svg>',
    '',
  ].join('\n');
}
