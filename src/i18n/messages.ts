// Message catalogues. Every user-facing sentence is here, in English and Vietnamese, with
// `{name}` placeholders. A test fails when a message id lacks a translation.

export type Lang = 'en' | 'vi';

const en = {
  // errors that stop the run (exit 2)
  fileNotFound: 'file not found: {file}',
  fileUnreadable: 'cannot read {file}: {reason}',
  fileIsDirectory: '{file} is a directory, not a CSV file',
  csvMalformed: 'malformed CSV: {detail}',
  emptyFile: 'the file is empty: no header line',
  unknownKind: 'cannot tell the kind of file from its header: expected household columns (income_per_capita, status, household_id, deprivations) or summary columns (households, poor, poor_rate, group)',
  duplicateColumn: 'duplicate column "{column}": header cells {first} and {second} both name it',
  missingColumns: 'a {kind} file needs the column(s) {columns}',
  householdNeedsClassification: 'a household file needs income_per_capita (with area) or status to classify households',
  badOption: 'invalid value "{value}" for {option}: expected {expected}',
  tooManyRejects: '{rejected} row(s) rejected, more than --max-rejects {max} allows',
  noDataFiles: 'no data files given: use --data <files...>',
  // row rejects
  invalidBytes: 'bytes that are not valid {encoding}',
  raggedRow: 'expected {expected} fields, found {found}',
  notANumber: 'not a number in the {convention} convention',
  notAWholeNumber: 'expected a whole number',
  outOfRange: 'expected a value from {min} to {max}',
  notYesNo: 'expected yes/no (1, x, có, yes / 0, blank, không, no)',
  notArea: 'expected urban (thành thị, 1) or rural (nông thôn, 2)',
  notStatus: 'expected poor (hộ nghèo), near_poor (hộ cận nghèo) or non_poor (không nghèo)',
  notTransition: 'expected a transition: thoát nghèo, tái nghèo, nghèo phát sinh, thoát cận nghèo, tái cận nghèo, cận nghèo phát sinh',
  notGroup: 'expected a group: all, ethnic_minority, non_ethnic_minority, urban, rural, meritorious',
  notStandard: 'expected a poverty standard id: {ids}',
  required: 'a value is required',
  noStandardForYear: 'no poverty standard is known for review year {year}; use --standard',
  cannotClassify: 'cannot classify: {missing}',
  duplicateHousehold: 'household {id} appears twice in review year {year} (first on line {first})',
  receivedWithoutNeed: '{column} is yes but the matching need column is not',
  // findings (data-quality notes)
  statusDisagrees: 'given status {given} but the {standard} rule gives {computed}',
  rateDisagrees: 'stated {column} {stated} % but the counts give {computed} %',
  unknownColumns: 'columns not used: {columns}',
  blankLines: '{count} blank line(s) skipped',
  indicatorsMissing: 'deprivation columns absent for {standard}: {indicators}; counted as not deprived',
  tallyDisagrees: '{unit} {year} {group}: households give {field} = {household}, summary rows give {summary}',
  decimalConflict: 'cells in both number conventions; using "{decimal}"',
  // validate report
  validateHeading: '{file}: {kind}, {encoding}, delimiter {delimiter}, decimal {decimal}',
  validateCounts: 'rows read {rows}, accepted {accepted}, rejected {rejected}',
  validateBlank: 'blank share of {column}: {share}',
  validateClean: 'no problems found',
  kindHouseholds: 'household records',
  kindSummaries: 'unit summaries',
} as const;

export type MessageId = keyof typeof en;

const vi: Record<MessageId, string> = {
  fileNotFound: 'không tìm thấy tệp: {file}',
  fileUnreadable: 'không đọc được {file}: {reason}',
  fileIsDirectory: '{file} là thư mục, không phải tệp CSV',
  csvMalformed: 'tệp CSV sai cấu trúc: {detail}',
  emptyFile: 'tệp rỗng: không có dòng tiêu đề',
  unknownKind: 'không xác định được loại tệp từ dòng tiêu đề: cần các cột của danh sách hộ (thu nhập bình quân, phân loại, mã hộ, các chỉ số thiếu hụt) hoặc của biểu tổng hợp (tổng số hộ, số hộ nghèo, tỷ lệ hộ nghèo, nhóm)',
  duplicateColumn: 'cột "{column}" bị trùng: ô tiêu đề {first} và {second} cùng chỉ cột này',
  missingColumns: 'tệp {kind} cần có cột {columns}',
  householdNeedsClassification: 'tệp danh sách hộ cần cột thu nhập bình quân (kèm khu vực) hoặc cột phân loại để phân loại hộ',
  badOption: 'giá trị "{value}" không hợp lệ cho {option}: cần {expected}',
  tooManyRejects: '{rejected} dòng bị loại, vượt mức --max-rejects {max}',
  noDataFiles: 'chưa chỉ định tệp dữ liệu: dùng --data <tệp...>',
  invalidBytes: 'có byte không hợp lệ theo bảng mã {encoding}',
  raggedRow: 'cần {expected} trường, có {found}',
  notANumber: 'không phải số theo quy ước {convention}',
  notAWholeNumber: 'cần một số nguyên',
  outOfRange: 'cần giá trị từ {min} đến {max}',
  notYesNo: 'cần có/không (1, x, có, yes / 0, để trống, không, no)',
  notArea: 'cần thành thị (urban, 1) hoặc nông thôn (rural, 2)',
  notStatus: 'cần hộ nghèo (poor), hộ cận nghèo (near_poor) hoặc không nghèo (non_poor)',
  notTransition: 'cần diễn biến: thoát nghèo, tái nghèo, nghèo phát sinh, thoát cận nghèo, tái cận nghèo, cận nghèo phát sinh',
  notGroup: 'cần nhóm: all, ethnic_minority, non_ethnic_minority, urban, rural, meritorious',
  notStandard: 'cần mã chuẩn nghèo: {ids}',
  required: 'không được để trống',
  noStandardForYear: 'chưa có chuẩn nghèo cho năm rà soát {year}; dùng --standard',
  cannotClassify: 'không phân loại được: {missing}',
  duplicateHousehold: 'hộ {id} xuất hiện hai lần trong năm rà soát {year} (lần đầu ở dòng {first})',
  receivedWithoutNeed: '{column} là có nhưng cột nhu cầu tương ứng thì không',
  statusDisagrees: 'phân loại ghi {given} nhưng theo {standard} là {computed}',
  rateDisagrees: '{column} ghi {stated} % nhưng tính từ số hộ được {computed} %',
  unknownColumns: 'các cột không dùng: {columns}',
  blankLines: 'bỏ qua {count} dòng trống',
  indicatorsMissing: 'thiếu cột chỉ số thiếu hụt của {standard}: {indicators}; coi như không thiếu hụt',
  tallyDisagrees: '{unit} {year} {group}: danh sách hộ cho {field} = {household}, biểu tổng hợp ghi {summary}',
  decimalConflict: 'có ô theo cả hai quy ước số; dùng "{decimal}"',
  validateHeading: '{file}: {kind}, {encoding}, dấu phân cách {delimiter}, dấu thập phân {decimal}',
  validateCounts: 'số dòng đọc {rows}, nhận {accepted}, loại {rejected}',
  validateBlank: 'tỷ lệ ô trống của {column}: {share}',
  validateClean: 'không phát hiện vấn đề',
  kindHouseholds: 'danh sách hộ',
  kindSummaries: 'biểu tổng hợp',
};

export const catalogues: Record<Lang, Record<MessageId, string>> = { en, vi };

export function format(lang: Lang, id: MessageId, params: Record<string, string | number | undefined> = {}): string {
  const template = catalogues[lang][id] ?? catalogues.en[id] ?? id;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (params[name] === undefined ? match : String(params[name])));
}

/** `--lang`, else LC_ALL / LANG: Vietnamese when it starts with `vi`, otherwise English. */
export function resolveLang(option: string | undefined, env: NodeJS.ProcessEnv): Lang {
  if (option === 'vi' || option === 'en') return option;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return locale.toLowerCase().startsWith('vi') ? 'vi' : 'en';
}
