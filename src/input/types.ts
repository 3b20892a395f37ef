// Plain data handed from the input stage to the later ones.
import type { MessageId } from '../i18n/messages.js';
import type { Area, Status } from '../standards/types.js';
import type { Encoding } from './decode.js';
import type { FileKind } from './columns.js';
import type { Delimiter } from './reader.js';
import type { DecimalMark } from './normalize.js';

export type Params = Record<string, string | number>;

/** A row that could not be read: file, spreadsheet line, column (canonical name), bad value. */
export interface Reject {
  file: string;
  line: number;
  column: string | null;
  /** the header cell as the file writes it, and its 1-based position */
  header?: string;
  columnNumber?: number;
  value: string;
  code: MessageId;
  params: Params;
}

/** A data-quality note that does not reject the row. */
export interface Finding {
  file: string;
  line?: number;
  column?: string;
  code: MessageId;
  params: Params;
}

export interface FileReport {
  file: string;
  kind: FileKind;
  encoding: Encoding;
  bom: boolean;
  delimiter: Delimiter;
  decimal: DecimalMark;
  /** data rows read (blank lines excluded); rows = accepted + rejected */
  rows: number;
  accepted: number;
  rejected: number;
  blankLines: number;
  columns: string[];
  unknownColumns: string[];
  /** share of blank cells (0..1) in each recognised column */
  blankShares: Record<string, number>;
}

export type Group = 'all' | 'ethnic_minority' | 'non_ethnic_minority' | 'urban' | 'rural' | 'meritorious';
/** The review years the reader takes (a year outside is a reject). */
export const FIRST_REVIEW_YEAR = 1990, LAST_REVIEW_YEAR = 2100;

export const GROUPS: Group[] = ['all', 'ethnic_minority', 'non_ethnic_minority', 'urban', 'rural', 'meritorious'];

export type Transition = 'escaped' | 're_poor' | 'new_poor' | 'escaped_near_poor' | 're_near_poor' | 'new_near_poor';
export const TRANSITIONS: Transition[] = ['escaped', 're_poor', 'new_poor', 'escaped_near_poor', 're_near_poor', 'new_near_poor'];

/** One household row as read; `null` where the column is absent or the cell blank. */
export interface HouseholdRecord {
  file: string;
  line: number;
  householdId: string | null;
  year: number;
  province: string;
  district: string;
  commune: string;
  area: Area | null;
  ethnicMinority: boolean | null;
  meritorious: boolean | null;
  householdSize: number | null;
  income: number | null;
  /** bit i set = deprived on INDICATOR_BITS[i]; null when no deprivation column is present */
  deprivationMask: number | null;
  deprivationCount: number | null;
  status: Status | null;
  transition: Transition | null;
  loanNeed: boolean | null;
  loanReceived: boolean | null;
  trainingNeed: boolean | null;
  trainingReceived: boolean | null;
  standard: string | null;
  /** the commune before the 2025 rearrangement, when the row carries it (xa_cu) */
  oldCommune: string | null;
  /** the id as UTF-8 bytes in the reader's buffer, set by the fast scanner instead of householdId (valid during the call only) */
  idRef?: { buf: Uint8Array; start: number; end: number } | null;
  /** a number the fast scanner gives each distinct (province, district, commune) text, to find the unit without strings */
  unitKey?: number;
  /** raw fields of the row, for `classify` output; only set when the caller asks for them */
  fields?: string[];
}

/** The figures of a unit, review year and group, as summary rows give them and tallies hold them; null is unknown. */
export const FIGURES = [
  'households', 'poor', 'nearPoor', 'poorRate', 'nearPoorRate',
  'escaped', 'rePoor', 'newPoor', 'escapedNearPoor', 'reNearPoor', 'newNearPoor',
  'loanNeed', 'loanMet', 'trainingNeed', 'trainingMet',
  /** on a commune row: 1 flagged / 0 not; on a larger unit: a count of flagged communes */
  'extremelyDifficult',
] as const;
export type UnitFigures = Record<(typeof FIGURES)[number], number | null>;

export interface SummaryRecord extends UnitFigures {
  file: string;
  line: number;
  year: number;
  province: string;
  district: string;
  commune: string;
  group: Group;
  standard: string | null;
  oldCommune: string | null;
}
