// Canonical columns of the two kinds of input file and their (normalised) aliases.
import { normalizeHeader } from './normalize.js';

export type FileKind = 'households' | 'summaries';

/** Deprivation indicator columns: canonical `d_*` name → Vietnamese aliases (normalised). */
export const INDICATOR_COLUMNS: Record<string, string[]> = {
  d_employment: ['viec_lam'],
  d_dependants: ['nguoi_phu_thuoc', 'nguoi_phu_thuoc_trong_ho_gia_dinh'],
  d_nutrition: ['dinh_duong'],
  d_health_insurance: ['bao_hiem_y_te'],
  d_adult_education: ['trinh_do_giao_duc_nguoi_lon', 'trinh_do_giao_duc_cua_nguoi_lon'],
  d_child_schooling: ['tinh_trang_di_hoc_tre_em', 'tinh_trang_di_hoc_cua_tre_em'],
  d_housing_quality: ['chat_luong_nha_o'],
  d_housing_area: ['dien_tich_nha_o', 'dien_tich_nha_o_binh_quan_dau_nguoi'],
  d_water: ['nguon_nuoc_sinh_hoat'],
  d_sanitation: ['nha_tieu_hop_ve_sinh'],
  d_telecom: ['dich_vu_vien_thong', 'su_dung_dich_vu_vien_thong'],
  d_information: ['phuong_tien_tiep_can_thong_tin', 'phuong_tien_phuc_vu_tiep_can_thong_tin', 'tai_san_phuc_vu_tiep_can_thong_tin'],
  // vn-2016-2020 only
  d_health_access: ['tiep_can_dich_vu_y_te', 'tiep_can_cac_dich_vu_y_te'],
  // vn-2027-2030 additions (indicator list not verified, see domain.md)
  d_digital: ['dich_vu_so', 'tiep_can_dich_vu_so', 'internet'],
  d_waste: ['xu_ly_rac_thai', 'rac_thai_sinh_hoat'],
};

const UNIT_COLUMNS: Record<string, string[]> = {
  year: ['nam', 'nam_ra_soat'],
  province: ['tinh', 'tinh_thanh_pho', 'ten_tinh'],
  district: ['huyen', 'quan_huyen', 'ten_huyen'],
  commune: ['xa', 'xa_phuong', 'xa_phuong_thi_tran', 'ten_xa'],
};

export const HOUSEHOLD_COLUMNS: Record<string, string[]> = {
  household_id: ['ma_ho', 'ma_ho_gia_dinh', 'id_ho'],
  ...UNIT_COLUMNS,
  area: ['khu_vuc', 'thanh_thi_nong_thon'],
  ethnic_minority: ['dtts', 'dan_toc_thieu_so', 'ho_dtts'],
  meritorious: ['nguoi_co_cong', 'ho_nguoi_co_cong', 'ho_chinh_sach_nguoi_co_cong'],
  household_size: ['so_nhan_khau', 'so_nguoi'],
  income_per_capita: ['thu_nhap_binh_quan', 'thu_nhap_binh_quan_dau_nguoi', 'thu_nhap_bq_nguoi_thang'],
  ...Object.fromEntries(Object.entries(INDICATOR_COLUMNS).map(([name, aliases]) => [name, [...aliases, ...aliases.map((a) => `d_${a}`)]])),
  deprivation_count: ['so_chi_so_thieu_hut'],
  status: ['phan_loai', 'ket_qua_phan_loai'],
  transition: ['dien_bien'],
  loan_need: ['co_nhu_cau_vay_von'],
  loan_received: ['duoc_vay_von'],
  training_need: ['co_nhu_cau_hoc_nghe'],
  training_received: ['duoc_ho_tro_hoc_nghe'],
  standard: ['chuan_ngheo'],
  old_commune: ['xa_cu', 'xa_phuong_cu', 'ten_xa_cu'],
};

export const SUMMARY_COLUMNS: Record<string, string[]> = {
  ...UNIT_COLUMNS,
  group: ['nhom'],
  households: ['tong_so_ho', 'tong_so_ho_dan_cu'],
  poor: ['so_ho_ngheo'],
  near_poor: ['so_ho_can_ngheo'],
  poor_rate: ['ty_le_ho_ngheo'],
  near_poor_rate: ['ty_le_ho_can_ngheo'],
  escaped: ['so_ho_thoat_ngheo'],
  re_poor: ['so_ho_tai_ngheo'],
  new_poor: ['so_ho_ngheo_phat_sinh'],
  escaped_near_poor: ['so_ho_thoat_can_ngheo'],
  re_near_poor: ['so_ho_tai_can_ngheo'],
  new_near_poor: ['so_ho_can_ngheo_phat_sinh'],
  loan_need: [],
  loan_met: [],
  training_need: [],
  training_met: [],
  extremely_difficult: ['xa_dbkk', 'xa_dac_biet_kho_khan'],
  standard: ['chuan_ngheo'],
  old_commune: ['xa_cu', 'xa_phuong_cu', 'ten_xa_cu'],
};

/** The crosswalk of the 2025 rearrangement: old commune (in old district, province) → new commune. */
export const CROSSWALK_COLUMNS: Record<string, string[]> = {
  old_province: ['tinh_cu', 'ten_tinh_cu'],
  old_district: ['huyen_cu', 'quan_huyen_cu', 'ten_huyen_cu'],
  old_commune: ['xa_cu', 'xa_phuong_cu', 'ten_xa_cu'],
  new_province: ['tinh_moi', 'ten_tinh_moi'],
  new_commune: ['xa_moi', 'xa_phuong_moi', 'ten_xa_moi'],
  effective_year: ['nam_hieu_luc', 'hieu_luc_tu_nam', 'tu_nam'],
  share: ['ty_le', 'ty_le_sap_nhap'],
  source: ['nguon', 'can_cu', 'can_cu_phap_ly'],
};

/** Columns whose presence says "this is a summary file" / "this is a household file". */
const SUMMARY_MARKERS = ['households', 'poor', 'near_poor', 'poor_rate', 'near_poor_rate', 'group'];
const HOUSEHOLD_MARKERS = ['household_id', 'income_per_capita', 'status', 'deprivation_count', ...Object.keys(INDICATOR_COLUMNS)];

/** normalised alias → canonical column, built once per kind. A Map, so `__proto__` is only a key. */
function aliasMap(columns: Record<string, string[]>): Map<string, string> {
  const map = new Map<string, string>();
  for (const [canonical, aliases] of Object.entries(columns)) {
    map.set(normalizeHeader(canonical), canonical);
    for (const alias of aliases) map.set(normalizeHeader(alias), canonical);
  }
  return map;
}

export const ALIASES: Record<FileKind, Map<string, string>> = {
  households: aliasMap(HOUSEHOLD_COLUMNS),
  summaries: aliasMap(SUMMARY_COLUMNS),
};
export const CROSSWALK_ALIASES = aliasMap(CROSSWALK_COLUMNS);

export interface HeaderMapping {
  kind: FileKind;
  /** canonical column → field index */
  index: Map<string, number>;
  /** header cells that matched no column, as written */
  unknown: string[];
}

export type HeaderProblem =
  | { code: 'duplicateColumn'; column: string; first: number; second: number }
  | { code: 'unknownKind'; missing: string };

/** Decide the kind of file from its header and map every header cell to its canonical column. */
export function mapHeader(header: string[], forcedKind?: FileKind): HeaderMapping | HeaderProblem {
  const normalized = header.map(normalizeHeader);
  const score = (kind: FileKind, markers: string[]) =>
    normalized.filter((h) => markers.includes(ALIASES[kind].get(h) ?? '')).length;
  const kind: FileKind | undefined =
    forcedKind ??
    (score('summaries', SUMMARY_MARKERS) > 0 ? 'summaries' : score('households', HOUSEHOLD_MARKERS) > 0 ? 'households' : undefined);
  if (!kind) {
    return { code: 'unknownKind', missing: `${SUMMARY_MARKERS.join(', ')} | ${HOUSEHOLD_MARKERS.slice(0, 4).join(', ')}` };
  }
  const index = new Map<string, number>();
  const unknown: string[] = [];
  for (let i = 0; i < normalized.length; i++) {
    const canonical = ALIASES[kind].get(normalized[i]);
    if (!canonical) {
      if (header[i].trim() !== '') unknown.push(header[i]);
      continue;
    }
    const first = index.get(canonical);
    if (first !== undefined) return { code: 'duplicateColumn', column: canonical, first: first + 1, second: i + 1 };
    index.set(canonical, i);
  }
  return { kind, index, unknown };
}
