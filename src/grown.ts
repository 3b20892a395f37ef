// Arrays of numbers that grow by doubling (the readers' and the tallies' tables), and fresh ones written once.

/** `array` itself when it has room for `length` numbers, else a copy with room: twice as long, or `length` when more. */
export function grown<T extends Int32Array | Float64Array>(array: T, length: number): T {
  if (length <= array.length) return array;
  // (a constructor of its own for each kind: `new array.constructor` was one call of two targets,
  // and V8 threw the code it had compiled for one away when the other came: --trace-deopt, wrong call target)
  const size = Math.max(array.length * 2, length);
  const bigger = (array instanceof Float64Array ? new Float64Array(size) : new Int32Array(size)) as T;
  bigger.set(array);
  return bigger;
}

/** As `grown`, with the new part written with zeros (see `written`): for tables read before they are written. */
export function zeroGrown<T extends Int32Array>(array: T, length: number): T {
  const bigger = grown(array, length);
  if (bigger !== array) bigger.fill(0, array.length);
  return bigger;
}

/**
 * `array` (zeros, fresh) with its memory written once now. A new array's pages are mapped when first
 * touched; read first (a probe of a table, a row's state or a sum before it is set), a page is
 * mapped to the kernel's shared page of zeros, and the write after it faults again and makes every
 * other thread of the process drop that mapping (an interrupt to the worker's core; on a virtual
 * machine ~10 µs). Written first, a page costs one fault. On a 10M-row file (`perf record`, main
 * thread): 157 ms of such second faults in the panel before, 1.6 ms after.
 */
export function written<T extends Int32Array | Uint8Array>(array: T): T {
  array.fill(0);
  return array;
}
