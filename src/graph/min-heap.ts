/**
 * A binary min-heap of strings in code-unit order. The topological sort keeps its ready nodes here so that ties are
 * always broken by id, whatever order the nodes arrived in: the same project gives the same order on every machine.
 */
export class MinHeap {
  readonly #items: string[] = [];

  get size(): number {
    return this.#items.length;
  }

  push(item: string): void {
    const items = this.#items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent]! <= item) break;
      items[i] = items[parent]!;
      i = parent;
    }
    items[i] = item;
  }

  /** Removes and returns the smallest item, or undefined when the heap is empty. */
  pop(): string | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const smaller = right < items.length && items[right]! < items[left]! ? right : left;
      if (items[smaller]! >= last) break;
      items[i] = items[smaller]!;
      i = smaller;
    }
    items[i] = last;
    return top;
  }
}
