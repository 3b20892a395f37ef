// DuckDB on the same household file, the same tallies (households, poor, near-poor per district and
// review year, classified under vn-2022-2025): node scripts/bench-duckdb.mjs <file> [threads]
// Prints the tallies as JSON lines on stdout.
import { DuckDBInstance } from '@duckdb/node-api';

const [file, threads = '2'] = process.argv.slice(2);
const flags = ['Việc làm', 'Người phụ thuộc', 'Dinh dưỡng', 'Bảo hiểm y tế', 'Trình độ giáo dục người lớn', 'Tình trạng đi học trẻ em', 'Chất lượng nhà ở',
  'Diện tích nhà ở', 'Nguồn nước sinh hoạt', 'Nhà tiêu hợp vệ sinh', 'Dịch vụ viễn thông', 'Phương tiện tiếp cận thông tin'];
const deprivations = flags.map((f) => `coalesce("${f}" = 'x', false)::int`).join(' + ');
const instance = await DuckDBInstance.create(':memory:', { threads });
const connection = await instance.connect();
const sql = `
  WITH h AS (
    SELECT "Tỉnh" AS province, "Huyện" AS district, "Năm rà soát" AS year, "Thu nhập bình quân" AS income,
           CASE WHEN "Khu vực" = 'Thành thị' THEN 2000000 ELSE 1500000 END AS line, ${deprivations} AS d
    FROM read_csv('${file.replace(/'/g, "''")}', header = true, delim = ',', quote = '"', all_varchar = false)
  )
  SELECT province, district, year, count(*) AS households,
         sum(CASE WHEN income <= line AND d >= 3 THEN 1 ELSE 0 END) AS poor,
         sum(CASE WHEN income <= line AND d < 3 THEN 1 ELSE 0 END) AS near_poor
  FROM h GROUP BY province, district, year ORDER BY province, district, year`;
const reader = await connection.runAndReadAll(sql);
for (const row of reader.getRowObjectsJson()) console.log(JSON.stringify(row));
