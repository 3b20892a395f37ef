;; The record loop of the fast reader, sixteen bytes at a time (WebAssembly SIMD), and a cache of
;; the leaf units of the household rows read from the chunk.
;; Memory: the chunk's bytes from 0 (with 16 bytes of slack after them); at `fields`: starts then
;; ends of up to MAX_FIELDS fields (i32 each); at `out`: the next record's start and the two
;; empty-field masks of the record just read; at `units`: the unit cache (see unitSetup).
(module
  (memory (export "memory") 1)
  (global $delim (mut i32) (i32.const 44))
  (global $crlf (mut i32) (i32.const 0))
  (global $fields (mut i32) (i32.const 0))
  (global $out (mut i32) (i32.const 0))
  (global $max (mut i32) (i32.const 0))

  ;; delimiter byte, CRLF line ends (1) or LF (0), where the field and out areas are, fields at most
  (func (export "setup") (param $delim i32) (param $crlf i32) (param $fields i32) (param $out i32) (param $max i32)
    (global.set $delim (local.get $delim))
    (global.set $crlf (local.get $crlf))
    (global.set $fields (local.get $fields))
    (global.set $out (local.get $out))
    (global.set $max (local.get $max)))

  ;; One record from `pos`: its field boundaries, and the number of fields; -1 when its line end is
  ;; not before `limit`, -2 when a quote comes first, -3 when it has more than `max` fields.
  ;; A block of sixteen bytes with delimiters only (no line feed, no quote, all before `limit`, room
  ;; for its fields among the first 64) takes the short loop: no byte read again, no bound checked
  ;; per field; any other block the general one.
  (func (export "record") (param $pos i32) (param $limit i32) (result i32)
    (local $p i32) (local $m i32) (local $md i32) (local $b i32) (local $c i32) (local $n i32) (local $s i32)
    (local $e i64) (local $end i32) (local $starts i32) (local $ends i32) (local $room i32)
    (local $vd v128) (local $vl v128) (local $vq v128) (local $v v128)
    (local.set $vd (i8x16.splat (global.get $delim)))
    (local.set $vl (i8x16.splat (i32.const 10)))
    (local.set $vq (i8x16.splat (i32.const 34)))
    (local.set $starts (global.get $fields))
    (local.set $ends (i32.add (global.get $fields) (i32.shl (global.get $max) (i32.const 2))))
    ;; fields the short loop may take: up to `max`, and marked empty only up to 64
    (local.set $room (select (global.get $max) (i32.const 64) (i32.lt_u (global.get $max) (i32.const 64))))
    (local.set $p (local.get $pos))
    (local.set $s (local.get $pos))
    (block $more
      (loop $blocks
        (br_if $more (i32.ge_u (local.get $p) (local.get $limit)))
        (local.set $v (v128.load (local.get $p)))
        (local.set $md (i8x16.bitmask (i8x16.eq (local.get $v) (local.get $vd))))
        (local.set $m (i8x16.bitmask (v128.or (i8x16.eq (local.get $v) (local.get $vl)) (i8x16.eq (local.get $v) (local.get $vq)))))
        (if (i32.and
              (i32.and (i32.eqz (local.get $m)) (i32.le_u (i32.add (local.get $p) (i32.const 16)) (local.get $limit)))
              (i32.le_u (i32.add (local.get $n) (i32.popcnt (local.get $md))) (local.get $room)))
          (then
            (block $short
              (loop $delims
                (br_if $short (i32.eqz (local.get $md)))
                (local.set $b (i32.add (local.get $p) (i32.ctz (local.get $md))))
                (local.set $md (i32.and (local.get $md) (i32.sub (local.get $md) (i32.const 1))))
                (i32.store (i32.add (local.get $starts) (i32.shl (local.get $n) (i32.const 2))) (local.get $s))
                (i32.store (i32.add (local.get $ends) (i32.shl (local.get $n) (i32.const 2))) (local.get $b))
                (local.set $e (i64.or (local.get $e)
                  (i64.shl (i64.extend_i32_u (i32.eq (local.get $b) (local.get $s))) (i64.extend_i32_u (local.get $n)))))
                (local.set $n (i32.add (local.get $n) (i32.const 1)))
                (local.set $s (i32.add (local.get $b) (i32.const 1)))
                (br $delims)))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (br $blocks)))
        (local.set $m (i32.or (local.get $m) (local.get $md)))
        (block $next
          (loop $bits
            (br_if $next (i32.eqz (local.get $m)))
            (local.set $b (i32.add (local.get $p) (i32.ctz (local.get $m))))
            (local.set $m (i32.and (local.get $m) (i32.sub (local.get $m) (i32.const 1))))
            (br_if $more (i32.ge_u (local.get $b) (local.get $limit)))
            (local.set $c (i32.load8_u (local.get $b)))
            (if (i32.eq (local.get $c) (global.get $delim))
              (then
                (if (i32.ge_u (local.get $n) (global.get $max)) (then (return (i32.const -3))))
                (i32.store (i32.add (local.get $starts) (i32.shl (local.get $n) (i32.const 2))) (local.get $s))
                (i32.store (i32.add (local.get $ends) (i32.shl (local.get $n) (i32.const 2))) (local.get $b))
                (if (i32.lt_u (local.get $n) (i32.const 64))
                  (then (local.set $e (i64.or (local.get $e)
                    (i64.shl (i64.extend_i32_u (i32.eq (local.get $b) (local.get $s))) (i64.extend_i32_u (local.get $n)))))))
                (local.set $n (i32.add (local.get $n) (i32.const 1)))
                (local.set $s (i32.add (local.get $b) (i32.const 1)))
                (br $bits)))
            (if (i32.eq (local.get $c) (i32.const 34)) (then (return (i32.const -2))))
            ;; a line feed; with CRLF line ends only after a CR (a lone LF is data)
            (local.set $end (local.get $b))
            (if (global.get $crlf)
              (then
                (if (i32.eq (local.get $b) (local.get $pos)) (then (br $bits)))
                (if (i32.ne (i32.load8_u (i32.sub (local.get $b) (i32.const 1))) (i32.const 13)) (then (br $bits)))
                (local.set $end (i32.sub (local.get $b) (i32.const 1)))))
            (if (i32.ge_u (local.get $n) (global.get $max)) (then (return (i32.const -3))))
            (i32.store (i32.add (local.get $starts) (i32.shl (local.get $n) (i32.const 2))) (local.get $s))
            (i32.store (i32.add (local.get $ends) (i32.shl (local.get $n) (i32.const 2))) (local.get $end))
            (if (i32.lt_u (local.get $n) (i32.const 64))
              (then (local.set $e (i64.or (local.get $e)
                (i64.shl (i64.extend_i32_u (i32.eq (local.get $end) (local.get $s))) (i64.extend_i32_u (local.get $n)))))))
            (i32.store (global.get $out) (i32.add (local.get $b) (i32.const 1)))
            (i64.store offset=4 (global.get $out) (local.get $e))
            (return (i32.add (local.get $n) (i32.const 1)))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $blocks)))
    (i32.const -1))
  ;; The unit cache: four cells of a row (province, district, commune and area, as byte ranges of the
  ;; chunk) → what the caller named them (its leaf unit and area, as one number), for cells it has
  ;; seen before. A table of `slots` slots (i32: entry + 1, 0 empty), then per entry 16 bytes (key
  ;; start in the arena, the four lengths as 16-bit numbers in one i64, the value), then the arena of
  ;; keys (32 bytes a slot): the four cells' bytes, a delimiter between them, as they stand in a row
  ;; that has them side by side in this order (exports do), so that such a row's key is compared as
  ;; one range. Full (half its slots used, or its arena), it stays as it is. Its size is a national
  ;; file's (~10,000 communes, each with two areas) from the start: a cache that started small and
  ;; started again empty at twice the size when full missed every unit again at each start.
  (global $uAt (mut i32) (i32.const 0))
  (global $uSlots (mut i32) (i32.const 0))
  (global $uTable (mut i32) (i32.const 0))
  (global $uMeta (mut i32) (i32.const 0))
  (global $uArena (mut i32) (i32.const 0))
  (global $uArenaEnd (mut i32) (i32.const 0))
  (global $uArenaUsed (mut i32) (i32.const 0))
  (global $uCount (mut i32) (i32.const 0))
  (global $uMask (mut i32) (i32.const 0))
  (global $uMax (mut i32) (i32.const 0))

  ;; where the cache lives: from `at`, `slots` slots (a power of two); the memory from `at` holds
  ;; slots × 44 bytes and 16 more (read past the arena, never used)
  (func (export "unitSetup") (param $at i32) (param $slots i32)
    (global.set $uAt (local.get $at))
    (call $unitLayout (local.get $slots)))

  ;; the cache emptied, its size kept (a new scan: what it names is its own caller's)
  (func (export "unitClear")
    (call $unitLayout (global.get $uSlots)))

  ;; an empty cache of `slots` slots
  (func $unitLayout (param $slots i32)
    (global.set $uSlots (local.get $slots))
    (global.set $uTable (global.get $uAt))
    (global.set $uMask (i32.sub (local.get $slots) (i32.const 1)))
    (global.set $uMax (i32.shr_u (local.get $slots) (i32.const 1)))
    (global.set $uMeta (i32.add (global.get $uAt) (i32.shl (local.get $slots) (i32.const 2))))
    (global.set $uArena (i32.add (global.get $uMeta) (i32.shl (global.get $uMax) (i32.const 4))))
    (global.set $uArenaEnd (i32.add (global.get $uArena) (i32.shl (local.get $slots) (i32.const 5))))
    (global.set $uArenaUsed (global.get $uArena))
    (global.set $uCount (i32.const 0))
    (memory.fill (global.get $uTable) (i32.const 0) (i32.shl (local.get $slots) (i32.const 2))))

  ;; the n bytes at a and at b are the same: sixteen at a time, the last block's bytes past n masked off
  (func $same (param $a i32) (param $b i32) (param $n i32) (result i32)
    (local $k i32)
    (block $tail
      (loop $blocks
        (br_if $tail (i32.gt_u (i32.add (local.get $k) (i32.const 16)) (local.get $n)))
        (if (i32.ne (i8x16.bitmask (i8x16.eq (v128.load (i32.add (local.get $a) (local.get $k))) (v128.load (i32.add (local.get $b) (local.get $k))))) (i32.const 0xffff))
          (then (return (i32.const 0))))
        (local.set $k (i32.add (local.get $k) (i32.const 16)))
        (br $blocks)))
    (i32.eqz (i32.and
      (i32.xor (i8x16.bitmask (i8x16.eq (v128.load (i32.add (local.get $a) (local.get $k))) (v128.load (i32.add (local.get $b) (local.get $k))))) (i32.const 0xffff))
      (i32.sub (i32.shl (i32.const 1) (i32.sub (local.get $n) (local.get $k))) (i32.const 1)))))

  ;; The slot of the four cells in the table: the one holding them, or the empty one where they would
  ;; go; -1 when a cell is 65,536 bytes or longer (not cached).
  (func $unitSlot (param $ps i32) (param $pe i32) (param $ds i32) (param $de i32) (param $cs i32) (param $ce i32) (param $as i32) (param $ae i32) (result i32)
    (local $i i32) (local $u i32) (local $m i32) (local $a i32) (local $h i32)
    (local $pl i32) (local $dl i32) (local $cl i32) (local $al i32) (local $lengths i64)
    (local.set $pl (i32.sub (local.get $pe) (local.get $ps)))
    (local.set $dl (i32.sub (local.get $de) (local.get $ds)))
    (local.set $cl (i32.sub (local.get $ce) (local.get $cs)))
    (local.set $al (i32.sub (local.get $ae) (local.get $as)))
    (if (i32.gt_u (i32.or (i32.or (local.get $pl) (local.get $dl)) (i32.or (local.get $cl) (local.get $al))) (i32.const 0xffff))
      (then (return (i32.const -1))))
    (local.set $lengths (i64.or
      (i64.or (i64.extend_i32_u (local.get $pl)) (i64.shl (i64.extend_i32_u (local.get $dl)) (i64.const 16)))
      (i64.or (i64.shl (i64.extend_i32_u (local.get $cl)) (i64.const 32)) (i64.shl (i64.extend_i32_u (local.get $al)) (i64.const 48)))))
    ;; a cheap hash (the lengths and a few bytes): the bytes are compared anyway
    (local.set $h (i32.mul (i32.wrap_i64 (i64.xor (local.get $lengths) (i64.shr_u (local.get $lengths) (i64.const 29)))) (i32.const 0x9e3779b1)))
    (local.set $h (i32.mul (i32.xor (local.get $h) (i32.load8_u (i32.sub (local.get $pe) (i32.const 1)))) (i32.const 0x01000193)))
    (if (local.get $dl) (then
      (local.set $h (i32.mul (i32.xor (i32.xor (local.get $h) (i32.load8_u (i32.add (local.get $ds) (i32.shr_u (local.get $dl) (i32.const 1)))))
        (i32.shl (i32.load8_u (i32.sub (local.get $de) (i32.const 1))) (i32.const 8))) (i32.const 0x01000193)))))
    (if (local.get $cl) (then
      (local.set $h (i32.mul (i32.xor (i32.xor (i32.xor (local.get $h) (i32.load8_u (i32.add (local.get $cs) (i32.shr_u (local.get $cl) (i32.const 1)))))
        (i32.shl (i32.load8_u (i32.sub (local.get $ce) (i32.const 1))) (i32.const 8)))
        (i32.shl (i32.load8_u (i32.add (local.get $cs) (i32.shr_u (local.get $cl) (i32.const 2)))) (i32.const 16))) (i32.const 0x01000193)))))
    (if (local.get $al) (then
      (local.set $h (i32.mul (i32.xor (i32.xor (local.get $h) (i32.load8_u (local.get $as)))
        (i32.shl (i32.load8_u (i32.sub (local.get $ae) (i32.const 1))) (i32.const 8))) (i32.const 0x01000193)))))
    (local.set $i (i32.and (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 15))) (global.get $uMask)))
    (loop $probe
      (local.set $u (i32.load (i32.add (global.get $uTable) (i32.shl (local.get $i) (i32.const 2)))))
      (if (i32.eqz (local.get $u)) (then (return (local.get $i))))
      (local.set $m (i32.add (global.get $uMeta) (i32.shl (i32.sub (local.get $u) (i32.const 1)) (i32.const 4))))
      (if (i64.eq (i64.load offset=4 (local.get $m)) (local.get $lengths))
        (then
          (local.set $a (i32.load (local.get $m)))
          ;; the cells side by side (a delimiter between them): one range, as the key is kept
          (if (i32.and (i32.and (i32.eq (i32.add (local.get $pe) (i32.const 1)) (local.get $ds)) (i32.eq (i32.add (local.get $de) (i32.const 1)) (local.get $cs)))
                       (i32.eq (i32.add (local.get $ce) (i32.const 1)) (local.get $as)))
            (then (if (call $same (local.get $a) (local.get $ps) (i32.sub (local.get $ae) (local.get $ps))) (then (return (local.get $i)))))
            (else
              (if (call $same (local.get $a) (local.get $ps) (local.get $pl))
                (then (if (call $same (i32.add (local.get $a) (i32.add (local.get $pl) (i32.const 1))) (local.get $ds) (local.get $dl))
                  (then (if (call $same (i32.add (local.get $a) (i32.add (i32.add (local.get $pl) (local.get $dl)) (i32.const 2))) (local.get $cs) (local.get $cl))
                    (then (if (call $same (i32.add (local.get $a) (i32.add (i32.add (i32.add (local.get $pl) (local.get $dl)) (local.get $cl)) (i32.const 3))) (local.get $as) (local.get $al))
                      (then (return (local.get $i))))))))))))))
      (local.set $i (i32.and (i32.add (local.get $i) (i32.const 1)) (global.get $uMask)))
      (br $probe))
    (unreachable))

  ;; What was named for these four cells, or -1 when they are not in the cache.
  (func (export "unit") (param $ps i32) (param $pe i32) (param $ds i32) (param $de i32) (param $cs i32) (param $ce i32) (param $as i32) (param $ae i32) (result i32)
    (local $i i32) (local $u i32)
    (local.set $i (call $unitSlot (local.get $ps) (local.get $pe) (local.get $ds) (local.get $de) (local.get $cs) (local.get $ce) (local.get $as) (local.get $ae)))
    (if (i32.lt_s (local.get $i) (i32.const 0)) (then (return (i32.const -1))))
    (local.set $u (i32.load (i32.add (global.get $uTable) (i32.shl (local.get $i) (i32.const 2)))))
    (if (i32.eqz (local.get $u)) (then (return (i32.const -1))))
    (i32.load offset=12 (i32.add (global.get $uMeta) (i32.shl (i32.sub (local.get $u) (i32.const 1)) (i32.const 4)))))

  ;; copy bytes [from, to) to `at`, then a delimiter: where the copy ends
  (func $copy (param $at i32) (param $from i32) (param $to i32) (result i32)
    (memory.copy (local.get $at) (local.get $from) (i32.sub (local.get $to) (local.get $from)))
    (local.set $at (i32.add (local.get $at) (i32.sub (local.get $to) (local.get $from))))
    (i32.store8 (local.get $at) (global.get $delim))
    (i32.add (local.get $at) (i32.const 1)))

  ;; Remember what was named for four cells (not in the cache; a value ≥ 0): 0 when the cache is full
  ;; (it stays as it is) or a cell is 65,536 bytes or longer (its length does not fit the key).
  (func (export "addUnit") (param $ps i32) (param $pe i32) (param $ds i32) (param $de i32) (param $cs i32) (param $ce i32) (param $as i32) (param $ae i32) (param $value i32) (result i32)
    (local $i i32) (local $m i32) (local $a i32) (local $len i32)
    (local.set $len (i32.add (i32.add (i32.add (i32.sub (local.get $pe) (local.get $ps)) (i32.sub (local.get $de) (local.get $ds))) (i32.sub (local.get $ce) (local.get $cs))) (i32.add (i32.sub (local.get $ae) (local.get $as)) (i32.const 4))))
    ;; (a cell of 65,536 bytes or longer is not kept, whatever the room)
    (if (i32.gt_u (i32.or (i32.or (i32.sub (local.get $pe) (local.get $ps)) (i32.sub (local.get $de) (local.get $ds)))
                          (i32.or (i32.sub (local.get $ce) (local.get $cs)) (i32.sub (local.get $ae) (local.get $as)))) (i32.const 0xffff))
      (then (return (i32.const 0))))
    ;; full: as it is
    (if (i32.or (i32.ge_u (global.get $uCount) (global.get $uMax)) (i32.gt_u (i32.add (global.get $uArenaUsed) (local.get $len)) (global.get $uArenaEnd)))
      (then (return (i32.const 0))))
    (local.set $i (call $unitSlot (local.get $ps) (local.get $pe) (local.get $ds) (local.get $de) (local.get $cs) (local.get $ce) (local.get $as) (local.get $ae)))
    (if (i32.lt_s (local.get $i) (i32.const 0)) (then (return (i32.const 0))))
    (if (i32.load (i32.add (global.get $uTable) (i32.shl (local.get $i) (i32.const 2)))) (then (return (i32.const 1))))
    ;; the key: the four cells' bytes, a delimiter after each
    (local.set $a (call $copy (global.get $uArenaUsed) (local.get $ps) (local.get $pe)))
    (local.set $a (call $copy (local.get $a) (local.get $ds) (local.get $de)))
    (local.set $a (call $copy (local.get $a) (local.get $cs) (local.get $ce)))
    (local.set $a (call $copy (local.get $a) (local.get $as) (local.get $ae)))
    (local.set $m (i32.add (global.get $uMeta) (i32.shl (global.get $uCount) (i32.const 4))))
    (i32.store (local.get $m) (global.get $uArenaUsed))
    (i64.store offset=4 (local.get $m) (i64.or
      (i64.or (i64.extend_i32_u (i32.sub (local.get $pe) (local.get $ps))) (i64.shl (i64.extend_i32_u (i32.sub (local.get $de) (local.get $ds))) (i64.const 16)))
      (i64.or (i64.shl (i64.extend_i32_u (i32.sub (local.get $ce) (local.get $cs))) (i64.const 32)) (i64.shl (i64.extend_i32_u (i32.sub (local.get $ae) (local.get $as))) (i64.const 48)))))
    (i32.store offset=12 (local.get $m) (local.get $value))
    (global.set $uArenaUsed (local.get $a))
    (global.set $uCount (i32.add (global.get $uCount) (i32.const 1)))
    (i32.store (i32.add (global.get $uTable) (i32.shl (local.get $i) (i32.const 2))) (global.get $uCount))
    (i32.const 1))
)
