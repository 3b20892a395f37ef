// Encoding detection and streaming decoding to UTF-16 JS strings.
// Bytes that are invalid in the encoding become INVALID_MARK so that the row holding them is
// rejected with its line and column instead of being silently replaced.
import { isUtf8 } from 'node:buffer';
import { Transform, type TransformCallback } from 'node:stream';

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1258';
export const ENCODINGS: Encoding[] = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1258'];

/** A Unicode noncharacter: never valid in interchanged text, so it can mark bad bytes. */
export const INVALID_MARK = '\uFDD0';
const INVALID_MARK_UTF8 = Buffer.from(INVALID_MARK, 'utf8');

export interface Detected {
  encoding: Encoding;
  bom: boolean;
}

/** Detect from a file's first bytes: a BOM decides; otherwise valid UTF-8 or windows-1258. */
export function detectEncoding(head: Buffer): Detected {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: true };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: true };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: true };
  const complete = head.subarray(0, completeUtf8Length(head));
  if (isUtf8(complete)) return { encoding: 'utf-8', bom: false };
  // Mostly valid multi-byte UTF-8 with a few bad bytes is UTF-8 with errors (to be reported by row),
  // not windows-1258, whose Vietnamese letters rarely form valid UTF-8 sequences.
  const { multibyte, invalid } = utf8Census(complete);
  return { encoding: multibyte > invalid ? 'utf-8' : 'windows-1258', bom: false };
}

/** Counts of valid multi-byte sequences and of invalid bytes in a UTF-8 candidate. */
export function utf8Census(bytes: Buffer): { multibyte: number; invalid: number } {
  const marked = markInvalidUtf8(bytes).toString('utf8');
  let multibyte = 0;
  let invalid = 0;
  for (const ch of marked) {
    if (ch === INVALID_MARK) invalid++;
    else if (ch.codePointAt(0)! > 0x7f) multibyte++;
  }
  return { multibyte, invalid };
}

export function bomLength(head: Buffer, encoding: Encoding): number {
  if (encoding === 'utf-8') return head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  if (encoding === 'utf-16le') return head[0] === 0xff && head[1] === 0xfe ? 2 : 0;
  if (encoding === 'utf-16be') return head[0] === 0xfe && head[1] === 0xff ? 2 : 0;
  return 0;
}

/** Length of the prefix of `bytes` that does not end inside a multi-byte UTF-8 sequence. */
export function completeUtf8Length(bytes: Buffer): number {
  const end = bytes.length;
  for (let back = 1; back <= Math.min(3, end); back++) {
    const byte = bytes[end - back];
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return need > back ? end - back : end;
  }
  return end;
}

/** Replace every invalid UTF-8 sequence by INVALID_MARK (slow path, only for chunks that fail isUtf8). */
export function markInvalidUtf8(bytes: Buffer): Buffer {
  const out: Buffer[] = [];
  let start = 0;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    let need = 0;
    let min = 0;
    if (b < 0x80) { i++; continue; }
    if (b >= 0xc2 && b <= 0xdf) { need = 1; min = 0x80; }
    else if (b >= 0xe0 && b <= 0xef) { need = 2; min = 0x800; }
    else if (b >= 0xf0 && b <= 0xf4) { need = 3; min = 0x10000; }
    let ok = need > 0;
    let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    if (ok) {
      for (let k = 1; k <= need; k++) {
        const c = bytes[i + k];
        if (c === undefined || (c & 0xc0) !== 0x80) { ok = false; break; }
        cp = (cp << 6) | (c & 0x3f);
      }
    }
    if (ok && (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))) ok = false;
    if (ok) { i += need + 1; continue; }
    out.push(bytes.subarray(start, i), INVALID_MARK_UTF8);
    i++;
    start = i;
  }
  out.push(bytes.subarray(start));
  return Buffer.concat(out);
}

/** A Transform from raw bytes (BOM already skipped or not) to decoded strings. */
export function decoderStream(encoding: Encoding, skipBytes: number): Transform {
  let pending: Buffer = Buffer.alloc(0);
  let toSkip = skipBytes;
  const textDecoder = encoding === 'utf-8' ? null : new TextDecoder(encoding);
  const decode = (chunk: Buffer, final: boolean): string => {
    if (encoding === 'utf-8') {
      let bytes = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      const complete = final ? bytes.length : completeUtf8Length(bytes);
      pending = bytes.subarray(complete);
      bytes = bytes.subarray(0, complete);
      return (isUtf8(bytes) ? bytes : markInvalidUtf8(bytes)).toString('utf8');
    }
    const text = textDecoder!.decode(chunk, { stream: !final });
    if (encoding === 'windows-1258') return text.replace(/[\u0080-\u009f]/g, INVALID_MARK);
    return text.replace(/\uFFFD/g, INVALID_MARK);
  };
  return new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _enc, callback: TransformCallback) {
      if (toSkip > 0) {
        const skip = Math.min(toSkip, chunk.length);
        chunk = chunk.subarray(skip);
        toSkip -= skip;
      }
      const text = decode(chunk, false);
      if (text) this.push(text);
      callback();
    },
    flush(callback: TransformCallback) {
      const text = decode(Buffer.alloc(0), true);
      if (text) this.push(text);
      callback();
    },
  });
}
