// Writes fixtures/sample/ho-ngheo-a-luoi-vo-nhai.csv: a deterministic household review of five
// communes in two districts for review years 2021 and 2022, as an analyst would export it
// (Vietnamese headers, ";" delimiter, "1.500.000" numbers, "x" marks for deprivations).
// The status of every household is designed (see PLAN); tests/sample.test.ts works the expected
// figures out from the same plan by hand.
import { writeFileSync } from 'node:fs';

// [code, province, district, commune, area, ethnic minority?, [count, status2021, status2022]...]
export const PLAN = [
  ['HK', 'Thừa Thiên Huế', 'A Lưới', 'Xã Hồng Kim', 'Nông thôn', true, [[8, 'P', 'P'], [2, 'P', 'N'], [1, 'N', 'N'], [2, 'N', 'O'], [7, 'O', 'O']]],
  ['AN', 'Thừa Thiên Huế', 'A Lưới', 'Xã A Ngo', 'Nông thôn', true, [[6, 'P', 'P'], [3, 'P', 'N'], [1, 'N', 'P'], [1, 'N', 'N'], [2, 'N', 'O'], [7, 'O', 'O']]],
  ['TT', 'Thừa Thiên Huế', 'A Lưới', 'Thị trấn A Lưới', 'Thành thị', 'odd', [[3, 'P', 'P'], [1, 'P', 'O'], [2, 'N', 'N'], [14, 'O', 'O']]],
  ['LH', 'Thái Nguyên', 'Võ Nhai', 'Xã La Hiên', 'Nông thôn', false, [[5, 'P', 'P'], [1, 'P', 'O'], [2, 'N', 'N'], [12, 'O', 'O']]],
  ['TS', 'Thái Nguyên', 'Võ Nhai', 'Xã Thần Sa', 'Nông thôn', true, [[11, 'P', 'P'], [1, 'P', 'N'], [1, 'N', 'P'], [2, 'N', 'N'], [5, 'O', 'O']]],
];

const INDICATORS = ['Việc làm', 'Người phụ thuộc', 'Dinh dưỡng', 'Bảo hiểm y tế', 'Trình độ giáo dục người lớn', 'Tình trạng đi học trẻ em',
  'Chất lượng nhà ở', 'Diện tích nhà ở', 'Nguồn nước sinh hoạt', 'Nhà tiêu hợp vệ sinh', 'Dịch vụ viễn thông', 'Phương tiện tiếp cận thông tin'];
const HEADER = ['Mã hộ', 'Năm rà soát', 'Tỉnh', 'Huyện', 'Xã', 'Khu vực', 'Hộ DTTS', 'Hộ người có công', 'Số nhân khẩu',
  'Thu nhập bình quân đầu người', ...INDICATORS, 'Có nhu cầu vay vốn', 'Được vay vốn', 'Có nhu cầu học nghề', 'Được hỗ trợ học nghề'];

// Vietnamese convention: "." between thousands, "," before decimals (income per person is often fractional).
const vnd = (n) => {
  const [whole, fraction] = String(n).split('.');
  return whole.replace(/\B(?=(\d{3})+(?!\d))/g, '.') + (fraction ? `,${fraction}` : '');
};

/** Income and deprivation count that give `status` under vn-2022-2025 (rural line 1.5M, urban 2M). */
function profile(status, urban, i, year) {
  const line = urban ? 2_000_000 : 1_500_000;
  const drift = (year - 2021) * 50_000;
  if (status === 'P') return { income: line - 800_000 + ((i * 37_000) % 700_000) + drift, deprived: 3 + (i % 3) };
  // one near-poor household sits exactly on the line: "≤ line" includes it
  if (status === 'N') return { income: i === 0 ? line : line - 500_000 + ((i * 53_000) % 500_000), deprived: i % 3 };
  // one non-poor household is one đồng above the line with 4 deprivations: still not poor (AND rule)
  return { income: i === 0 ? line + 1 : line + 300_000 + ((i * 91_000) % 2_000_000) + drift, deprived: i % 5 };
}

const rows = [HEADER.join(';')];
for (const year of [2021, 2022]) {
  for (const [code, province, district, commune, area, em, groups] of PLAN) {
    let n = 0;
    for (const [count, s2021, s2022] of groups) {
      for (let k = 0; k < count; k++, n++) {
        const status = year === 2021 ? s2021 : s2022;
        const { income: base, deprived } = profile(status, area === 'Thành thị', n, year);
        // every fourth household reports a fractional income, kept clear of the lines
        const income = n % 4 === 3 ? base + 0.5 : base;
        const marks = INDICATORS.map((_, j) => ((j - n + 24) % 12 < deprived ? 'x' : ''));
        const ethnic = em === 'odd' ? n % 2 === 1 : em;
        const needsLoan = status !== 'O' && n % 2 === 0;
        const needsTraining = status === 'P' && n % 3 === 0;
        rows.push([
          `${code}-${String(n + 1).padStart(3, '0')}`, year, province, district, commune, area, ethnic ? 'x' : '', n === 19 ? 'x' : '',
          2 + (n % 5), vnd(income), ...marks,
          needsLoan ? 'x' : '', needsLoan ? 'x' : '', needsTraining ? 'x' : '', needsTraining ? 'x' : '',
        ].join(';'));
      }
    }
  }
}
writeFileSync(new URL('../fixtures/sample/ho-ngheo-a-luoi-vo-nhai.csv', import.meta.url), rows.join('\r\n') + '\r\n');
