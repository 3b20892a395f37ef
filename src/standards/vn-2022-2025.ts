// Nghị định 07/2021/NĐ-CP (27/01/2021), extended to 2026 by Nghị định 351/2025/NĐ-CP:
// poor if income ≤ line AND at least 3 of 12 deprivations (not "or", whatever summaries say).
import { INDICATORS as I } from './indicators.js';
import type { PovertyStandard } from './types.js';

export const vn20222025: PovertyStandard = {
  id: 'vn-2022-2025',
  legalBasis: {
    vi: 'Nghị định 07/2021/NĐ-CP (27/01/2021), kéo dài đến 2026 theo Nghị định 351/2025/NĐ-CP',
    en: 'Decree 07/2021/ND-CP (27 Jan 2021), extended to 2026 by Decree 351/2025/ND-CP',
  },
  reviewYears: [2021, 2025],
  rule: 'and',
  deprivationThreshold: 3,
  lines: { rural: { poor: 1_500_000 }, urban: { poor: 2_000_000 } },
  middleFactor: 1.5,
  indicators: [I.employment, I.dependants, I.nutrition, I.healthInsurance, I.adultEducation, I.childSchooling, I.housingQuality, I.housingArea, I.water, I.sanitation, I.telecom, I.information],
  verified: true,
};
