// The CSV reader: bytes → decoded text → records as arrays of fields, each with its spreadsheet
// line (header = line 1; a quoted field with line breaks stays one line, as a spreadsheet shows it).
import { createReadStream, promises as fs } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Readable, Writable } from 'node:stream';
import { PovcheckError } from '../errors.js';
import { bomLength, decoderStream, detectEncoding, type Encoding } from './decode.js';

export type Delimiter = ',' | ';' | '\t';
export const DELIMITERS: Delimiter[] = [',', ';', '\t'];

export interface CsvOptions {
  encoding?: Encoding;
  delimiter?: Delimiter;
}

export interface CsvFormat {
  encoding: Encoding;
  bom: boolean;
  delimiter: Delimiter;
}

/** Called once per record, header included; `fields` must not be kept after the call returns. */
export type RowHandler = (fields: string[], line: number) => void;

/** An opened CSV file: what was detected, and a one-shot pass over its records. */
export interface CsvSource {
  format: CsvFormat;
  /** the start of the text (decoded, BOM dropped), for what is detected from it */
  headText: string;
  read(onRow: RowHandler): Promise<void>;
  /** the whole input decoded to UTF-8 chunks (bad bytes marked), for the fast scanner; one pass */
  utf8(): AsyncIterable<Buffer>;
}

/** The reader behind the input layer; a faster scanner can replace it behind the same signature. */
export type CsvReader = (path: string, options: CsvOptions) => Promise<CsvSource>;

const HEAD_BYTES = 64 * 1024;

/** The delimiter that occurs most often outside quotes in the header line; `,` when none does. */
export function detectDelimiter(text: string): Delimiter {
  const counts: Record<Delimiter, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch]++;
  }
  let best: Delimiter = ',';
  for (const d of DELIMITERS) if (counts[d] > counts[best]) best = d;
  return best;
}

async function readHead(path: string): Promise<Buffer> {
  const handle = await fs.open(path, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * Standard input, read once: its first bytes for detection, then the whole of it as a stream (not
 * held in memory). Kept for the run, so a second reader of "-" gets the same, unread stream.
 */
let stdinInput: Promise<{ head: Buffer; stream: () => Readable }> | undefined;
function readStdin(): Promise<{ head: Buffer; stream: () => Readable }> {
  stdinInput ??= (async () => {
    const iterator = process.stdin[Symbol.asyncIterator]();
    const chunks: Buffer[] = [];
    let size = 0;
    let ended = false;
    while (size < HEAD_BYTES) {
      const next = await iterator.next();
      if (next.done) {
        ended = true;
        break;
      }
      chunks.push(Buffer.from(next.value as Buffer));
      size += (next.value as Buffer).length;
    }
    const start = Buffer.concat(chunks);
    let taken = false;
    const stream = () => {
      // standard input can be read once: a second pass would see nothing
      if (taken) throw new PovcheckError('fileUnreadable', { file: '-', reason: 'standard input was read already' }, { file: '-' });
      taken = true;
      return Readable.from((async function* () {
        yield start;
        if (!ended) for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield Buffer.from(next.value as Buffer);
      })());
    };
    return { head: start.subarray(0, HEAD_BYTES), stream };
  })();
  return stdinInput;
}

export const readCsvWithCsvParse: CsvReader = async (path, options) => {
  let head: Buffer;
  let stdin: (() => Readable) | undefined;
  try {
    if (path === '-') {
      const input = await readStdin();
      head = input.head;
      stdin = input.stream;
    } else {
      const stat = await fs.stat(path);
      if (stat.isDirectory()) throw new PovcheckError('fileIsDirectory', { file: path }, { file: path });
      head = await readHead(path);
    }
  } catch (error) {
    if (error instanceof PovcheckError) throw error;
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'notFound' : 'unreadable';
    throw new PovcheckError(reason === 'notFound' ? 'fileNotFound' : 'fileUnreadable', { file: path, reason: String((error as Error).message) }, { file: path });
  }
  const detected = detectEncoding(head);
  const encoding = options.encoding ?? detected.encoding;
  const skip = bomLength(head, encoding);
  const headText = new TextDecoder(encoding).decode(head.subarray(skip));
  const delimiter = options.delimiter ?? detectDelimiter(headText);
  const format: CsvFormat = { encoding, bom: skip > 0, delimiter };
  const utf8 = async function* (): AsyncIterable<Buffer> {
    const raw = stdin ? stdin() : createReadStream(path, { highWaterMark: 1 << 20 });
    for await (const text of raw.pipe(decoderStream(encoding, skip))) yield Buffer.from(text as string, 'utf8');
  };
  return { format, headText, read: (onRow) => parseRecords(path, stdin, format, skip, onRow), utf8 };
};

async function parseRecords(path: string, stdin: (() => Readable) | undefined, format: CsvFormat, skip: number, onRow: RowHandler): Promise<void> {
  const { encoding, delimiter } = format;
  let line = 0;
  // loaded when needed: the fast reader reads most files without it (~20 ms of start-up saved)
  const { parse } = await import('csv-parse');
  const parser = parse({ delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false });
  const sink = new Writable({
    objectMode: true,
    write(record: string[], _enc, callback) {
      line++;
      try {
        onRow(record, line);
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
  });
  const source = stdin ? stdin() : createReadStream(path, { highWaterMark: 1 << 20 });
  try {
    await pipeline(source, decoderStream(encoding, skip), parser, sink);
  } catch (error) {
    if (error instanceof PovcheckError) throw error;
    const csvError = error as Error & { code?: string; lines?: number };
    if (csvError.code?.startsWith('CSV_')) {
      throw new PovcheckError('csvMalformed', { file: path, detail: csvError.message }, { file: path, line: line + 1 });
    }
    throw new PovcheckError('fileUnreadable', { file: path, reason: csvError.message }, { file: path });
  }
}
