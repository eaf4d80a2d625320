/**
 * Incident timelines: days of per-minute SLI counts (good and bad asks), drawn from a compact row
 * (traffic, baseline errors, incidents with their label), and the replay that runs an alerting
 * decision over them minute by minute and scores what it raised against the labels.
 * Given code: the same file in the starter and the solution.
 */
import { seededRandom } from '@workshop/kit';
import { type AlertLevel, type BurnView, SLO } from './slo.ts';

/** One incident of a timeline: a stretch of minutes with a raised share of bad asks. */
export interface Incident {
  startMinute: number;
  minutes: number;
  /** Share of the asks that fail while it lasts. */
  badRate: number;
  /**
   * What it calls for, from the budget it spends (fixtures/README.md): `page` when it spends at least
   * 2 % of the 28-day budget within an hour or 5 % within six hours, `ticket` when it spends at least
   * 10 % over three days but does not call for a page, `none` otherwise (a blip).
   */
  label: AlertLevel;
}

/** A labelled timeline (one row of fixtures/timelines.*.jsonl). */
export interface TimelineRow {
  id: string;
  seed: number;
  days: number;
  /** Mean asks per minute at the afternoon peak and in the middle of the night (a smooth daily cycle). */
  peakPerMinute: number;
  nightPerMinute: number;
  /** Share of bad asks outside incidents (well inside the budget). */
  baselineBadRate: number;
  incidents: Incident[];
}

/** Per-minute counts of one timeline. */
export interface Timeline {
  row: TimelineRow;
  total: Int32Array;
  bad: Int32Array;
  /** Bad asks the SLO allows in 28 days at this timeline's mean traffic. */
  budget: number;
}

const DAY = 1_440;

/** Mean asks per minute at `minute` (peak at 16:00, trough at 04:00). */
export function trafficAt(row: TimelineRow, minute: number): number {
  const phase = (((minute % DAY) - 240) / DAY) * 2 * Math.PI;
  return row.nightPerMinute + ((row.peakPerMinute - row.nightPerMinute) * (1 - Math.cos(phase))) / 2;
}

/** Share of bad asks at `minute`: the worst incident running, else the baseline. */
export function badRateAt(row: TimelineRow, minute: number): number {
  let rate = row.baselineBadRate;
  for (const i of row.incidents) {
    if (minute >= i.startMinute && minute < i.startMinute + i.minutes) rate = Math.max(rate, i.badRate);
  }
  return rate;
}

/** Bad asks the SLO allows in 28 days at the row's mean traffic. */
export function budgetOf(row: TimelineRow): number {
  const mean = (row.peakPerMinute + row.nightPerMinute) / 2;
  return (1 - SLO.target) * mean * SLO.windowMinutes;
}

/** Draws the row's per-minute counts (the same every time for the same row). */
export function expandTimeline(row: TimelineRow): Timeline {
  const random = seededRandom(row.seed);
  const minutes = row.days * DAY;
  const total = new Int32Array(minutes);
  const bad = new Int32Array(minutes);
  for (let m = 0; m < minutes; m++) {
    const n = poisson(trafficAt(row, m), random);
    total[m] = n;
    bad[m] = binomial(n, badRateAt(row, m), random);
  }
  return { row, total, bad, budget: budgetOf(row) };
}

/** Windows over the counts up to minute `m`, with prefix sums: O(1) a query. */
class Windows implements BurnView {
  minute = 0;
  readonly budget: number;
  readonly #total: Float64Array;
  readonly #bad: Float64Array;

  constructor(timeline: Timeline) {
    this.budget = timeline.budget;
    const n = timeline.total.length;
    this.#total = new Float64Array(n + 1);
    this.#bad = new Float64Array(n + 1);
    for (let m = 0; m < n; m++) {
      this.#total[m + 1] = (this.#total[m] as number) + (timeline.total[m] as number);
      this.#bad[m + 1] = (this.#bad[m] as number) + (timeline.bad[m] as number);
    }
  }

  #sum(prefix: Float64Array, minutes: number): number {
    if (!(minutes > 0)) throw new RangeError(`a window needs a positive number of minutes, got ${minutes}`);
    const end = this.minute + 1;
    return (prefix[end] as number) - (prefix[Math.max(0, end - Math.floor(minutes))] as number);
  }

  total(minutes: number): number {
    return this.#sum(this.#total, minutes);
  }

  bad(minutes: number): number {
    return this.#sum(this.#bad, minutes);
  }

  burnRate(minutes: number): number {
    const total = this.total(minutes);
    return total === 0 ? 0 : this.bad(minutes) / total / (1 - SLO.target);
  }

  budgetSpent(minutes: number): number {
    return this.bad(minutes) / this.budget;
  }
}

/** A notification an alerting decision raised. */
export interface Raised {
  level: 'page' | 'ticket';
  /** The minute the notification went out. */
  minute: number;
  /** The last minute the decision still said so (a page that keeps firing keeps people awake). */
  until: number;
}

/** Repeated decisions within this many minutes of the last one are the same notification (grouping). */
export const GROUP_MINUTES = { page: 60, ticket: 24 * 60 } as const;

/** Runs `decide` at every minute of the timeline; returns the notifications it raised. */
export function replay(timeline: Timeline, decide: (view: BurnView) => AlertLevel): Raised[] {
  const view = new Windows(timeline);
  const raised: Raised[] = [];
  const last = { page: -Infinity, ticket: -Infinity };
  for (let m = 0; m < timeline.total.length; m++) {
    view.minute = m;
    const level = decide(view);
    if (level === 'none') continue;
    if (level !== 'page' && level !== 'ticket') throw new Error(`decideAlert returned ${String(level)} at minute ${m}`);
    if (m - last[level] > GROUP_MINUTES[level]) raised.push({ level, minute: m, until: m });
    else {
      const open = raised.findLast((r) => r.level === level);
      if (open) open.until = m;
    }
    last[level] = m;
  }
  return raised;
}

/** How an alerting decision did on a set of timelines. */
export interface AlertScore {
  /** Page-worthy incidents, and those paged in time (before they spent `PAGE_IN_TIME` of the budget). */
  pageIncidents: number;
  pagedInTime: number;
  /** Minutes from the start of each page-worthy incident to its page (paged ones only). */
  pageDelays: number[];
  /** Minutes each page kept firing after the incident that explains it had ended (0 when it stopped before). */
  pageResets: number[];
  /** Slow burns, and those that got a ticket (or a page) before they ended plus six hours. */
  ticketIncidents: number;
  ticketed: number;
  /** Pages not explained by a page-worthy incident running (or ended within the hour). */
  falsePages: number;
  /** Tickets not explained by any page- or ticket-worthy incident (running, or ended within the day). */
  falseTickets: number;
  /** Timelines scored, and their days. */
  timelines: number;
  days: number;
  /** What went wrong, one line each (for the dev report and test messages). */
  misses: string[];
}

/** A page is in time when the incident has spent less than this share of the 28-day budget. */
export const PAGE_IN_TIME = 0.1;

/** Replays `decide` over every row and scores it against the labels. */
export function scoreAlerts(rows: readonly TimelineRow[], decide: (view: BurnView) => AlertLevel): AlertScore {
  const score: AlertScore = {
    pageIncidents: 0,
    pagedInTime: 0,
    pageDelays: [],
    pageResets: [],
    ticketIncidents: 0,
    ticketed: 0,
    falsePages: 0,
    falseTickets: 0,
    timelines: rows.length,
    days: 0,
    misses: [],
  };
  for (const row of rows) {
    const timeline = expandTimeline(row);
    score.days += row.days;
    const raised = replay(timeline, decide);
    const explains = (incident: Incident, minute: number, afterMinutes: number) =>
      minute >= incident.startMinute && minute < incident.startMinute + incident.minutes + afterMinutes;
    for (const alert of raised) {
      const worthy = row.incidents.filter((i) => (alert.level === 'page' ? i.label === 'page' : i.label !== 'none'));
      const after = alert.level === 'page' ? 60 : DAY;
      const cause = worthy.find((i) => explains(i, alert.minute, after));
      if (cause && alert.level === 'page') {
        score.pageResets.push(Math.max(0, alert.until - (cause.startMinute + cause.minutes)));
      }
      if (cause) continue;
      if (alert.level === 'page') score.falsePages += 1;
      else score.falseTickets += 1;
      score.misses.push(`${row.id}: false ${alert.level} at ${clock(alert.minute)} (${describe(row, alert.minute)})`);
    }
    for (const incident of row.incidents) {
      if (incident.label === 'page') {
        score.pageIncidents += 1;
        const deadline = spentBy(timeline, incident, PAGE_IN_TIME);
        const page = raised.find((a) => a.level === 'page' && a.minute >= incident.startMinute && a.minute <= deadline);
        if (page) {
          score.pagedInTime += 1;
          score.pageDelays.push(page.minute - incident.startMinute);
        } else {
          const late = raised.find((a) => a.level === 'page' && explains(incident, a.minute, 60));
          score.misses.push(
            `${row.id}: page-worthy incident at ${clock(incident.startMinute)} (${incidentText(incident)}) ${late ? `paged late, at ${clock(late.minute)}` : 'never paged'}`,
          );
        }
      } else if (incident.label === 'ticket') {
        score.ticketIncidents += 1;
        const noticed = raised.some((a) => explains(incident, a.minute, 360) && a.minute >= incident.startMinute);
        if (noticed) score.ticketed += 1;
        else
          score.misses.push(
            `${row.id}: slow burn at ${clock(incident.startMinute)} (${incidentText(incident)}) got no ticket`,
          );
      }
    }
  }
  return score;
}

/** The minute at which `incident` has spent `share` of the budget (its end when it never does). */
function spentBy(timeline: Timeline, incident: Incident, share: number): number {
  let spent = 0;
  const end = Math.min(incident.startMinute + incident.minutes, timeline.bad.length);
  for (let m = incident.startMinute; m < end; m++) {
    spent += timeline.bad[m] as number;
    if (spent >= share * timeline.budget) return m;
  }
  return end;
}

function incidentText(i: Incident): string {
  return `${(100 * i.badRate).toFixed(i.badRate < 0.1 ? 1 : 0)} % failing for ${i.minutes} min`;
}

function describe(row: TimelineRow, minute: number): string {
  const running = row.incidents.find((i) => minute >= i.startMinute && minute < i.startMinute + i.minutes + 60);
  const traffic = trafficAt(row, minute).toFixed(1);
  return running
    ? `during a ${running.label === 'none' ? 'blip' : `${running.label}-level incident`}: ${incidentText(running)}, ${traffic} asks/min`
    : `no incident, ${traffic} asks/min`;
}

/** `d2 14:05` for a minute of the timeline. */
export function clock(minute: number): string {
  const day = Math.floor(minute / DAY) + 1;
  const m = minute % DAY;
  return `d${day} ${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

function poisson(lambda: number, random: () => number): number {
  if (lambda <= 0) return 0;
  if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * normal(random)));
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = random();
  while (p > limit) {
    k += 1;
    p *= random();
  }
  return k;
}

function binomial(n: number, p: number, random: () => number): number {
  if (n === 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (n <= 40) {
    let k = 0;
    for (let i = 0; i < n; i++) if (random() < p) k += 1;
    return k;
  }
  const mean = n * p;
  if (mean < 15) return Math.min(n, poisson(mean, random));
  if (n - mean < 15) return n - Math.min(n, poisson(n - mean, random));
  return Math.min(n, Math.max(0, Math.round(mean + Math.sqrt(mean * (1 - p)) * normal(random))));
}

function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}
