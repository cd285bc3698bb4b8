/** A growable array of numbers, cheap to append to on the load generator's hot path. */
export class SampleBuffer {
  private values = new Float64Array(1024);
  private size = 0;

  /** Number of samples held. */
  get length(): number {
    return this.size;
  }

  /** Appends one sample. */
  push(value: number): void {
    if (this.size === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.size] = value;
    this.size += 1;
  }

  /** Appends `value` `times` times (tokens that arrived in one chunk share one arrival time). */
  pushRepeated(value: number, times: number): void {
    for (let index = 0; index < times; index += 1) this.push(value);
  }

  /** The samples, as a view without copying. */
  toArray(): Float64Array {
    return this.values.subarray(0, this.size);
  }
}
