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
  (func (export "record") (param $pos i32) (param $limit i32) (result i32)
    (local $p i32) (local $m i32) (local $b i32) (local $c i32) (local $n i32) (local $s i32)
    (local $e0 i32) (local $e1 i32) (local $end i32) (local $empty i32)
    (local $vd v128) (local $vl v128) (local $vq v128) (local $v v128)
    (local.set $vd (i8x16.splat (global.get $delim)))
    (local.set $vl (i8x16.splat (i32.const 10)))
    (local.set $vq (i8x16.splat (i32.const 34)))
    (local.set $p (local.get $pos))
    (local.set $s (local.get $pos))
    (block $more
      (loop $blocks
        (br_if $more (i32.ge_u (local.get $p) (local.get $limit)))
        (local.set $v (v128.load (local.get $p)))
        (local.set $m (i8x16.bitmask
          (v128.or (v128.or (i8x16.eq (local.get $v) (local.get $vd)) (i8x16.eq (local.get $v) (local.get $vl)))
                   (i8x16.eq (local.get $v) (local.get $vq)))))
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
                (i32.store (i32.add (global.get $fields) (i32.shl (local.get $n) (i32.const 2))) (local.get $s))
                (i32.store (i32.add (i32.add (global.get $fields) (i32.shl (global.get $max) (i32.const 2))) (i32.shl (local.get $n) (i32.const 2))) (local.get $b))
                (local.set $empty (i32.eq (local.get $b) (local.get $s)))
                (if (i32.lt_u (local.get $n) (i32.const 32))
                  (then (local.set $e0 (i32.or (local.get $e0) (i32.shl (local.get $empty) (local.get $n)))))
                  (else (if (i32.lt_u (local.get $n) (i32.const 64))
                    (then (local.set $e1 (i32.or (local.get $e1) (i32.shl (local.get $empty) (local.get $n))))))))
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
            (i32.store (i32.add (global.get $fields) (i32.shl (local.get $n) (i32.const 2))) (local.get $s))
            (i32.store (i32.add (i32.add (global.get $fields) (i32.shl (global.get $max) (i32.const 2))) (i32.shl (local.get $n) (i32.const 2))) (local.get $end))
            (local.set $empty (i32.eq (local.get $end) (local.get $s)))
            (if (i32.lt_u (local.get $n) (i32.const 32))
              (then (local.set $e0 (i32.or (local.get $e0) (i32.shl (local.get $empty) (local.get $n)))))
              (else (if (i32.lt_u (local.get $n) (i32.const 64))
                (then (local.set $e1 (i32.or (local.get $e1) (i32.shl (local.get $empty) (local.get $n))))))))
            (i32.store (global.get $out) (i32.add (local.get $b) (i32.const 1)))
            (i32.store offset=4 (global.get $out) (local.get $e0))
            (i32.store offset=8 (global.get $out) (local.get $e1))
            (return (i32.add (local.get $n) (i32.const 1)))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $blocks)))
    (i32.const -1))
  ;; The unit cache: four cells of a row (province, district, commune and area, as byte ranges of the
  ;; chunk) → what the caller named them (its leaf unit and area, as one number), for cells it has
  ;; seen before. A table of UNIT_SLOTS slots (i32: entry + 1, 0 empty), then per entry 24 bytes (key
  ;; start in the arena, the four lengths, the value), then the arena of keys (the cells' bytes one
  ;; after the other).
  (global $uTable (mut i32) (i32.const 0))
  (global $uMeta (mut i32) (i32.const 0))
  (global $uArena (mut i32) (i32.const 0))
  (global $uArenaEnd (mut i32) (i32.const 0))
  (global $uArenaUsed (mut i32) (i32.const 0))
  (global $uCount (mut i32) (i32.const 0))
  (global $uMask (mut i32) (i32.const 0))
  (global $uMax (mut i32) (i32.const 0))

  ;; where the cache lives: `slots` (a power of two) from `at`, for up to slots / 2 entries and `arena` bytes of keys
  (func (export "unitSetup") (param $at i32) (param $slots i32) (param $arena i32)
    (global.set $uTable (local.get $at))
    (global.set $uMask (i32.sub (local.get $slots) (i32.const 1)))
    (global.set $uMax (i32.shr_u (local.get $slots) (i32.const 1)))
    (global.set $uMeta (i32.add (local.get $at) (i32.shl (local.get $slots) (i32.const 2))))
    (global.set $uArena (i32.add (global.get $uMeta) (i32.mul (global.get $uMax) (i32.const 24))))
    (global.set $uArenaEnd (i32.add (global.get $uArena) (local.get $arena)))
    (global.set $uArenaUsed (global.get $uArena))
    (global.set $uCount (i32.const 0)))

  ;; a cheap hash of the four cells (their lengths and a few bytes): the bytes are compared anyway
  (func $unitHash (param $ps i32) (param $pe i32) (param $ds i32) (param $de i32) (param $cs i32) (param $ce i32) (param $as i32) (param $ae i32) (result i32)
    (local $h i32) (local $dl i32) (local $cl i32) (local $al i32)
    (local.set $dl (i32.sub (local.get $de) (local.get $ds)))
    (local.set $cl (i32.sub (local.get $ce) (local.get $cs)))
    (local.set $al (i32.sub (local.get $ae) (local.get $as)))
    (local.set $h (i32.mul (i32.add (i32.add (i32.add (i32.mul (i32.sub (local.get $pe) (local.get $ps)) (i32.const 961)) (i32.mul (local.get $dl) (i32.const 31))) (local.get $cl)) (i32.mul (local.get $al) (i32.const 29791))) (i32.const 0x9e3779b1)))
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
    (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 15))))

  ;; the n bytes at a and at b are the same: eight at a time
  (func $same (param $a i32) (param $b i32) (param $n i32) (result i32)
    (local $k i32)
    (block $done
      (loop $words
        (br_if $done (i32.gt_u (i32.add (local.get $k) (i32.const 8)) (local.get $n)))
        (if (i64.ne (i64.load (i32.add (local.get $a) (local.get $k))) (i64.load (i32.add (local.get $b) (local.get $k)))) (then (return (i32.const 0))))
        (local.set $k (i32.add (local.get $k) (i32.const 8)))
        (br $words)))
    (block $end
      (loop $bytes
        (br_if $end (i32.ge_u (local.get $k) (local.get $n)))
        (if (i32.ne (i32.load8_u (i32.add (local.get $a) (local.get $k))) (i32.load8_u (i32.add (local.get $b) (local.get $k)))) (then (return (i32.const 0))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $bytes)))
    (i32.const 1))

  ;; The slot of the four cells in the table: the one holding them, or the empty one where they would go.
  (func $unitSlot (param $ps i32) (param $pe i32) (param $ds i32) (param $de i32) (param $cs i32) (param $ce i32) (param $as i32) (param $ae i32) (result i32)
    (local $i i32) (local $u i32) (local $m i32) (local $a i32) (local $pl i32) (local $dl i32) (local $cl i32) (local $al i32)
    (local.set $pl (i32.sub (local.get $pe) (local.get $ps)))
    (local.set $dl (i32.sub (local.get $de) (local.get $ds)))
    (local.set $cl (i32.sub (local.get $ce) (local.get $cs)))
    (local.set $al (i32.sub (local.get $ae) (local.get $as)))
    (local.set $i (i32.and (call $unitHash (local.get $ps) (local.get $pe) (local.get $ds) (local.get $de) (local.get $cs) (local.get $ce) (local.get $as) (local.get $ae)) (global.get $uMask)))
    (loop $probe
      (local.set $u (i32.load (i32.add (global.get $uTable) (i32.shl (local.get $i) (i32.const 2)))))
      (if (i32.eqz (local.get $u)) (then (return (local.get $i))))
      (local.set $m (i32.add (global.get $uMeta) (i32.mul (i32.sub (local.get $u) (i32.const 1)) (i32.const 24))))
      (if (i32.and
            (i32.and (i32.eq (i32.load offset=4 (local.get $m)) (local.get $pl)) (i32.eq (i32.load offset=8 (local.get $m)) (local.get $dl)))
            (i32.and (i32.eq (i32.load offset=12 (local.get $m)) (local.get $cl)) (i32.eq (i32.load offset=16 (local.get $m)) (local.get $al))))
        (then
          (local.set $a (i32.load (local.get $m)))
          (if (call $same (local.get $a) (local.get $ps) (local.get $pl))
            (then (if (call $same (i32.add (local.get $a) (local.get $pl)) (local.get $ds) (local.get $dl))
              (then (if (call $same (i32.add (i32.add (local.get $a) (local.get $pl)) (local.get $dl)) (local.get $cs) (local.get $cl))
                (then (if (call $same (i32.add (i32.add (i32.add (local.get $a) (local.get $pl)) (local.get $dl)) (local.get $cl)) (local.get $as) (local.get $al))
                  (then (return (local.get $i))))))))))))
      (local.set $i (i32.and (i32.add (local.get $i) (i32.const 1)) (global.get $uMask)))
      (br $probe))
    (unreachable))

  ;; What was named for these four cells, or -1 when they are not in the cache.
  (func (export "unit") (param $ps i32) (param $pe i32) (param $ds i32) (param $de i32) (param $cs i32) (param $ce i32) (param $as i32) (param $ae i32) (result i32)
    (local $u i32)
    (local.set $u (i32.load (i32.add (global.get $uTable) (i32.shl (call $unitSlot (local.get $ps) (local.get $pe) (local.get $ds) (local.get $de) (local.get $cs) (local.get $ce) (local.get $as) (local.get $ae)) (i32.const 2)))))
    (if (i32.eqz (local.get $u)) (then (return (i32.const -1))))
    (i32.load offset=20 (i32.add (global.get $uMeta) (i32.mul (i32.sub (local.get $u) (i32.const 1)) (i32.const 24)))))

  ;; copy bytes [from, to) to `at`: where the copy ends
  (func $copy (param $at i32) (param $from i32) (param $to i32) (result i32)
    (block $done (loop $bytes (br_if $done (i32.ge_u (local.get $from) (local.get $to)))
      (i32.store8 (local.get $at) (i32.load8_u (local.get $from)))
      (local.set $at (i32.add (local.get $at) (i32.const 1)))
      (local.set $from (i32.add (local.get $from) (i32.const 1)))
      (br $bytes)))
    (local.get $at))

  ;; Remember what was named for four cells (not in the cache; a value ≥ 0): 0 when the cache is full (it stays as it is).
  (func (export "addUnit") (param $ps i32) (param $pe i32) (param $ds i32) (param $de i32) (param $cs i32) (param $ce i32) (param $as i32) (param $ae i32) (param $value i32) (result i32)
    (local $i i32) (local $m i32) (local $a i32) (local $len i32)
    (local.set $len (i32.add (i32.add (i32.add (i32.sub (local.get $pe) (local.get $ps)) (i32.sub (local.get $de) (local.get $ds))) (i32.sub (local.get $ce) (local.get $cs))) (i32.sub (local.get $ae) (local.get $as))))
    (if (i32.ge_u (global.get $uCount) (global.get $uMax)) (then (return (i32.const 0))))
    (if (i32.gt_u (i32.add (global.get $uArenaUsed) (local.get $len)) (global.get $uArenaEnd)) (then (return (i32.const 0))))
    (local.set $i (call $unitSlot (local.get $ps) (local.get $pe) (local.get $ds) (local.get $de) (local.get $cs) (local.get $ce) (local.get $as) (local.get $ae)))
    (if (i32.load (i32.add (global.get $uTable) (i32.shl (local.get $i) (i32.const 2)))) (then (return (i32.const 1))))
    ;; the key: the four cells' bytes one after the other
    (local.set $a (call $copy (global.get $uArenaUsed) (local.get $ps) (local.get $pe)))
    (local.set $a (call $copy (local.get $a) (local.get $ds) (local.get $de)))
    (local.set $a (call $copy (local.get $a) (local.get $cs) (local.get $ce)))
    (local.set $a (call $copy (local.get $a) (local.get $as) (local.get $ae)))
    (local.set $m (i32.add (global.get $uMeta) (i32.mul (global.get $uCount) (i32.const 24))))
    (i32.store (local.get $m) (global.get $uArenaUsed))
    (i32.store offset=4 (local.get $m) (i32.sub (local.get $pe) (local.get $ps)))
    (i32.store offset=8 (local.get $m) (i32.sub (local.get $de) (local.get $ds)))
    (i32.store offset=12 (local.get $m) (i32.sub (local.get $ce) (local.get $cs)))
    (i32.store offset=16 (local.get $m) (i32.sub (local.get $ae) (local.get $as)))
    (i32.store offset=20 (local.get $m) (local.get $value))
    (global.set $uArenaUsed (local.get $a))
    (global.set $uCount (i32.add (global.get $uCount) (i32.const 1)))
    (i32.store (i32.add (global.get $uTable) (i32.shl (local.get $i) (i32.const 2))) (global.get $uCount))
    (i32.const 1))
)
