// Nghị định 351/2025/NĐ-CP (30/12/2025). Lines verified; the final indicator list and thresholds
// are NOT verified (domain.md §1), so they can be overridden with --standards-file.
import { INDICATORS as I } from './indicators.js';
import type { PovertyStandard } from './types.js';

export const vn20272030: PovertyStandard = {
  id: 'vn-2027-2030',
  legalBasis: { vi: 'Nghị định 351/2025/NĐ-CP (30/12/2025)', en: 'Decree 351/2025/ND-CP (30 Dec 2025)' },
  reviewYears: [2026, 2030],
  rule: 'and',
  deprivationThreshold: 3,
  lines: { rural: { poor: 2_200_000 }, urban: { poor: 2_800_000 } },
  middleFactor: 1.5,
  indicators: [I.employment, I.dependants, I.nutrition, I.healthInsurance, I.adultEducation, I.childSchooling, I.housingQuality, I.housingArea, I.water, I.sanitation, I.telecom, I.digital, I.waste],
  verified: false,
  note: {
    vi: 'Danh mục chỉ số và ngưỡng thiếu hụt chưa được kiểm chứng: bỏ phương tiện tiếp cận thông tin, thêm dịch vụ số/internet và xử lý rác thải.',
    en: 'Indicator list and deprivation threshold not verified: information means dropped, digital services/internet and household waste added.',
  },
};
