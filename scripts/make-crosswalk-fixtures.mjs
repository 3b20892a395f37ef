// Writes fixtures/crosswalk/*: a synthetic worked example of the 2025 rearrangement (no real units).
// Old province Sơn Lâm: Huyện Đồi {Xã Một, Xã Hai, Xã Ba}, Huyện Suối {Xã Bốn, Xã Năm};
// old province Hồ Tây: Huyện Bến {Xã Sáu}. From 2025 the new province Sơn Lâm has, without districts:
// Xã Đồi Mới ← Xã Một + Xã Hai (a merge within one district); Xã Ba Mới ← half of Xã Ba and
// Xã Giáp Ranh ← the other half of Xã Ba + Xã Bốn (a split, and a commune spanning two districts);
// Xã Năm ← Xã Năm (kept); Xã Sáu ← Xã Sáu of Hồ Tây (a province merge).
import { writeFileSync } from 'node:fs';

const dir = new URL('../fixtures/crosswalk/', import.meta.url);
const write = (name, lines) => writeFileSync(new URL(name, dir), lines.join('\n') + '\n');

const CROSSWALK = [
  'Tỉnh cũ;Huyện cũ;Xã cũ;Tỉnh mới;Xã mới;Năm hiệu lực;Tỷ lệ;Căn cứ',
  'Sơn Lâm;Huyện Đồi;Xã Một;Sơn Lâm;Xã Đồi Mới;2025;;ví dụ tổng hợp, không phải đơn vị thật',
  'Sơn Lâm;Huyện Đồi;Xã Hai;Sơn Lâm;Xã Đồi Mới;2025;;ví dụ tổng hợp, không phải đơn vị thật',
  'Sơn Lâm;Huyện Đồi;Xã Ba;Sơn Lâm;Xã Ba Mới;2025;0,5;ví dụ tổng hợp, không phải đơn vị thật',
  'Sơn Lâm;Huyện Đồi;Xã Ba;Sơn Lâm;Xã Giáp Ranh;2025;0,5;ví dụ tổng hợp, không phải đơn vị thật',
  'Sơn Lâm;Huyện Suối;Xã Bốn;Sơn Lâm;Xã Giáp Ranh;2025;;ví dụ tổng hợp, không phải đơn vị thật',
  'Sơn Lâm;Huyện Suối;Xã Năm;Sơn Lâm;Xã Năm;2025;;ví dụ tổng hợp, không phải đơn vị thật',
  'Hồ Tây;Huyện Bến;Xã Sáu;Sơn Lâm;Xã Sáu;2025;;ví dụ tổng hợp, không phải đơn vị thật',
];
write('crosswalk.csv', CROSSWALK);

// [province, district, commune, households, poor, old commune for some rows]
const Y2024 = [
  ['Sơn Lâm', 'Huyện Đồi', 'Xã Một', 10, 2], ['Sơn Lâm', 'Huyện Đồi', 'Xã Hai', 10, 2], ['Sơn Lâm', 'Huyện Đồi', 'Xã Ba', 10, 3],
  ['Sơn Lâm', 'Huyện Suối', 'Xã Bốn', 10, 1], ['Sơn Lâm', 'Huyện Suối', 'Xã Năm', 10, 4], ['Hồ Tây', 'Huyện Bến', 'Xã Sáu', 10, 5],
];
const Y2025 = [
  ['Sơn Lâm', '', 'Xã Đồi Mới', 20, 3], ['Sơn Lâm', '', 'Xã Ba Mới', 5, 1], ['Sơn Lâm', '', 'Xã Giáp Ranh', 15, 2],
  ['Sơn Lâm', '', 'Xã Năm', 10, 2], ['Sơn Lâm', '', 'Xã Sáu', 10, 4],
];
function households(year, units, oldCommune = () => '') {
  const rows = [];
  for (const [province, district, commune, count, poor] of units) {
    for (let i = 0; i < count; i++) rows.push([year, province, district, commune, i < poor ? 'hộ nghèo' : 'không nghèo', oldCommune(commune, i)].join(';'));
  }
  return rows;
}
write('ho-2024-2025.csv', ['Năm;Tỉnh;Huyện;Xã;Phân loại;Xã cũ', ...households(2024, Y2024), ...households(2025, Y2025)]);
// The same 2025 review with the old commune of the households of Xã Giáp Ranh: 10 from Xã Ba
// (the first of them poor), 5 from Xã Bốn (the first of them poor).
const giapRanh = (commune, i) => (commune === 'Xã Giáp Ranh' ? (i === 0 || (i >= 2 && i < 11) ? 'Xã Ba' : 'Xã Bốn') : '');
write('ho-2024-2025-xa-cu.csv', ['Năm;Tỉnh;Huyện;Xã;Phân loại;Xã cũ', ...households(2024, Y2024), ...households(2025, Y2025, giapRanh)]);

write('bad-overlap.csv', [CROSSWALK[0], CROSSWALK[1], CROSSWALK[3].replace(';0,5;', ';0,6;'), CROSSWALK[4]]);
write('bad-cycle.csv', [CROSSWALK[0], 'Sơn Lâm;Huyện Đồi;Xã Một;Sơn Lâm;Xã Hai;2025;;', 'Sơn Lâm;Huyện Đồi;Xã Hai;Sơn Lâm;Xã Một;2025;;']);
write('bad-unknown.csv', [...CROSSWALK, 'Sơn Lâm;Huyện Đồi;Xã Bẩy;Sơn Lâm;Xã Đồi Mới;2025;;']);
write('bad-missing.csv', [CROSSWALK[0], 'Sơn Lâm;Huyện Đồi;Xã Một;Sơn Lâm;;2025;;']);
