;; The record loop of the fast reader, sixteen bytes at a time (WebAssembly SIMD).
;; Memory: the chunk's bytes from 0 (with 16 bytes of slack after them); at `fields`: starts then
;; ends of up to MAX_FIELDS fields (i32 each); at `out`: the next record's start and the two
;; empty-field masks of the record just read.
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
)
