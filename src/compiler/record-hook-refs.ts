import type { NodeConfig } from '../config/project-config.js';
import type { RecordedModel } from './record-model.js';
import { Relation } from './relation.js';
import { hooksOf } from './render-hooks.js';
import type { TemplateEngine } from './template-engine.js';
import { commonScope, type RunScope } from './template-scope.js';

/**
 * What a model's hooks `ref()` and `source()`: their nodes become the model's dependencies, so a post-hook that
 * reads another model runs after that model is built. Rendered here only to record; a hook that fails to render
 * is reported when it is rendered for real (renderModels), so nothing is reported twice.
 */
export function recordHookReferences(engine: TemplateEngine, run: RunScope, model: RecordedModel, config: NodeConfig): void {
  const hooks = [...hooksOf(config['pre-hook']), ...hooksOf(config['post-hook'])];
  for (const [index, hook] of hooks.entries()) {
    try {
      const parsed = engine.parse(`${model.file.path} (hook ${index + 1})`, hook.sql);
      engine.render(parsed, {
        ...commonScope(run, model.file.name),
        ref: (...args: unknown[]) => {
          const name = String(args.filter((arg) => typeof arg === 'string').at(-1));
          if (name !== model.file.name) model.refs.push(name);
          return new Relation(run.target.schema, name);
        },
        source: (sourceName: unknown, tableName: unknown) => {
          model.sources.push([String(sourceName), String(tableName)]);
          return new Relation(String(sourceName), String(tableName));
        },
        this: new Relation(run.target.schema, model.file.name),
        is_incremental: () => false,
        model: { name: model.file.name, path: model.file.path },
      });
    } catch {
      // Reported by renderModels.
    }
  }
}
