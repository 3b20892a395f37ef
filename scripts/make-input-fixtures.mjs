// Writes fixtures/inputs/*.csv: one small file per input quirk and per kind of bad input.
// Their expected outcomes are written by hand in fixtures/inputs/expected.json.
import { writeFileSync } from 'node:fs';

const dir = new URL('../fixtures/inputs/', import.meta.url);
const write = (name, data) => writeFileSync(new URL(name, dir), data);
const H = 'Mã hộ;Năm rà soát;Tỉnh;Huyện;Xã;Khu vực;Thu nhập bình quân;Số chỉ số thiếu hụt';
const row = (id, income, d = 3, extra = {}) =>
  [id, extra.year ?? 2022, extra.province ?? 'Lâm Đồng', 'Đam Rông', extra.commune ?? 'Xã Phi Liêng', extra.area ?? 'Nông thôn', income, d].join(';');
const lines = (...ls) => ls.join('\r\n') + '\r\n';

// windows-1258: precomposed base letters (â ê ô ơ ư ă đ) plus combining tone marks.
const cp1258 = new Map();
const decoder = new TextDecoder('windows-1258');
for (let b = 0; b < 256; b++) cp1258.set(decoder.decode(Uint8Array.of(b)), b);
function encode1258(text) {
  const bytes = [];
  for (const ch of text.normalize('NFC')) {
    if (cp1258.has(ch)) { bytes.push(cp1258.get(ch)); continue; }
    const [base, ...marks] = ch.normalize('NFD');
    const shape = marks.find((m) => ['\u0302', '\u0306', '\u031b'].includes(m));
    const parts = [shape ? (base + shape).normalize('NFC') : base, ...marks.filter((m) => m !== shape)];
    for (const part of parts) {
      if (!cp1258.has(part)) throw new Error(`cannot encode ${ch} in windows-1258`);
      bytes.push(cp1258.get(part));
    }
  }
  return Buffer.from(bytes);
}
const utf16be = (text) => Buffer.from(text, 'utf16le').swap16();

const plain = lines(H, row('H1', '1.500.000', 3), row('H2', '1.500.001', 5));
write('utf8-bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(plain.replaceAll(';', ','))]));
write('utf16le-tab.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(plain.replaceAll(';', '\t'), 'utf16le')]));
write('utf16be.csv', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(plain)]));
write('windows-1258.csv', encode1258(plain));
write('nfd-text.csv', lines(H.normalize('NFD'), row('H1', '1.200.000', 4, { province: 'Lâm Đồng'.normalize('NFD') }), row('H2', '1.200.000', 1)));
write('comma-dot.csv', lines(H.replaceAll(';', ','), 'H1,2022,Lâm Đồng,Đam Rông,Xã Phi Liêng,Nông thôn,"1,200,000",3', 'H2,2022,Lâm Đồng,Đam Rông,Xã Phi Liêng,Nông thôn,"2,000,000.5",0'));
write('quoted.csv', lines(H + ';Ghi chú',
  row('H1', '1.200.000') + ';"có dấu ; trong ô"',
  row('H2', '1.200.000') + ';"ghi chú\r\nhai dòng, có ""ngoặc kép"""',
  row('H3', 'abc') + ';'));
write('x-marks.csv', lines('Mã hộ;Năm;Tỉnh;Xã;Khu vực;Thu nhập bình quân;Việc làm;Bảo hiểm y tế;Nguồn nước sinh hoạt;Nhà tiêu hợp vệ sinh;Dịch vụ viễn thông',
  'H1;2022;Lâm Đồng;Xã Phi Liêng;Nông thôn;1.000.000;x;X;✓;;',
  'H2;2022;Lâm Đồng;Xã Phi Liêng;Nông thôn;1.000.000;có;;;;',
  'H3;2022;Lâm Đồng;Xã Phi Liêng;Nông thôn;1.000.000;1;1;1;1;1'));
write('blank-lines.csv', lines(H, row('H1', '1.200.000'), '', ';;;;;;;', row('H2', 'abc')));
write('unknown-columns.csv', lines(H + ';__proto__;constructor;Ghi chú', row('H1', '1.200.000') + ';a;b;c'));
write('trailing-empty-fields.csv', lines(H, row('H1', '1.200.000') + ';;', row('H2', '1.200.000')));
write('summary-percent.csv', lines('Năm;Tỉnh;Huyện;Tổng số hộ;Số hộ nghèo;Tỷ lệ hộ nghèo',
  '2021;Thừa Thiên Huế;A Lưới;14.050;7.022;49,98%',
  '2022;Thừa Thiên Huế;A Lưới;14.200;6.000;40,00%'));
write('bad-number.csv', lines(H, row('H1', '1.200.000'), row('H2', '1,5tr')));
write('bad-yes-no.csv', lines(H + ';Hộ DTTS', row('H1', '1.200.000') + ';x', row('H2', '1.200.000') + ';có lẽ'));
write('bad-area.csv', lines(H, row('H1', '1.200.000', 3, { area: 'miền núi' })));
write('ragged.csv', lines(H, row('H1', '1.200.000'), 'H2;2022;Lâm Đồng;Đam Rông'));
write('invalid-utf8.csv', Buffer.concat([Buffer.from(lines(H, row('H1', '1.200.000'))), Buffer.from('H2;2022;Lâm Đồng;Đam Rông;Xã Phi '), Buffer.from([0xff, 0xfe]), Buffer.from(';Nông thôn;1.200.000;3\r\n')]));
write('duplicate-column.csv', lines('Mã hộ;MA_HO;Năm;Tỉnh;Khu vực;Thu nhập bình quân', 'H1;H1;2022;Lâm Đồng;Nông thôn;1.200.000'));
write('unknown-kind.csv', lines('a;b;c', '1;2;3'));
write('empty.csv', '');
write('missing-year.csv', lines('Mã hộ;Tỉnh;Khu vực;Thu nhập bình quân', 'H1;Lâm Đồng;Nông thôn;1.200.000'));
write('duplicate-household.csv', lines(H, row('H1', '1.200.000'), row('H1', '900.000')));
write('cannot-classify.csv', lines(H, row('H1', '1.200.000', 3, { area: '' }), 'H2;2022;Lâm Đồng;Đam Rông;Xã Phi Liêng;Nông thôn;1.200.000;', row('H3', '', 3)));
write('status-disagrees.csv', lines(H + ';Phân loại', row('H1', '2.500.000', 5) + ';Hộ nghèo', row('H2', '1.000.000', 4) + ';hộ nghèo'));
write('no-standard-year.csv', lines(H, row('H1', '1.200.000', 3, { year: 2010 })));
write('unclosed-quote.csv', lines(H, row('H1', '1.200.000'), 'H2;2022;"Lâm Đồng;Đam Rông;Xã;Nông thôn;1;1'));
