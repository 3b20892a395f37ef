// Arrays of numbers that grow by doubling: the readers' and the tallies' tables.

/** `array` itself when it has room for `length` numbers, else a copy with room: twice as long, or `length` when more. */
export function grown<T extends Int32Array | Float64Array>(array: T, length: number): T {
  if (length <= array.length) return array;
  const bigger = new (array.constructor as new (n: number) => T)(Math.max(array.length * 2, length));
  bigger.set(array);
  return bigger;
}
