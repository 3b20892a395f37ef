;; The loops of the end of a read (Tallier.finish, Panel.flows), in WebAssembly: they run once, over
;; a few thousand cells and every household of the panel, mostly before V8 has compiled their
;; JavaScript (interpreted, ~30 ms on 1M rows); here they are compiled as the module is made.
;; finish-loops.ts lays out the memory, and has the same loops in JavaScript (where WebAssembly is
;; not available, and for the tests). Addresses are in bytes; every number is an i32.
(module
  (memory (export "memory") 1)

  ;; add the n numbers at `src` into those at `dst`: four at a time, then one at a time
  (func $addRow (param $dst i32) (param $src i32) (param $n i32)
    (local $end i32) (local $end4 i32)
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $end4 (i32.add (local.get $dst) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $done4
      (loop $next4
        (br_if $done4 (i32.ge_u (local.get $dst) (local.get $end4)))
        (v128.store (local.get $dst) (i32x4.add (v128.load (local.get $dst)) (v128.load (local.get $src))))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (br $next4)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
        (i32.store (local.get $dst) (i32.add (i32.load (local.get $dst)) (i32.load (local.get $src))))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (local.set $src (i32.add (local.get $src) (i32.const 4)))
        (br $next))))

  ;; whether any of the n numbers at `at` is not 0: four at a time, then one at a time
  (func $anyOf (param $at i32) (param $n i32) (result i32)
    (local $end i32) (local $end4 i32) (local $v v128) (local $any i32)
    (local.set $end (i32.add (local.get $at) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $end4 (i32.add (local.get $at) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $done4
      (loop $next4
        (br_if $done4 (i32.ge_u (local.get $at) (local.get $end4)))
        (local.set $v (v128.or (local.get $v) (v128.load (local.get $at))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $next4)))
    (local.set $any (v128.any_true (local.get $v)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        (local.set $any (i32.or (local.get $any) (i32.load (local.get $at))))
        (local.set $at (i32.add (local.get $at) (i32.const 4)))
        (br $next)))
    (local.get $any))

  ;; the row of `key` in a table of sums (`table`: a key's row, or -1; `keys`: the keys in the
  ;; order their rows were made; `count` at `countAt`), made when absent
  (func $rowOf (param $table i32) (param $keys i32) (param $countAt i32) (param $key i32) (result i32)
    (local $at i32) (local $r i32)
    (local.set $at (i32.add (local.get $table) (i32.shl (local.get $key) (i32.const 2))))
    (local.set $r (i32.load (local.get $at)))
    (if (i32.lt_s (local.get $r) (i32.const 0))
      (then
        (local.set $r (i32.load (local.get $countAt)))
        (i32.store (i32.add (local.get $keys) (i32.shl (local.get $r) (i32.const 2))) (local.get $key))
        (i32.store (local.get $at) (local.get $r))
        (i32.store (local.get $countAt) (i32.add (local.get $r) (i32.const 1)))))
    (local.get $r))

;; The cells' counts summed by unit, review year and group (see Tallier.finish):
  ;; - each cell (`count` of them, `stride` numbers apart from `cells`, n counted) with any count is
  ;;   added into its sums. Its key (keys[c], an f64: leaf unit << 13 | review year − 1900 << 5 |
  ;;   group flags, as Tallier's cellKey) gives its sums' keys: resolved[leaf] × perUnit +
  ;;   yearBase[year − 1900] + g for each group g whose bit is set in groupBits[flags]. A key's sum,
  ;;   when first met, is made with those of every unit above it (parent[u], -1 above the country)
  ;;   that are not made yet, each unit before the larger ones;
  ;; - then each sum into its parent's, the deepest units (depth[u]: 3 communes … 0 the country) first.
  ;; A key is unit × perUnit + the place of its year and group. The row table holds -1, data rows 0.
  ;; The sums' count is at `counts`, and returned.
  (func (export "sum")
    (param $cells i32) (param $count i32) (param $stride i32) (param $n i32)
    (param $keys i32) (param $resolved i32) (param $yearBase i32) (param $groupBits i32) (param $parent i32) (param $depth i32) (param $perUnit i32)
    (param $sumRow i32) (param $sumKeys i32) (param $sumData i32) (param $counts i32)
    (result i32)
    (local $c i32) (local $at i32) (local $m i32) (local $g i32) (local $cell i64)
    (local $r i32) (local $key i32) (local $u i32) (local $d i32) (local $rowBytes i32)
    (local.set $rowBytes (i32.shl (local.get $n) (i32.const 2)))
    ;; cells into their sums
    (block $cellsDone
      (loop $cell
        (br_if $cellsDone (i32.ge_u (local.get $c) (local.get $count)))
        (local.set $at (i32.add (local.get $cells) (i32.shl (i32.mul (local.get $c) (local.get $stride)) (i32.const 2))))
        (if (call $anyOf (local.get $at) (local.get $n))
          (then
            (local.set $cell (i64.trunc_f64_u (f64.load (i32.add (local.get $keys) (i32.shl (local.get $c) (i32.const 3))))))
            (local.set $m (i32.load (i32.add (local.get $groupBits) (i32.shl (i32.wrap_i64 (i64.and (local.get $cell) (i64.const 31))) (i32.const 2)))))
            (local.set $g (i32.add
              (i32.mul (i32.load (i32.add (local.get $resolved) (i32.shl (i32.wrap_i64 (i64.shr_u (local.get $cell) (i64.const 13))) (i32.const 2)))) (local.get $perUnit))
              (i32.load (i32.add (local.get $yearBase) (i32.shl (i32.wrap_i64 (i64.and (i64.shr_u (local.get $cell) (i64.const 5)) (i64.const 255))) (i32.const 2))))))
            (block $groupsDone
              (loop $group
                (br_if $groupsDone (i32.eqz (local.get $m)))
                (if (i32.and (local.get $m) (i32.const 1))
                  (then
                    (local.set $r (call $sumOf (local.get $sumRow) (local.get $sumKeys) (local.get $counts) (local.get $parent) (local.get $perUnit) (local.get $g)))
                    (call $addRow (i32.add (local.get $sumData) (i32.mul (local.get $r) (local.get $rowBytes))) (local.get $at) (local.get $n))))
                (local.set $m (i32.shr_u (local.get $m) (i32.const 1)))
                (local.set $g (i32.add (local.get $g) (i32.const 1)))
                (br $group)))))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $cell)))
    ;; each sum into its parent's, the deepest units first
    (local.set $d (i32.const 3))
    (block $depthsDone
      (loop $level
        (br_if $depthsDone (i32.lt_s (local.get $d) (i32.const 1)))
        (local.set $r (i32.const 0))
        (block $rowsDone
          (loop $row
            (br_if $rowsDone (i32.ge_u (local.get $r) (i32.load (local.get $counts))))
            (local.set $key (i32.load (i32.add (local.get $sumKeys) (i32.shl (local.get $r) (i32.const 2)))))
            (local.set $u (i32.div_u (local.get $key) (local.get $perUnit)))
            (if (i32.eq (i32.load (i32.add (local.get $depth) (i32.shl (local.get $u) (i32.const 2)))) (local.get $d))
              (then
                (call $addRow
                  (i32.add (local.get $sumData) (i32.mul (local.get $rowBytes) (i32.load (i32.add (local.get $sumRow) (i32.shl
                    (i32.add
                      (i32.mul (i32.load (i32.add (local.get $parent) (i32.shl (local.get $u) (i32.const 2)))) (local.get $perUnit))
                      (i32.sub (local.get $key) (i32.mul (local.get $u) (local.get $perUnit))))
                    (i32.const 2))))))
                  (i32.add (local.get $sumData) (i32.mul (local.get $r) (local.get $rowBytes)))
                  (local.get $n))))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $row)))
        (local.set $d (i32.sub (local.get $d) (i32.const 1)))
        (br $level)))
    (i32.load (local.get $counts)))

  ;; the row of `key`'s sum; when absent, made, and so are those of the units above it not made yet
  (func $sumOf (param $table i32) (param $keys i32) (param $countAt i32) (param $parent i32) (param $perUnit i32) (param $key i32) (result i32)
    (local $r i32) (local $u i32) (local $inUnit i32) (local $k i32)
    (local.set $r (i32.load (i32.add (local.get $table) (i32.shl (local.get $key) (i32.const 2)))))
    (if (i32.ge_s (local.get $r) (i32.const 0)) (then (return (local.get $r))))
    (local.set $r (call $rowOf (local.get $table) (local.get $keys) (local.get $countAt) (local.get $key)))
    (local.set $u (i32.div_u (local.get $key) (local.get $perUnit)))
    (local.set $inUnit (i32.sub (local.get $key) (i32.mul (local.get $u) (local.get $perUnit))))
    (block $top
      (loop $up
        (local.set $u (i32.load (i32.add (local.get $parent) (i32.shl (local.get $u) (i32.const 2)))))
        (br_if $top (i32.lt_s (local.get $u) (i32.const 0)))
        (local.set $k (i32.add (i32.mul (local.get $u) (local.get $perUnit)) (local.get $inUnit)))
        ;; (a unit's sum made: those above it are too)
        (br_if $top (i32.ge_s (i32.load (i32.add (local.get $table) (i32.shl (local.get $k) (i32.const 2)))) (i32.const 0)))
        (drop (call $rowOf (local.get $table) (local.get $keys) (local.get $countAt) (local.get $k)))
        (br $up)))
    (local.get $r))

;; The entries (six numbers each) of the `count` from `counts` with any number not 0: their places,
  ;; written from `out`; returns how many.
  (func (export "nonzero") (param $counts i32) (param $count i32) (param $out i32) (result i32)
    (local $e i32) (local $at i32) (local $k i32)
    (local.set $at (local.get $counts))
    (block $done
      (loop $entry
        (br_if $done (i32.ge_u (local.get $e) (local.get $count)))
        (if (i32.or
              (i32.or (i64.ne (i64.load (local.get $at)) (i64.const 0)) (i64.ne (i64.load offset=8 (local.get $at)) (i64.const 0)))
              (i64.ne (i64.load offset=16 (local.get $at)) (i64.const 0)))
          (then
            (i32.store (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 2))) (local.get $e))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))))
        (local.set $at (i32.add (local.get $at) (i32.const 24)))
        (local.set $e (i32.add (local.get $e) (i32.const 1)))
        (br $entry)))
    (local.get $k))

  ;; The flows of one block of `end` households (see Panel.flows): their state this year (`now`:
  ;; status in bits 0–1, group flags in bits 2–6) and last year (`before`), their unit this year
  ;; (`unit`: 2 bytes each, or 4 when `wide`), their states in the earlier years of the period (`k`
  ;; addresses at `earlier`); counted into `counts`, 6 numbers per unit and group flags:
  ;; escaped, rePoor, newPoor, escapedNearPoor, reNearPoor, newNearPoor.
  (func (export "flows")
    (param $now i32) (param $before i32) (param $unit i32) (param $wide i32) (param $earlier i32) (param $k i32)
    (param $end i32) (param $counts i32)
    (local $i i32) (local $state i32) (local $cur i32) (local $prev i32) (local $at i32) (local $e i32) (local $was i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $state (i32.load8_u (i32.add (local.get $now) (local.get $i))))
        (local.set $cur (i32.and (local.get $state) (i32.const 3)))
        (local.set $prev (i32.and (i32.load8_u (i32.add (local.get $before) (local.get $i))) (i32.const 3)))
        ;; here this year (status 1–3) and not with the same status last year
        (if (i32.and (i32.ne (local.get $cur) (i32.const 0)) (i32.ne (local.get $prev) (local.get $cur)))
          (then
            ;; (unit × 32 + flags) × 6 numbers of 4 bytes
            (local.set $at (i32.add (local.get $counts) (i32.mul (i32.const 24)
              (i32.add
                (i32.shl
                  (if (result i32) (local.get $wide)
                    (then (i32.load (i32.add (local.get $unit) (i32.shl (local.get $i) (i32.const 2)))))
                    (else (i32.load16_u (i32.add (local.get $unit) (i32.shl (local.get $i) (i32.const 1))))))
                  (i32.const 5))
                (i32.and (i32.shr_u (local.get $state) (i32.const 2)) (i32.const 31))))))
            ;; escaped (poor last year), escapedNearPoor (near-poor last year, non-poor now)
            (if (i32.eq (local.get $prev) (i32.const 3))
              (then (i32.store offset=0 (local.get $at) (i32.add (i32.load offset=0 (local.get $at)) (i32.const 1))))
              (else
                (if (i32.and (i32.eq (local.get $prev) (i32.const 2)) (i32.eq (local.get $cur) (i32.const 1)))
                  (then (i32.store offset=12 (local.get $at) (i32.add (i32.load offset=12 (local.get $at)) (i32.const 1)))))))
            ;; poor (near-poor) now and not last year: back on the list (on it in an earlier year of
            ;; the period), or new to it
            (if (i32.ge_u (local.get $cur) (i32.const 2))
              (then
                (local.set $was (i32.const 0))
                (local.set $e (i32.const 0))
                (block $found
                  (loop $year
                    (br_if $found (i32.or (local.get $was) (i32.ge_u (local.get $e) (local.get $k))))
                    (local.set $was (i32.eq (local.get $cur)
                      (i32.and (i32.load8_u (i32.add (i32.load (i32.add (local.get $earlier) (i32.shl (local.get $e) (i32.const 2)))) (local.get $i))) (i32.const 3))))
                    (local.set $e (i32.add (local.get $e) (i32.const 1)))
                    (br $year)))
                ;; the flow's place: rePoor 1, newPoor 2, reNearPoor 4, newNearPoor 5
                (local.set $at (i32.add (local.get $at) (i32.shl
                  (i32.add (select (i32.const 1) (i32.const 4) (i32.eq (local.get $cur) (i32.const 3))) (i32.eqz (local.get $was)))
                  (i32.const 2))))
                (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (i32.const 1)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))))
