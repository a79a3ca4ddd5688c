/** Connections of one projection as parallel typed arrays that grow without a per-connection object. */
export class ConnectionSet {
  pre = new Int32Array(1024);
  post = new Int32Array(1024);
  weight = new Float32Array(1024);
  delayMs = new Float32Array(1024);
  length = 0;

  push(pre: number, post: number, weight: number, delayMs: number): void {
    if (this.length === this.pre.length) this.grow();
    const i = this.length++;
    this.pre[i] = pre;
    this.post[i] = post;
    this.weight[i] = weight;
    this.delayMs[i] = delayMs;
  }

  private grow(): void {
    const n = this.pre.length * 2;
    const grow = <T extends Int32Array | Float32Array>(a: T, b: T): T => {
      b.set(a);
      return b;
    };
    this.pre = grow(this.pre, new Int32Array(n));
    this.post = grow(this.post, new Int32Array(n));
    this.weight = grow(this.weight, new Float32Array(n));
    this.delayMs = grow(this.delayMs, new Float32Array(n));
  }
}
