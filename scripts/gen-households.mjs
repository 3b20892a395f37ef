// A deterministic generator of realistic household review files for the benchmark:
//   node scripts/gen-households.mjs <rows> <file> [--years 2023,2024] [--quotes] [--communes N] [--sorted]
// The contract's columns with Vietnamese headers, ",", real province/district/commune names, income in
// VND, x marks for the 12 deprivations, no status column (povcheck must classify). 12 communes in each
// of the 31 districts (372), or about N in all with --communes (a national review names ~10,000:
// numbered names, as many in each district); households come in no order of their communes, or with
// --sorted commune by commune, numbered in that order, as a commune-by-commune export lists them.
import { createWriteStream } from 'node:fs';

const args = process.argv.slice(2);
const rows = Number(args[0] ?? 1_000_000);
const file = args[1] ?? 'bench/households-1m.csv';
const years = (args.includes('--years') ? args[args.indexOf('--years') + 1] : '2023,2024').split(',').map(Number);
const quotes = args.includes('--quotes');
const communes = args.includes('--communes') ? Number(args[args.indexOf('--communes') + 1]) : undefined;
const sorted = args.includes('--sorted');

// mulberry32: the same file for the same arguments
let seed = 20251231;
const random = () => {
  seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const PROVINCES = {
  'Lâm Đồng': ['Đam Rông', 'Lạc Dương', 'Lâm Hà', 'Đơn Dương', 'Đức Trọng', 'Di Linh', 'Bảo Lâm', 'Đạ Huoai'],
  'Thái Nguyên': ['Võ Nhai', 'Đồng Hỷ', 'Phú Lương', 'Định Hóa', 'Đại Từ', 'Phú Bình'],
  'Thừa Thiên Huế': ['A Lưới', 'Nam Đông', 'Phong Điền', 'Quảng Điền', 'Phú Vang', 'Phú Lộc'],
  'Hà Giang': ['Đồng Văn', 'Mèo Vạc', 'Yên Minh', 'Quản Bạ', 'Bắc Mê', 'Hoàng Su Phì'],
  'Điện Biên': ['Mường Nhé', 'Nậm Pồ', 'Tủa Chùa', 'Điện Biên Đông', 'Mường Ảng'],
};
const COMMUNE_WORDS = ['Hồng', 'Phú', 'Tân', 'Thượng', 'Hạ', 'Trung', 'Đông', 'Tây', 'Nam', 'Bắc', 'Sơn', 'Thủy', 'Lâm', 'An', 'Hòa', 'Bình'];
const units = [];
const districtCount = Object.values(PROVINCES).flat().length;
const perDistrict = communes === undefined ? 12 : Math.max(1, Math.round(communes / districtCount));
for (const [province, districts] of Object.entries(PROVINCES)) {
  for (const district of districts) {
    for (let c = 0; c < perDistrict; c++) {
      const name = `Xã ${COMMUNE_WORDS[c % 16]} ${COMMUNE_WORDS[(c * 7 + district.length) % 16]}`;
      units.push([province, `Huyện ${district}`, c < 16 ? name : `${name} ${Math.floor(c / 16)}`, random() < 0.7]);
    }
  }
}

const header = ['Mã hộ', 'Năm rà soát', 'Tỉnh', 'Huyện', 'Xã', 'Khu vực', 'Hộ DTTS', 'Hộ người có công', 'Số nhân khẩu', 'Thu nhập bình quân',
  'Việc làm', 'Người phụ thuộc', 'Dinh dưỡng', 'Bảo hiểm y tế', 'Trình độ giáo dục người lớn', 'Tình trạng đi học trẻ em', 'Chất lượng nhà ở',
  'Diện tích nhà ở', 'Nguồn nước sinh hoạt', 'Nhà tiêu hợp vệ sinh', 'Dịch vụ viễn thông', 'Phương tiện tiếp cận thông tin',
  'Có nhu cầu vay vốn', 'Được vay vốn', 'Có nhu cầu học nghề', 'Được hỗ trợ học nghề'];

const out = createWriteStream(file);
out.write(header.join(',') + '\n');
const perYear = Math.ceil(rows / years.length);
let written = 0;
let chunk = [];
const flush = () => { out.write(chunk.join('')); chunk = []; };
for (const year of years) {
  for (let i = 0; i < perYear && written < rows; i++, written++) {
    // a household keeps its commune and its area from one review year to the next (a panel)
    const [province, district, commune, minority] = units[sorted ? Math.floor((i * units.length) / perYear) : (i * 7919) % units.length];
    const urban = (i * 2654435761) % 100 < 15;
    const poorish = random() < (minority ? 0.35 : 0.12);
    const income = Math.round((poorish ? 600_000 + random() * 1_500_000 : 1_200_000 + random() * 6_000_000) / 1000) * 1000;
    const deprived = poorish ? 1 + Math.floor(random() * 5) : Math.floor(random() * 3);
    const flags = Array.from({ length: 12 }, () => (random() < deprived / 12 ? 'x' : ''));
    const need = poorish && random() < 0.5;
    const train = poorish && random() < 0.3;
    const communeCell = quotes && i % 97 === 0 ? `"${commune}, thôn ""Mới""\nghi chú"` : commune;
    chunk.push(`H${String(i).padStart(8, '0')},${year},${province},${district},${communeCell},${urban ? 'Thành thị' : 'Nông thôn'},${minority && random() < 0.8 ? 'x' : ''},${random() < 0.02 ? 'x' : ''},${1 + Math.floor(random() * 7)},${income},${flags.join(',')},${need ? 'x' : ''},${need && random() < 0.9 ? 'x' : ''},${train ? 'x' : ''},${train && random() < 0.8 ? 'x' : ''}\n`);
    if (chunk.length >= 10_000) flush();
  }
}
flush();
out.end();
