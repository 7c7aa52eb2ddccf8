import { ConfigError } from '../errors/trevco-error.js';

/** One `{% snapshot name %}…{% endsnapshot %}` block of a snapshot file. */
export interface SnapshotBlock {
  readonly name: string;
  /** 1-based line of the opening tag. */
  readonly line: number;
  /**
   * The block's body, preceded by the newlines and spaces that stood before it in the file, so that template
   * errors and `locateCall` report the file's own line and column.
   */
  readonly body: string;
}

const TAG = /\{%[-+]?\s*(snapshot|endsnapshot)\b\s*([^%]*?)\s*[-+]?%\}/g;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/**
 * Outside the blocks a file may hold only whitespace and comments (Jinja or SQL). dbt drops anything else without a
 * word; here a stray query outside a block is an error, since it would never run.
 */
const ONLY_COMMENTS = /^(\s|\{#[\s\S]*?#\}|--[^\n]*|\/\*[\s\S]*?\*\/)*$/;

/**
 * Splits a snapshot file into its blocks, as dbt does with its `snapshot` tag. A file without a block, an unclosed
 * or nested block, a block without a valid name, or SQL outside any block is an error naming the file and line.
 */
export function parseSnapshotBlocks(path: string, text: string): SnapshotBlock[] {
  const blocks: SnapshotBlock[] = [];
  let open: { name: string; line: number; bodyStart: number } | undefined;
  let outsideFrom = 0;
  const fail = (message: string, index: number, hint: string): never => {
    const { line, column } = position(text, index);
    throw new ConfigError(message, { file: path, line, column, source: text, hint });
  };
  for (const match of text.matchAll(TAG)) {
    const [tag, kind, argument] = match;
    const index = match.index;
    if (kind === 'snapshot') {
      if (open) fail(`snapshot '${open.name}' is not closed before the next {% snapshot %}`, index, 'end each block with {% endsnapshot %}; blocks do not nest');
      const name = argument!.trim();
      if (!NAME.test(name)) fail(`a snapshot block needs a name: {% snapshot my_snapshot %} (found '${argument}')`, index, 'letters, digits and underscores, not starting with a digit');
      checkOutside(text.slice(outsideFrom, index), outsideFrom);
      open = { name, line: position(text, index).line, bodyStart: index + tag!.length };
    } else {
      if (!open) fail('{% endsnapshot %} without a {% snapshot %} before it', index, 'remove it, or open the block with {% snapshot name %}');
      const before = text.slice(0, open!.bodyStart);
      const lines = before.split('\n');
      const padding = '\n'.repeat(lines.length - 1) + ' '.repeat(lines[lines.length - 1]!.length);
      blocks.push({ name: open!.name, line: open!.line, body: padding + text.slice(open!.bodyStart, index) });
      open = undefined;
      outsideFrom = index + tag!.length;
    }
  }
  if (open) fail(`snapshot '${open.name}' has no {% endsnapshot %}`, text.length, 'close the block with {% endsnapshot %}');
  if (blocks.length === 0) {
    throw new ConfigError('a snapshot file holds no {% snapshot name %} … {% endsnapshot %} block', {
      file: path,
      line: 1,
      hint: 'wrap the query in {% snapshot my_snapshot %} … {% endsnapshot %}, or move the file under models/ if it is a model',
    });
  }
  checkOutside(text.slice(outsideFrom), outsideFrom);
  return blocks;

  function checkOutside(outside: string, offset: number): void {
    if (ONLY_COMMENTS.test(outside)) return;
    const first = offset + outside.search(/\S/);
    fail('text outside a {% snapshot %} block', first, 'put the query inside {% snapshot name %} … {% endsnapshot %}');
  }
}

function position(text: string, index: number): { line: number; column: number } {
  const lines = text.slice(0, index).split('\n');
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}
