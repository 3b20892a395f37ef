// Words for results: expected bound, observed figure, years, status and message, in one language.
import type { Result } from '../evaluate/evaluate.js';
import { METRICS } from '../evaluate/metrics.js';
import { format, type Lang, type MessageId } from '../i18n/messages.js';
import type { Status } from '../rules/types.js';

export const STATUS_MESSAGE: Record<Status, MessageId> = { pass: 'statusPass', fail: 'statusFail', pending: 'statusPending', 'no-data': 'statusNoData' };

const isRate = (r: Result) => METRICS.get(r.metric)?.kind === 'rate';
/** Rates and percentage points to two decimals; counts whole. */
export const num = (n: number, rate: boolean) => (rate ? n.toFixed(2) : Number.isInteger(n) ? String(n) : n.toFixed(2));
const withUnit = (n: number, r: Result) => (isRate(r) ? `${num(n, true)} %` : num(n, false));
const cutUnit = (r: Result, lang: Lang) => ((r.params.unit ?? 'pp') === 'percent' ? '%' : format(lang, 'unitPp'));

export function yearsText(r: Result): string {
  const p = r.params as Record<string, number | number[] | undefined>;
  if (Array.isArray(p.years)) return `${p.years[0]}–${p.years[1]}`;
  if (r.rule === 'annual-reduction' || (r.rule === 'stated' && p.from !== undefined)) return `${p.from}–${p.to}`;
  if (r.rule === 'relative-reduction') return `${p.baseline}→${p.year}`;
  return String(p.year ?? '');
}

export function expectedText(r: Result, lang: Lang): string {
  const p = r.params as Record<string, unknown>;
  const years = yearsText(r);
  switch (r.rule) {
    case 'level': {
      const [code, value] = (
        [['expBelow', p.below], ['expAtMost', p.at_most], ['expAtLeast', p.at_least], ['expAbove', p.above]] as [MessageId, unknown][]
      ).find(([, v]) => v !== undefined)!;
      return format(lang, code, { value: withUnit(value as number, r), years });
    }
    case 'annual-reduction': {
      const unit = cutUnit(r, lang);
      const params = { min: `${p.min}`, max: `${p.max} ${unit}`, from: p.from as number, to: p.to as number };
      if (p.mode === 'average') return format(lang, 'expCutAverage', { ...params, min: `${p.min} ${unit}` });
      return p.max !== undefined ? format(lang, 'expCutEachRange', params) : format(lang, 'expCutEach', { ...params, min: `${p.min} ${unit}` });
    }
    case 'relative-reduction':
      return format(lang, 'expRelative', { factor: p.factor as number, baseline: p.baseline as number, year: p.year as number });
    case 'compare':
      return format(lang, p.relation === 'at_most' ? 'expCompareAtMost' : 'expCompareBelow', { against: String(r.expected.against ?? 'Việt Nam'), years });
    case 'stated': {
      const tolerance = String(r.expected.tolerance ?? p.tolerance ?? (isRate(r) ? 0.005 : 0));
      if (p.average_reduction !== undefined) return format(lang, 'expStatedAverage', { value: `${p.average_reduction} ${format(lang, 'unitPp')}`, from: p.from as number, to: p.to as number, tolerance });
      return format(lang, 'expStated', { value: withUnit(p.value as number, r), year: p.year as number, tolerance });
    }
    default:
      return '';
  }
}

/** The observed figure with its unit: a cut in pp, a ratio, a rate or a count. */
export function observedText(r: Result, lang: Lang): string {
  if (r.observed === null) return '–';
  if (r.rule === 'annual-reduction' || (r.rule === 'stated' && r.params.average_reduction !== undefined)) return `${num(r.observed, true)} ${cutUnit(r, lang)}`;
  if (r.rule === 'relative-reduction') return `${num(r.observed, true)} ×`;
  return withUnit(r.observed, r);
}

export function observedWithYear(r: Result, lang: Lang): string {
  const text = observedText(r, lang);
  return r.observed === null || r.observedYear === null ? text : `${text} (${r.observedYear})`;
}

export function reasonText(r: Result, lang: Lang): string | null {
  return r.reason ? format(lang, r.reason.code, r.reason.params) : null;
}

export function projectionText(r: Result, lang: Lang): string {
  const p = r.projection;
  if (!p || p.value === null) return format(lang, 'projectionNone');
  const rate = isRate(r);
  const track = format(lang, p.onTrack === null ? 'trackUnknown' : p.onTrack ? 'trackOn' : 'trackOff');
  const needed = p.neededPerYear === null ? '–' : `${(-p.neededPerYear).toFixed(2).replace('-', '−')}${rate ? ` ${format(lang, 'unitPp')}` : ''}`;
  return format(lang, 'projectionLine', { projected: withUnit(p.value, r), deadline: p.year, track, needed, fromYear: p.fromYear });
}

export function messageText(r: Result, lang: Lang): string {
  const metric = r.metric;
  const common = { metric, observed: observedText(r, lang), observedYear: r.observedYear ?? '–', expected: expectedText(r, lang) };
  let text: string;
  switch (r.status) {
    case 'pass':
      text = format(lang, 'resultPass', common);
      break;
    case 'fail':
      text = format(lang, 'resultFail', common);
      break;
    case 'pending':
      text = format(lang, 'resultPending', { ...common, projection: projectionText(r, lang) });
      break;
    default:
      text = format(lang, 'resultNoData', { reason: reasonText(r, lang) ?? '' });
  }
  if (r.exceeded) text += `; ${format(lang, 'exceeded', { max: String(r.params.max) })}`;
  return text;
}

export function statusText(status: Status, lang: Lang): string {
  return format(lang, STATUS_MESSAGE[status]);
}
