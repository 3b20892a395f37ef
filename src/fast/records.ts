// The record loop of the fast reader: UTF-8 bytes → records, with csv-parse's reading of line ends and
// quotes. Records without quotes are split into field boundaries on the bytes for a fast handler;
// the others (and those it declines) are decoded to strings, invalid bytes marked as the stream
// decoder marks them.
import { isUtf8 } from 'node:buffer';
import { promises as fs } from 'node:fs';
import { markInvalidUtf8 } from '../input/decode.js';
import { readCsvWithCsvParse } from '../input/reader.js';
import { grown } from '../grown.js';
import { RECORDS_WASM } from './records-wasm.js';
import { compiledOnce } from '../wasm.js';

export const CHUNK = 4 * 1024 * 1024;
export const LF = 10, CR = 13, QUOTE = 34, SPACE = 32, TAB = 9;

/** A quote csv-parse would not accept: the caller lets csv-parse say so. */
export class Malformed extends Error {}

/**
 * A file split between threads whose parts may not all start at a record start (a quoted cell
 * with a line break runs over where one part ends, or a part had a record too long to trust): the
 * file is read again on one thread (see loadData).
 */
export class Misaligned extends Error {
  constructor() {
    super('the parts of a split file do not all start at a record start');
  }
}

export interface ScanOptions {
  /** bytes read at a time (tests use tiny chunks to cut records and characters at every place) */
  chunkSize?: number;
  /** stops the reading at the next chunk */
  signal?: AbortSignal;
  /**
   * called when the rows after the header and the sample are about to be read (a worker, if any,
   * already given its part); a promise it returns (other work of this thread) is awaited first
   */
  onReading?: () => void | Promise<unknown>;
}

/**
 * The record loop over a UTF-8 file: records without quotes are split into field boundaries on the
 * bytes and offered to `fastRow`; records with quotes, and the ones `fastRow` declines, are decoded
 * to strings (invalid bytes marked as the stream decoder does) for `stringRow`.
 */
export interface Range {
  /** byte offset of the first record */
  from: number;
  /** the end of the records to read (a record start, or the end of the file) */
  to: number;
  /** lines before `from` */
  line: number;
  /** asked after each record: stop there */
  stop?: () => boolean;
  /** checked before each chunk: throws its reason */
  signal?: AbortSignal;
  /** `to` is where another thread's part starts: a record running on past it throws Misaligned */
  cut?: boolean;
  /** a record longer than this throws Misaligned (a worker's part, until its start is known to be a record start) */
  longest?: number;
}

/** Where the scanner's bytes come from: a part of a file, or a decoded stream. */
export interface ByteSource {
  /** up to `length` bytes into `buf` at `offset`; 0 at the end */
  read(buf: Buffer, offset: number, length: number): Promise<number>;
  close(): Promise<void>;
}

/**
 * Bytes `from`–`to` of a file; `to` may be a function that tells, before each read, where the read
 * from `position` of up to `length` bytes is to end.
 */
export async function fileSource(file: string, from: number, to: number | ((position: number, length: number) => Promise<number>)): Promise<ByteSource> {
  const handle = await fs.open(file, 'r');
  let position = from;
  return {
    async read(buf, offset, length) {
      const wanted = (typeof to === 'number' ? to : await to(position, length)) - position;
      if (wanted <= 0) return 0;
      const { bytesRead } = await handle.read(buf, offset, Math.min(length, wanted), position);
      position += bytesRead;
      return bytesRead;
    },
    close: () => handle.close(),
  };
}

/** The chunks of a stream (standard input, a file decoded to UTF-8). */
export function streamSource(chunks: AsyncIterable<Buffer>): ByteSource {
  const iterator = chunks[Symbol.asyncIterator]();
  let pending: Buffer = Buffer.alloc(0);
  let ended = false;
  return {
    async read(buf, offset, length) {
      while (pending.length === 0) {
        if (ended) return 0;
        const next = await iterator.next();
        if (next.done) {
          ended = true;
          return 0;
        }
        pending = next.value;
      }
      const n = Math.min(length, pending.length);
      pending.copy(buf, offset, 0, n);
      pending = pending.subarray(n);
      return n;
    },
    async close() {
      await iterator.return?.();
    },
  };
}

/** U+FDD0 in UTF-8: the mark of bytes invalid in the file's encoding (a row holding it is rejected). */
const INVALID_MARK_BYTES = Buffer.from('\uFDD0', 'utf8');

export type StringRow = (fields: string[], line: number) => void;
/**
 * A record as field boundaries: field k is buf[starts[k], ends[k]). `empty0` and `empty1` have bit k
 * set when field k (k < 32), or field 32 + k (k < 32), is empty; fields past the 64th have no bit.
 */
export type FastRow = (buf: Buffer, starts: Int32Array, ends: Int32Array, n: number, line: number, empty0: number, empty1: number, units: UnitCache | null) => boolean;

/**
 * A cache the fast handler may keep of what it named for four cells of a row (province, district,
 * commune, area, as byte ranges of `buf`: its leaf unit and area, as a number ≥ 0): exact bytes only,
 * filled by the handler. Lives with the WebAssembly record loop (null without it).
 */
export interface UnitCache {
  /** the value named for these cells, or -1 */
  unit(ps: number, pe: number, ds: number, de: number, cs: number, ce: number, as: number, ae: number): number;
  /** remember it (0 when the cache is full, 32,768 units, or a cell is 65,536 bytes or longer: it is only a cache) */
  addUnit(ps: number, pe: number, ds: number, de: number, cs: number, ce: number, as: number, ae: number, value: number): number;
}

export async function scanRecords(
  from: string | ByteSource,
  range: Range,
  delimiter: number,
  eol: Eol,
  chunkSize: number,
  stringRow: StringRow,
  fastRow: FastRow | null,
): Promise<{ offset: number; line: number }> {
  const source = typeof from === 'string' ? await fileSource(from, range.from, range.to) : from;
  let scanner: ChunkScanner | undefined;
  try {
    scanner = new ChunkScanner(chunkSize, delimiter, eol === 'crlf', stringRow, fastRow, range.stop, range.line);
    let length = await source.read(scanner.buf, 0, scanner.buf.length);
    let bufStart = range.from;
    let final = length === 0;
    for (;;) {
      range.signal?.throwIfAborted();
      const pos = scanner.chunk(length, final);
      if (scanner.stopped || final) return { offset: bufStart + pos, line: scanner.line };
      // keep the unfinished record and read on
      const rest = length - pos;
      if (range.longest !== undefined && rest > range.longest) throw new Misaligned();
      if (rest >= scanner.buf.length / 2) scanner.grow(pos, length);
      else scanner.buf.copy(scanner.buf, 0, pos, length);
      bufStart += pos;
      const bytesRead = await source.read(scanner.buf, rest, scanner.buf.length - rest);
      length = rest + bytesRead;
      final = bytesRead === 0;
      if (final && rest > 0 && range.cut) throw new Misaligned();
    }
  } finally {
    scanner?.release();
    await source.close();
  }
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** For the tests: false reads with the JavaScript record loop only. */
export const recordLoop = { wasm: true };

/** Fields a record may have for the WebAssembly record loop (a wider one is read by the JavaScript loop). */
const WASM_FIELDS = 1024;
/** The record loop in WebAssembly SIMD (records.wat), compiled once per thread; null where it cannot be. */
const recordsModule = compiledOnce(RECORDS_WASM);

/** Where a scanner reads its chunks: a buffer, the same as 32-bit words, and the WebAssembly loop whose memory holds them, if any. */
interface Room {
  capacity: number;
  buf: Buffer;
  words: Int32Array;
  wasm: WasmLoop | undefined;
}

/**
 * Rooms of scans that have ended, the last few, for the next scans of this thread: a new one costs a
 * WebAssembly instance and memory, and, made after the record loop was compiled, made V8 throw the
 * compiled loop and row away (new objects in fields it had seen hold others: --trace-deopt, a
 * worker taking the tail of the main thread's part then ran its first ~40 ms of it uncompiled).
 */
const idleRooms: Room[] = [];
const IDLE_ROOMS = 4;

/** A room of `capacity` bytes for a scan, an idle one if there is one (set up as new), else a new one. */
function takeRoom(capacity: number, delimiter: number, crlf: boolean): Room {
  const wasm = recordLoop.wasm && recordsModule() !== null;
  // the one let go last
  let at = idleRooms.length - 1;
  while (at >= 0 && !(idleRooms[at].capacity === capacity && (idleRooms[at].wasm !== undefined) === wasm)) at--;
  if (at < 0) return newRoom(capacity, delimiter, crlf);
  const [room] = idleRooms.splice(at, 1);
  room.wasm?.setup(delimiter, crlf);
  return room;
}

/**
 * A room made ahead, for a scan of `capacity` bytes to come (a worker waiting for its part): the
 * WebAssembly instance, and its memory's pages touched, before the scan needs them.
 */
export function prepareRoom(capacity: number): Buffer {
  const room = newRoom(capacity, LF, false);
  room.buf.fill(0);
  releaseRoom(room);
  return room.buf;
}

/** A room no scan uses any more. */
function releaseRoom(room: Room): void {
  idleRooms.push(room);
  if (idleRooms.length > IDLE_ROOMS) idleRooms.shift();
}

/**
 * Room for a chunk: in the memory of a WebAssembly record loop (the chunk, 64 bytes of slack,
 * then the loop's field boundaries and results, then its unit cache), or else in an ArrayBuffer.
 */
function newRoom(capacity: number, delimiter: number, crlf: boolean): Room {
  const module = recordLoop.wasm ? recordsModule() : null;
  if (module === null) {
    const backing = new ArrayBuffer((capacity + 7) & ~3);
    return { capacity, buf: Buffer.from(backing, 0, capacity), words: new Int32Array(backing), wasm: undefined };
  }
  const fields = (capacity + 64 + 7) & ~7;
  const out = fields + WASM_FIELDS * 8;
  const units = out + 16;
  const instance = new WebAssembly.Instance(module, {});
  const exports = instance.exports as unknown as { memory: WebAssembly.Memory; setup: (...args: number[]) => void; unitSetup: (...args: number[]) => void; unitClear: () => void; record: WasmLoop['record'] } & UnitCache;
  // (room for the cache: a slot, half an entry and 32 bytes of keys are 44 bytes; its compare reads
  // up to 16 bytes past its arena's end; memory not yet used is not yet mapped)
  exports.memory.grow(Math.ceil((units + UNIT_SLOTS * 44 + 16) / 65536) - 1);
  const memory = exports.memory.buffer;
  exports.unitSetup(units, UNIT_SLOTS);
  const loop: WasmLoop = {
    record: exports.record,
    starts: new Int32Array(memory, fields, WASM_FIELDS),
    ends: new Int32Array(memory, fields + WASM_FIELDS * 4, WASM_FIELDS),
    out: new Int32Array(memory, out, 4),
    units: { unit: exports.unit, addUnit: exports.addUnit },
    // the delimiter and line ends of this scan, and an empty unit cache (what a scan names is its handler's)
    setup: (delimiter, crlf) => {
      exports.setup(delimiter, crlf ? 1 : 0, fields, out, WASM_FIELDS);
      exports.unitClear();
    },
  };
  loop.setup(delimiter, crlf);
  return { capacity, buf: Buffer.from(memory, 0, capacity), words: new Int32Array(memory, 0, (capacity + 7) >> 2), wasm: loop };
}

/** A WebAssembly record loop over a chunk that lives in its memory. */
interface WasmLoop {
  /** the fields of the record at `pos` whose line end comes before `limit`: their number; -1 no line end, -2 a quote first, -3 too many fields */
  record: (pos: number, limit: number) => number;
  starts: Int32Array;
  ends: Int32Array;
  /** the start of the next record, and the record's two empty-field masks */
  out: Int32Array;
  units: UnitCache;
  /** for a scan: its delimiter and line ends, and an empty unit cache */
  setup: (delimiter: number, crlf: boolean) => void;
}

/** the unit cache of a WebAssembly record loop: table slots (units: half as many; 32 bytes of keys a slot) */
const UNIT_SLOTS = 65536;

/** The bytes at the end of buf[0, length) that begin a UTF-8 character cut short there (0–3). */
export function cutCharacter(buf: Uint8Array, length: number): number {
  for (let k = 1; k <= 3 && k <= length; k++) {
    const b = buf[length - k];
    if (b < 0x80) return 0;
    // a lead byte: cut short when its character needs more bytes than are left
    if (b >= 0xc0) return (b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2) > k ? k : 0;
  }
  return 0;
}

/** The high bit of each byte of `v` that is 0 (exact: no borrow between bytes). */
const zeroBytes = (v: number) => ~(((v & 0x7f7f7f7f) + 0x7f7f7f7f) | v | 0x7f7f7f7f);

/**
 * The record loop over the chunk in `buf`: synchronous, so that it is one optimised loop. Where
 * WebAssembly SIMD is available (records.wat) the chunk lives in the loop's memory and delimiters,
 * line feeds and quotes are found sixteen bytes at a time; else (and for a record of very many
 * fields, or the last record without a line end) in JavaScript, four bytes at a time (the bytes of
 * a 32-bit word equal to either, by the usual bit trick), up to the next quote. A record holding a
 * quote is read by the quote-aware parser.
 */
class ChunkScanner {
  line: number;
  stopped = false;
  buf: Buffer;
  /** the chunk as 32-bit words (one word of slack past the end) */
  private words: Int32Array;
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);
  /** the WebAssembly record loop, when there is one: the chunk is in its memory */
  private wasm: WasmLoop | undefined;
  private valid = true;
  private readonly delimiterWord: number;
  private readonly lfWord = 0x0a0a0a0a;

  constructor(
    capacity: number,
    private readonly delimiter: number,
    private readonly crlf: boolean,
    private readonly stringRow: StringRow,
    private readonly fastRow: FastRow | null,
    private readonly stop: (() => boolean) | undefined,
    line: number,
  ) {
    this.line = line;
    this.delimiterWord = Math.imul(delimiter, 0x01010101);
    this.room = takeRoom(capacity, delimiter, crlf);
    ({ buf: this.buf, words: this.words, wasm: this.wasm } = this.room);
  }

  private room: Room;

  /** Twice the room, keeping the unfinished record buf[pos, length) at the start. */
  grow(pos: number, length: number): void {
    const bigger = takeRoom(this.buf.length * 2, this.delimiter, this.crlf);
    this.buf.copy(bigger.buf, 0, pos, length);
    releaseRoom(this.room);
    this.room = bigger;
    ({ buf: this.buf, words: this.words, wasm: this.wasm } = bigger);
  }

  /** The scan has ended: its room is for the next. */
  release(): void {
    releaseRoom(this.room);
  }

  private readonly decode = (s: number, e: number): string => (this.valid ? this.buf.toString('utf8', s, e) : markInvalidUtf8(this.buf.subarray(s, e)).toString('utf8'));

  /**
   * The record buf[pos, end), its fields at starts/ends: offered to the fast handler when it is
   * valid UTF-8 without the mark of invalid bytes (and not blank), else, or when declined, decoded
   * to strings for the string handler.
   */
  private offer(pos: number, end: number, starts: Int32Array, ends: Int32Array, n: number, empty0: number, empty1: number, valid: boolean, marked: boolean): void {
    const { buf, fastRow } = this;
    const line = ++this.line;
    if (fastRow !== null && end > pos && (valid || isUtf8(buf.subarray(pos, end))) && !(marked && buf.subarray(pos, end).indexOf(INVALID_MARK_BYTES) >= 0)) {
      if (fastRow(buf, starts, ends, n, line, empty0, empty1, this.wasm?.units ?? null)) return;
    }
    this.stringRow(splitStrings(buf, pos, end, this.delimiter, this.decode), line);
  }

  /** The record at `pos`, which holds a quote, read by the quote-aware parser: where the next one starts, or -1 when it goes on past the chunk. */
  private quoted(pos: number, length: number, final: boolean): number {
    const parsed = parseQuoted(this.buf, pos, length, final, this.delimiter, this.crlf ? 'crlf' : 'lf', this.decode);
    if (parsed === null) return -1;
    this.stringRow(parsed.fields, ++this.line);
    return parsed.next;
  }

  /** Asked after each record: true (and stopped) when the reading stops there. */
  private stops(): boolean {
    if (this.stop === undefined || !this.stop()) return false;
    this.stopped = true;
    return true;
  }

  /** The records of buf[0, length): returns where the first unfinished one starts (length when none). */
  chunk(length: number, final: boolean): number {
    const { buf, wasm } = this;
    // (a character the chunk's end cuts short belongs to its unfinished last record, read again with the next chunk)
    const valid = (this.valid = isUtf8(buf.subarray(0, final ? length : length - cutCharacter(buf, length))));
    const marked = buf.subarray(0, length).indexOf(INVALID_MARK_BYTES) >= 0;
    if (wasm === undefined) return this.chunkFrom(0, length, final, valid, marked);
    // (the JavaScript loop takes over here, not in wasmRecords: V8 compiles wasmRecords' loop while
    // the first chunk runs, and its way out to the JavaScript loop, first taken at the end of a
    // part, threw the compiled loop away (--trace-deopt: insufficient type feedback))
    // (and what wasmRecords reads of this and of the loop comes from here: V8 keeps no feedback for a
    // function until it has run a while, within the first call's loop, so that loads at the top of
    // wasmRecords had none when it was compiled, and its second call threw the compiled code away)
    const { record, starts, ends, out } = wasm;
    const pos = this.wasmRecords(record, starts, ends, out, this.crlf, length, final, valid, marked);
    return pos >= 0 ? pos : this.chunkFrom(-pos - 1, length, final, valid, marked);
  }

  /**
   * The WebAssembly loop over buf[0, length): field boundaries sixteen bytes at a time, up to a
   * record with a quote. Returns where the first unfinished record starts, or −(p + 1) for the
   * JavaScript loop to read on from p (the last record without a line end, or a record of more
   * fields than the loop keeps).
   */
  private wasmRecords(record: WasmLoop['record'], starts: Int32Array, ends: Int32Array, out: Int32Array, crlf: boolean, length: number, final: boolean, valid: boolean, marked: boolean): number {
    let pos = 0;
    for (;;) {
      const n = pos < length ? record(pos, length) : -1;
      // (compared and computed on every record, not only once the chunk's end is near: V8 compiles
      // this loop while the first chunk runs, and an operation not yet run then threw the compiled
      // loop away at the chunk's end, every run (--trace-deopt: insufficient type feedback))
      const quoted = n === -2, unfinished = n === -1, readOn = -pos - 1;
      if (n > 0) {
        const next = out[0];
        this.offer(pos, crlf ? next - 2 : next - 1, starts, ends, n, out[1], out[2], valid, marked);
        pos = next;
      } else if (quoted) {
        const next = this.quoted(pos, length, final);
        if (next < 0) return pos; // the record goes on in the next chunk
        pos = next;
      } else if (unfinished && !final) {
        return pos;
      } else {
        // the last record without a line end, or a record of more fields than the loop keeps
        return readOn;
      }
      if (this.stops()) return pos;
    }
  }

  /** The JavaScript record loop over buf[start, length) (start: a record start). */
  private chunkFrom(start: number, length: number, final: boolean, valid: boolean, marked: boolean): number {
    const { buf, words, delimiter, crlf, delimiterWord, lfWord } = this;
    let starts = this.starts;
    let ends = this.ends;
    // the record being read: its start, the fields found so far and the start of the next one
    let pos = start;
    let n = 0;
    let s = start;
    // the empty fields of the record so far (bit k: field k; the second word: fields 32–63)
    let empty0 = 0;
    let empty1 = 0;
    let nextQuote = buf.indexOf(QUOTE, start);
    if (nextQuote < 0 || nextQuote >= length) nextQuote = length;
    for (;;) {
      const limit = nextQuote;
      const from = pos;
      scan: for (let w = from >>> 2; w * 4 < limit; w++) {
        let v = words[w];
        if (!LITTLE_ENDIAN) v = (v << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24);
        let t = zeroBytes(v ^ delimiterWord) | zeroBytes(v ^ lfWord);
        if (w === from >>> 2) t &= -1 << ((from & 3) << 3);
        while (t !== 0) {
          const b = w * 4 + ((31 - Math.clz32(t & -t)) >>> 3);
          t &= t - 1;
          if (b >= limit) break scan;
          if (buf[b] === delimiter) {
            if (n + 2 > starts.length) {
              starts = this.starts = grown(starts, n + 2);
              ends = this.ends = grown(ends, n + 2);
            }
            starts[n] = s;
            ends[n] = b;
            // (b - s - 1) >>> 31 is 1 for an empty field (b === s), else 0
            if (n < 32) empty0 |= ((b - s - 1) >>> 31) << n;
            else if (n < 64) empty1 |= ((b - s - 1) >>> 31) << n;
            n++;
            s = b + 1;
            continue;
          }
          // a line feed: the end of the record (with CRLF line ends only after a CR: a lone LF is data)
          if (crlf && (b === pos || buf[b - 1] !== CR)) continue;
          const end = crlf ? b - 1 : b;
          starts[n] = s;
          ends[n] = end;
          if (n < 32) empty0 |= ((end - s - 1) >>> 31) << n;
          else if (n < 64) empty1 |= ((end - s - 1) >>> 31) << n;
          this.offer(pos, end, starts, ends, n + 1, empty0, empty1, valid, marked);
          pos = s = b + 1;
          n = 0;
          empty0 = empty1 = 0;
          if (this.stops()) return pos;
        }
      }
      if (limit < length) {
        // a quote: the record is read by the quote-aware parser
        const next = this.quoted(pos, length, final);
        if (next < 0) return pos; // the record goes on in the next chunk
        pos = s = next;
        n = 0;
        empty0 = empty1 = 0;
        nextQuote = buf.indexOf(QUOTE, pos);
        if (nextQuote < 0 || nextQuote >= length) nextQuote = length;
        if (this.stops()) return pos;
        continue;
      }
      if (!final || pos >= length) return pos;
      // the last record, without a line end
      starts[n] = s;
      ends[n] = length;
      if (n < 32) empty0 |= ((length - s - 1) >>> 31) << n;
      else if (n < 64) empty1 |= ((length - s - 1) >>> 31) << n;
      this.offer(pos, length, starts, ends, n + 1, empty0, empty1, valid, marked);
      this.stops();
      return length;
    }
  }
}

export type Eol = 'lf' | 'crlf';

/**
 * The line ends as csv-parse detects them: from the first line break of the file. undefined for a
 * lone CR (old Mac files), which the scanner leaves to csv-parse.
 */
/** The line ends of a text (from its first line break), as csv-parse detects them. */
export function eolOf(text: string): Eol | undefined {
  const i = text.search(/[\r\n]/);
  if (i < 0 || text[i] === '\n') return 'lf';
  return text[i + 1] === '\n' ? 'crlf' : undefined;
}

/** What the fast reader sees in a file: every record as strings (for the differential tests). */
export async function readRecordsFast(file: string, options: ScanOptions = {}): Promise<string[][] | undefined> {
  const source = await readCsvWithCsvParse(file, {});
  if (source.format.encoding !== 'utf-8') return undefined;
  const skip = source.format.bom ? 3 : 0;
  const eol = eolOf(source.headText);
  if (!eol) return undefined;
  const records: string[][] = [];
  const { size } = await fs.stat(file);
  await scanRecords(file, { from: skip, to: size, line: 0 }, source.format.delimiter.charCodeAt(0), eol, options.chunkSize ?? CHUNK, (fields) => records.push(fields), null);
  return records;
}

function splitStrings(buf: Buffer, start: number, end: number, delimiter: number, decode: (s: number, e: number) => string): string[] {
  const fields: string[] = [];
  let s = start;
  for (let i = start; i < end; i++) {
    if (buf[i] === delimiter) {
      fields.push(decode(s, i));
      s = i + 1;
    }
  }
  fields.push(decode(s, end));
  return fields;
}

/** Last bytes of the multi-byte white space characters String.trim removes. */
export const SPACE_TAIL = new Uint8Array(256);
for (const b of [0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x9f, 0xa0, 0xa8, 0xa9, 0xaf, 0xbf]) SPACE_TAIL[b] = 1;

/** ASCII white space, or the lead byte of a multi-byte one (NBSP, the U+2000 spaces, U+3000, BOM): what String.trim removes. */
export function spaceStarts(buf: Buffer, s: number, e: number): boolean {
  const c = buf[s];
  if (c === SPACE || (c >= TAB && c <= CR)) return true;
  if (c < 0xc2) return false;
  const c1 = s + 1 < e ? buf[s + 1] : -1, c2 = s + 2 < e ? buf[s + 2] : -1;
  return (c === 0xc2 && c1 === 0xa0) || (c === 0xe1 && c1 === 0x9a && c2 === 0x80) || (c === 0xe2 && c1 === 0x80 && ((c2 >= 0x80 && c2 <= 0x8a) || c2 === 0xa8 || c2 === 0xa9 || c2 === 0xaf)) ||
    (c === 0xe2 && c1 === 0x81 && c2 === 0x9f) || (c === 0xe3 && c1 === 0x80 && c2 === 0x80) || (c === 0xef && c1 === 0xbb && c2 === 0xbf);
}

/** A cell the string path would trim: white space at either end. */
export function padded(buf: Buffer, s: number, e: number): boolean {
  if (e === s) return false;
  const first = buf[s], last = buf[e - 1];
  return first <= SPACE || last <= SPACE || (first >= 0xc2 && spaceStarts(buf, s, e)) || (SPACE_TAIL[last] === 1 && spaceEnds(buf, s, e));
}

export function spaceEnds(buf: Buffer, s: number, e: number): boolean {
  const c = buf[e - 1];
  if (c === SPACE || (c >= TAB && c <= CR)) return true;
  if (c < 0x80) return false;
  return (e - 2 >= s && spaceStarts(buf, e - 2, e)) || (e - 3 >= s && spaceStarts(buf, e - 3, e));
}

/** An unquoted stretch from `i`: up to a delimiter, the end of the record, or the end of the data. null: more data needed. */
function scanUnquoted(buf: Buffer, i: number, length: number, final: boolean, delimiter: number, eol: Eol): { end: number; next: number; last: boolean } | null {
  for (let k = i; k < length; k++) {
    const c = buf[k];
    if (c === delimiter) return { end: k, next: k + 1, last: false };
    if (eol === 'lf' && c === LF) return { end: k, next: k + 1, last: true };
    if (eol === 'crlf' && c === CR) {
      if (k + 1 >= length) {
        if (!final) return null;
        continue;
      }
      if (buf[k + 1] === LF) return { end: k, next: k + 2, last: true };
    }
  }
  return final ? { end: length, next: length, last: true } : null;
}

/**
 * One record that holds quotes, as csv-parse reads it with relax_quotes: RFC 4180 quoted fields;
 * a quote inside an unquoted field is a plain character, and a closing quote followed by anything
 * but a delimiter or the end of the record makes the whole field plain text, quotes kept. null when
 * the record continues past `length` and more data can come.
 */
function parseQuoted(buf: Buffer, start: number, length: number, final: boolean, delimiter: number, eol: Eol, decode: (s: number, e: number) => string): { fields: string[]; next: number } | null {
  const fields: string[] = [];
  let i = start;
  for (;;) {
    if (i < length && buf[i] === QUOTE) {
      let j = i + 1;
      let k: number;
      for (;;) {
        k = buf.indexOf(QUOTE, j);
        if (k < 0 || k >= length) {
          if (final) throw new Malformed('quote not closed');
          return null;
        }
        if (k + 1 >= length && !final) return null;
        if (k + 1 < length && buf[k + 1] === QUOTE) {
          j = k + 2;
          continue;
        }
        break;
      }
      const inner = decode(i + 1, k).replaceAll('""', '"');
      const after = k + 1;
      if (after >= length) {
        fields.push(inner);
        return { fields, next: length };
      }
      const c = buf[after];
      if (c === delimiter) {
        fields.push(inner);
        i = after + 1;
        continue;
      }
      if (eol === 'lf' && c === LF) {
        fields.push(inner);
        return { fields, next: after + 1 };
      }
      if (eol === 'crlf' && c === CR) {
        if (after + 1 >= length && !final) return null;
        if (after + 1 < length && buf[after + 1] === LF) {
          fields.push(inner);
          return { fields, next: after + 2 };
        }
      }
      // relax_quotes: the rest of the field is plain text, and so is the quoted part
      const rest = scanUnquoted(buf, after, length, final, delimiter, eol);
      if (rest === null) return null;
      fields.push(`"${inner}"${decode(after, rest.end)}`);
      if (rest.last) return { fields, next: rest.next };
      i = rest.next;
      if (i >= length && final) {
        fields.push('');
        return { fields, next: length };
      }
      continue;
    }
    const field = scanUnquoted(buf, i, length, final, delimiter, eol);
    if (field === null) return null;
    fields.push(decode(i, field.end));
    if (field.last) return { fields, next: field.next };
    i = field.next;
    if (i >= length && final) {
      fields.push('');
      return { fields, next: length };
    }
  }
}
