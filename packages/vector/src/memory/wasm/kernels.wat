;; Exact-search kernels for the memory store, in WebAssembly SIMD (f32x4).
;; JavaScript has no SIMD, and a scalar scan of 100k x 384 float32 runs at ~5x the
;; memory-bandwidth bound; these loops bring it close to that bound.
;; Rebuild the embedded binary after editing: `pnpm --filter @workshop/vector build:wasm`.
;; All pointers and sizes are byte offsets into the imported memory.
(module
  (import "env" "memory" (memory 1))

  ;; Dot product of two float32 arrays of `bytes` bytes (a multiple of 4).
  ;; Four independent accumulators (64 bytes, one cache line per step) hide add latency.
  (func $dot (param $p i32) (param $q i32) (param $bytes i32) (result f32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $i i32) (local $end64 i32) (local $end16 i32) (local $s f32) (local $x i32) (local $y i32)
    (local.set $end64 (i32.and (local.get $bytes) (i32.const -64)))
    (local.set $end16 (i32.and (local.get $bytes) (i32.const -16)))
    (block $done64
      (loop $step64
        (br_if $done64 (i32.ge_u (local.get $i) (local.get $end64)))
        (local.set $x (i32.add (local.get $p) (local.get $i)))
        (local.set $y (i32.add (local.get $q) (local.get $i)))
        (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load (local.get $x)) (v128.load (local.get $y)))))
        (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (v128.load offset=16 (local.get $x)) (v128.load offset=16 (local.get $y)))))
        (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (v128.load offset=32 (local.get $x)) (v128.load offset=32 (local.get $y)))))
        (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (v128.load offset=48 (local.get $x)) (v128.load offset=48 (local.get $y)))))
        (local.set $i (i32.add (local.get $i) (i32.const 64)))
        (br $step64)))
    (block $done16
      (loop $step16
        (br_if $done16 (i32.ge_u (local.get $i) (local.get $end16)))
        (local.set $a0 (f32x4.add (local.get $a0)
          (f32x4.mul (v128.load (i32.add (local.get $p) (local.get $i))) (v128.load (i32.add (local.get $q) (local.get $i))))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $step16)))
    (local.set $a0 (f32x4.add (f32x4.add (local.get $a0) (local.get $a1)) (f32x4.add (local.get $a2) (local.get $a3))))
    (local.set $s (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $a0)) (f32x4.extract_lane 1 (local.get $a0)))
      (f32.add (f32x4.extract_lane 2 (local.get $a0)) (f32x4.extract_lane 3 (local.get $a0)))))
    ;; Tail when the dimension is not a multiple of 4.
    (block $done4
      (loop $step4
        (br_if $done4 (i32.ge_u (local.get $i) (local.get $bytes)))
        (local.set $s (f32.add (local.get $s)
          (f32.mul (f32.load (i32.add (local.get $p) (local.get $i))) (f32.load (i32.add (local.get $q) (local.get $i))))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $step4)))
    (local.get $s))

  ;; Squared Euclidean distance, same structure as $dot.
  (func $l2sq (param $p i32) (param $q i32) (param $bytes i32) (result f32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $d v128)
    (local $i i32) (local $end64 i32) (local $end16 i32) (local $s f32) (local $x i32) (local $y i32) (local $e f32)
    (local.set $end64 (i32.and (local.get $bytes) (i32.const -64)))
    (local.set $end16 (i32.and (local.get $bytes) (i32.const -16)))
    (block $done64
      (loop $step64
        (br_if $done64 (i32.ge_u (local.get $i) (local.get $end64)))
        (local.set $x (i32.add (local.get $p) (local.get $i)))
        (local.set $y (i32.add (local.get $q) (local.get $i)))
        (local.set $d (f32x4.sub (v128.load (local.get $x)) (v128.load (local.get $y))))
        (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $d) (local.get $d))))
        (local.set $d (f32x4.sub (v128.load offset=16 (local.get $x)) (v128.load offset=16 (local.get $y))))
        (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $d) (local.get $d))))
        (local.set $d (f32x4.sub (v128.load offset=32 (local.get $x)) (v128.load offset=32 (local.get $y))))
        (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $d) (local.get $d))))
        (local.set $d (f32x4.sub (v128.load offset=48 (local.get $x)) (v128.load offset=48 (local.get $y))))
        (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $d) (local.get $d))))
        (local.set $i (i32.add (local.get $i) (i32.const 64)))
        (br $step64)))
    (block $done16
      (loop $step16
        (br_if $done16 (i32.ge_u (local.get $i) (local.get $end16)))
        (local.set $d (f32x4.sub (v128.load (i32.add (local.get $p) (local.get $i))) (v128.load (i32.add (local.get $q) (local.get $i)))))
        (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $d) (local.get $d))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $step16)))
    (local.set $a0 (f32x4.add (f32x4.add (local.get $a0) (local.get $a1)) (f32x4.add (local.get $a2) (local.get $a3))))
    (local.set $s (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $a0)) (f32x4.extract_lane 1 (local.get $a0)))
      (f32.add (f32x4.extract_lane 2 (local.get $a0)) (f32x4.extract_lane 3 (local.get $a0)))))
    (block $done4
      (loop $step4
        (br_if $done4 (i32.ge_u (local.get $i) (local.get $bytes)))
        (local.set $e (f32.sub (f32.load (i32.add (local.get $p) (local.get $i))) (f32.load (i32.add (local.get $q) (local.get $i)))))
        (local.set $s (f32.add (local.get $s) (f32.mul (local.get $e) (local.get $e))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $step4)))
    (local.get $s))

  (func $score (param $p i32) (param $q i32) (param $bytes i32) (param $l2 i32) (result f32)
    (if (result f32) (local.get $l2)
      (then (call $l2sq (local.get $p) (local.get $q) (local.get $bytes)))
      (else (call $dot (local.get $p) (local.get $q) (local.get $bytes)))))

  ;; out[r] = score(row first+r) for r < n: rows stored contiguously from $data.
  ;; $l2 = 0 for the dot product, 1 for the squared Euclidean distance.
  (func (export "score_range")
    (param $data i32) (param $q i32) (param $dims i32) (param $first i32) (param $n i32) (param $out i32) (param $l2 i32)
    (local $bytes i32) (local $p i32) (local $r i32)
    (local.set $bytes (i32.shl (local.get $dims) (i32.const 2)))
    (local.set $p (i32.add (local.get $data) (i32.mul (local.get $first) (local.get $bytes))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $r) (local.get $n)))
        (f32.store (i32.add (local.get $out) (i32.shl (local.get $r) (i32.const 2)))
          (call $score (local.get $p) (local.get $q) (local.get $bytes) (local.get $l2)))
        (local.set $p (i32.add (local.get $p) (local.get $bytes)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $next))))

  ;; out[i] = score(row rows[i]) for i < n: the rows that passed a payload filter.
  (func (export "score_rows")
    (param $data i32) (param $q i32) (param $dims i32) (param $rows i32) (param $n i32) (param $out i32) (param $l2 i32)
    (local $bytes i32) (local $i i32) (local $at i32)
    (local.set $bytes (i32.shl (local.get $dims) (i32.const 2)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $at (i32.shl (local.get $i) (i32.const 2)))
        (f32.store (i32.add (local.get $out) (local.get $at))
          (call $score
            (i32.add (local.get $data) (i32.mul (i32.load (i32.add (local.get $rows) (local.get $at))) (local.get $bytes)))
            (local.get $q) (local.get $bytes) (local.get $l2)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))))
