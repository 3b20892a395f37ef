// Quyết định 59/2015/QĐ-TTg (19/11/2015): two-tier rule, 10 indicators.
import { INDICATORS as I } from './indicators.js';
import type { PovertyStandard } from './types.js';

export const vn20162020: PovertyStandard = {
  id: 'vn-2016-2020',
  legalBasis: { vi: 'Quyết định 59/2015/QĐ-TTg (19/11/2015)', en: 'Decision 59/2015/QD-TTg (19 Nov 2015)' },
  reviewYears: [2015, 2020],
  rule: 'two-tier',
  deprivationThreshold: 3,
  lines: { rural: { poor: 700_000, nearPoor: 1_000_000 }, urban: { poor: 900_000, nearPoor: 1_300_000 } },
  indicators: [I.healthAccess, I.healthInsurance, I.adultEducation, I.childSchooling, I.housingQuality, I.housingArea, I.water, I.sanitation, I.telecom, I.informationAssets],
  verified: true,
};
