// The fast reader: byte-level scanning of UTF-8 files, behind the same FileLoader as the csv-parse
// reader. Household rows whose cells are in the usual forms are read straight from the bytes
// (households.ts), with no string per field; any other row (quotes, odd values, bad bytes, a ragged
// row) is decoded to strings (records.ts) and goes through the very same FileLoader.process as with
// csv-parse, so both readers give the same records, rejects and lines. Large files are shared with
// a worker thread (split.ts). A malformed quote stops the file with csv-parse's own error.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import { mapHeader } from '../input/columns.js';
import type { Handlers } from '../handlers.js';
import { FileLoader, loadFile, type LoadOptions } from '../input/load.js';
import { readCsvWithCsvParse } from '../input/reader.js';
import type { FileReport, Reject } from '../input/types.js';
import { householdYearKey } from '../tally/tally.js';
import { rowSinks } from './households.js';
import { PovcheckError } from '../errors.js';
import type { CsvSource } from '../input/reader.js';
import { PARALLEL_MIN_BYTES, takeWorker } from './prewarm.js';
import { CHUNK, Malformed, eolOf, scanRecords, streamSource, type Eol, type ScanOptions } from './records.js';
import { mainShare, householdColumns, householdYearOf, recordStartAfter, splitWithWorker, type HouseholdColumns, type ParallelContext } from './split.js';

export { readRecordsFast } from './records.js';
export type { ParallelContext } from './split.js';

/** bytes read at a time for the header and the sample (the buffer grows for a longer record) */
const HEAD_CHUNK = 64 * 1024;

/**
 * Read a file with the byte scanner. Returns undefined when the file is not for it (standard
 * input, another encoding, lone CR line ends, a test reader): the caller then uses loadFile.
 * With `parallel`, the second half of a large household file goes to a worker thread.
 */
export async function loadFileFast(file: string, options: LoadOptions & ScanOptions, handlers: Handlers, parallel?: ParallelContext): Promise<FileReport | undefined> {
  if (options.reader || options.keepFields) return undefined;
  const source = await readCsvWithCsvParse(file, options);
  const { format } = source;
  // lone CR line ends (old Mac files) stay with csv-parse
  const eol = eolOf(source.headText);
  if (!eol) return undefined;
  if (file === '-' || format.encoding !== 'utf-8') return loadDecodedFast(file, options, handlers, source, eol);
  const skip = format.bom ? 3 : 0;
  const { size } = await fs.stat(file);
  const loader = new FileLoader(file, options, handlers, format);
  const { stringRow, fastRow, sampleRow } = rowSinks(loader, handlers);
  const delimiter = format.delimiter.charCodeAt(0);
  const chunkSize = options.chunkSize ?? CHUNK;
  // a file large enough to share: the worker starts now, while this thread reads the header and the sample
  const minBytes = parallel?.minBytes ?? PARALLEL_MIN_BYTES;
  let prepared = parallel && size - skip >= minBytes && os.availableParallelism() >= 2 ? takeWorker(file) : undefined;
  // and where the worker's part would start, looked up while this thread reads the header and the
  // sample: this thread also keeps the panel of both parts, so it takes the smaller share. The
  // worker's part starts at a line start: a record start unless a quoted cell with a line break
  // runs over it, which this thread finds when it ends its part there (Misaligned: read again on one thread).
  const share = mainShare(size - skip);
  const split = prepared ? recordStartAfter(file, skip + Math.floor((size - skip) * share), size, eol) : undefined;
  split?.catch(() => undefined); // awaited below; an error there is the reading's
  try {
    // the header, then the sample of rows that decides the decimal mark (only the cells that decide
    // it, for rows without quotes: the sample is dropped and read again as every later row), then the rest
    const { signal } = options;
    const headChunk = Math.min(chunkSize, HEAD_CHUNK);
    loader.deferSample = true;
    const header = await scanRecords(file, { from: skip, to: size, line: 0, stop: () => loader.mapping !== undefined, signal }, delimiter, eol, headChunk, stringRow, fastRow);
    const head = await scanRecords(file, { from: header.offset, to: size, line: header.line, stop: () => !loader.sampling, signal }, delimiter, eol, headChunk, stringRow, sampleRow);
    // (a file that ended within the sample: the mark is decided, and the sample read again below)
    if (loader.mapping && loader.sampling) loader.decideDecimal();
    const rest = { from: head.offset, to: size, line: head.line, signal };
    // (with a worker, once it has its part)
    const settle = async () => {
      // room in the panel for the households the file holds, by the size of the rows read so far:
      // half the rows (a file of one review year grows the table once more, one of several never)
      if (parallel && loader.mapping?.kind === 'households' && head.line > 1 && head.offset < size) {
        parallel.tallier.reserveHouseholds(Math.ceil(((size - skip) / (head.offset - skip)) * (head.line - 1) / 2));
      }
      // the sampled rows read again, as every later row: from their bytes, by the fused row where
      // it can (processing them as strings costs ~0.1 ms a row at start-up, the general path cold)
      if (loader.dropSample()) await scanRecords(file, { from: header.offset, to: head.offset, line: header.line, signal }, delimiter, eol, headChunk, stringRow, fastRow);
    };
    if (split && head.offset < size && loader.mapping?.kind === 'households' && size - head.offset >= minBytes) {
      const middle = await split;
      if (middle > head.offset && middle < size) {
        const worker = prepared!;
        prepared = undefined;
        await splitWithWorker(worker, file, loader, handlers, { stringRow, fastRow }, parallel!, { format, eol, chunkSize }, rest, middle, options.onReading, settle);
        return loader.finish();
      }
    }
    if (prepared) await prepared.worker.terminate();
    prepared = undefined;
    await settle();
    await options.onReading?.();
    if (rest.from < size) await scanRecords(file, rest, delimiter, eol, chunkSize, stringRow, fastRow);
  } catch (error) {
    if (!(error instanceof Malformed)) throw error;
    // the error csv-parse gives, with its line: read the file again through it, handing nothing on
    await loadFile(file, options, {});
    throw error;
  } finally {
    if (prepared) await prepared.worker.terminate();
  }
  return loader.finish();
}

/** Standard input and other encodings: decoded to UTF-8 first, then the same scanner on one thread. */
async function loadDecodedFast(file: string, options: LoadOptions & ScanOptions, handlers: Handlers, source: CsvSource, eol: Eol): Promise<FileReport> {
  const loader = new FileLoader(file, options, handlers, source.format);
  const { stringRow, fastRow } = rowSinks(loader, handlers);
  try {
    await scanRecords(streamSource(source.utf8()), { from: 0, to: Infinity, line: 0, signal: options.signal }, source.format.delimiter.charCodeAt(0), eol, options.chunkSize ?? CHUNK, stringRow, fastRow);
  } catch (error) {
    if (!(error instanceof Malformed)) throw error;
    if (file !== '-') await loadFile(file, options, {}); // csv-parse's own error, with its line
    throw new PovcheckError('csvMalformed', { file, detail: error.message }, { file });
  }
  return loader.finish();
}

/**
 * For duplicate-household rejects: the file and line of the first row of the same household and
 * year, looked up again in the files read (the panel keeps no lines, duplicates are rare).
 */
export async function nameFirstRows(inputs: FileReport[], rejects: Reject[]): Promise<void> {
  const duplicates = rejects.filter((r) => r.code === 'duplicateHousehold');
  if (duplicates.length === 0) return;
  const wanted = new Set(duplicates.map((r) => householdYearKey(r.params.year, String(r.params.province), String(r.params.id))));
  const rejected = new Set(rejects.map((r) => `${r.file}:${r.line}`));
  const first = new Map<string, { file: string; line: number }>();
  for (const input of inputs) {
    if (input.kind !== 'households' || first.size === wanted.size) continue;
    let columns: HouseholdColumns | undefined;
    const visit = (fields: string[], line: number) => {
      if (line === 1) {
        const mapping = mapHeader(fields.map((f) => f.normalize('NFC')));
        if (!('code' in mapping)) columns = householdColumns(mapping);
        return;
      }
      if (!columns || rejected.has(`${input.file}:${line}`)) return;
      const key = householdYearOf(fields, columns, input.decimal);
      if (wanted.has(key) && !first.has(key)) first.set(key, { file: input.file, line });
    };
    const source = await readCsvWithCsvParse(input.file, { encoding: input.encoding, delimiter: input.delimiter });
    const eol = input.file !== '-' && input.encoding === 'utf-8' ? eolOf(source.headText) : undefined;
    if (eol) {
      const { size } = await fs.stat(input.file);
      await scanRecords(input.file, { from: input.bom ? 3 : 0, to: size, line: 0 }, input.delimiter.charCodeAt(0), eol, CHUNK, visit, null);
    } else if (input.file !== '-') await source.read(visit);
  }
  for (const r of duplicates) {
    const at = first.get(householdYearKey(r.params.year, String(r.params.province), String(r.params.id)));
    r.params.firstFile = at?.file ?? '?';
    r.params.first = at?.line ?? '?';
  }
}

