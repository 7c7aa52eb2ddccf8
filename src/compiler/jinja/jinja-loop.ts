import { pyFunction, JinjaRuntimeError } from './py-values.js';
import { eq } from './py-operators.js';

/** jinja2's `loop` inside a for block. */
export class LoopContext {
  readonly pyTypeName = 'LoopContext';
  index0 = -1;
  private lastChanged: unknown[] | undefined;
  readonly cycle = pyFunction('cycle', (args) => {
    if (args.length === 0) throw new JinjaRuntimeError('no items for cycling given');
    return args[this.index0 % args.length];
  });
  readonly changed = pyFunction('changed', (args) => {
    if (this.lastChanged !== undefined && this.lastChanged.length === args.length && this.lastChanged.every((value, i) => eq(value, args[i]))) return false;
    this.lastChanged = args;
    return true;
  });

  constructor(private readonly items: readonly unknown[], readonly depth0 = 0) {}

  get index(): number {
    return this.index0 + 1;
  }
  get revindex(): number {
    return this.items.length - this.index0;
  }
  get revindex0(): number {
    return this.items.length - this.index0 - 1;
  }
  get first(): boolean {
    return this.index0 === 0;
  }
  get last(): boolean {
    return this.index0 === this.items.length - 1;
  }
  get length(): number {
    return this.items.length;
  }
  get depth(): number {
    return this.depth0 + 1;
  }
  get previtem(): unknown {
    return this.index0 > 0 ? this.items[this.index0 - 1] : undefined;
  }
  get nextitem(): unknown {
    return this.index0 + 1 < this.items.length ? this.items[this.index0 + 1] : undefined;
  }

  pyStr(): string {
    return `<LoopContext ${this.index}/${this.length}>`;
  }

  pyGetattr(name: string): unknown {
    switch (name) {
      case 'index': case 'index0': case 'revindex': case 'revindex0': case 'first': case 'last': case 'length':
      case 'depth': case 'depth0': case 'previtem': case 'nextitem': case 'cycle': case 'changed':
        return this[name];
      default:
        return undefined;
    }
  }
}
