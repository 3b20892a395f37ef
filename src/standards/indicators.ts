// Deprivation indicators shared by the standards (names from domain.md §1).
import type { Indicator } from './types.js';

const dim = {
  employment: { vi: 'Việc làm', en: 'Employment' },
  health: { vi: 'Y tế', en: 'Health' },
  education: { vi: 'Giáo dục', en: 'Education' },
  housing: { vi: 'Nhà ở', en: 'Housing' },
  water: { vi: 'Nước sinh hoạt và vệ sinh', en: 'Water and sanitation' },
  information: { vi: 'Thông tin', en: 'Information' },
  environment: { vi: 'Môi trường', en: 'Environment' },
};

export const INDICATORS: Record<string, Indicator> = {
  employment: { column: 'd_employment', dimension: dim.employment, name: { vi: 'Việc làm', en: 'Employment' } },
  dependants: { column: 'd_dependants', dimension: dim.employment, name: { vi: 'Người phụ thuộc trong hộ gia đình', en: 'Dependants' } },
  nutrition: { column: 'd_nutrition', dimension: dim.health, name: { vi: 'Dinh dưỡng', en: 'Nutrition' } },
  healthAccess: { column: 'd_health_access', dimension: dim.health, name: { vi: 'Tiếp cận các dịch vụ y tế', en: 'Access to health services' } },
  healthInsurance: { column: 'd_health_insurance', dimension: dim.health, name: { vi: 'Bảo hiểm y tế', en: 'Health insurance' } },
  adultEducation: { column: 'd_adult_education', dimension: dim.education, name: { vi: 'Trình độ giáo dục của người lớn', en: 'Adult education' } },
  childSchooling: { column: 'd_child_schooling', dimension: dim.education, name: { vi: 'Tình trạng đi học của trẻ em', en: "Children's schooling" } },
  housingQuality: { column: 'd_housing_quality', dimension: dim.housing, name: { vi: 'Chất lượng nhà ở', en: 'Housing quality' } },
  housingArea: { column: 'd_housing_area', dimension: dim.housing, name: { vi: 'Diện tích nhà ở bình quân đầu người', en: 'Housing area per capita' } },
  water: { column: 'd_water', dimension: dim.water, name: { vi: 'Nguồn nước sinh hoạt', en: 'Domestic water' } },
  sanitation: { column: 'd_sanitation', dimension: dim.water, name: { vi: 'Nhà tiêu hợp vệ sinh', en: 'Sanitation' } },
  telecom: { column: 'd_telecom', dimension: dim.information, name: { vi: 'Sử dụng dịch vụ viễn thông', en: 'Telecom services' } },
  information: { column: 'd_information', dimension: dim.information, name: { vi: 'Phương tiện phục vụ tiếp cận thông tin', en: 'Means of information' } },
  informationAssets: { column: 'd_information', dimension: dim.information, name: { vi: 'Tài sản phục vụ tiếp cận thông tin', en: 'Information assets' } },
  digital: { column: 'd_digital', dimension: dim.information, name: { vi: 'Sử dụng dịch vụ số / internet', en: 'Digital services / internet' } },
  waste: { column: 'd_waste', dimension: dim.environment, name: { vi: 'Xử lý rác thải sinh hoạt', en: 'Household waste treatment' } },
};
