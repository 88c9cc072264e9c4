/**
 * A growable list of numbers in a typed array: 4 bytes an item (`Int32Array`, for indexes of this
 * process's own arrays) or 8 (`Float64Array`, for database ids, which may pass 2³¹), where a Set of
 * numbers costs ≈ 25.
 */
export class IntList {
  private items: Int32Array | Float64Array;
  private count = 0;

  constructor(wide = false) {
    this.items = wide ? new Float64Array(2) : new Int32Array(4);
  }

  get size(): number {
    return this.count;
  }

  push(value: number): void {
    if (this.count === this.items.length) {
      const items = this.items instanceof Float64Array ? new Float64Array(this.count * 2) : new Int32Array(this.count * 2);
      items.set(this.items);
      this.items = items;
    }
    this.items[this.count++] = value;
  }

  /** Drops the first item equal to `value` (the order of the rest kept); false when there is none. */
  remove(value: number): boolean {
    const i = this.items.subarray(0, this.count).indexOf(value);
    if (i < 0) return false;
    this.items.copyWithin(i, i + 1, this.count);
    this.count--;
    return true;
  }

  forEach(visit: (value: number) => void): void {
    for (let i = 0; i < this.count; i++) visit(this.items[i] as number);
  }
}
