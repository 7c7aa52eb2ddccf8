import { didYouMean } from '../errors/did-you-mean.js';
import { ConfigError, ErrorList } from '../errors/trevco-error.js';
import type { ProjectConfig, Target } from './project-config.js';

/**
 * The target named `name` (e.g. from `--target`), or the project's default target. An undeclared name is a
 * ConfigError listing the declared ones; a target whose `env_var()` variables are missing throws those errors now.
 */
export function resolveTarget(config: ProjectConfig, name?: string): Target {
  const wanted = name ?? config.defaultTarget;
  const target = config.targets.get(wanted);
  if (target) return target;
  const unresolved = config.unresolvedTargets?.get(wanted);
  if (unresolved && unresolved.length > 0) {
    throw unresolved.length === 1 ? unresolved[0]! : new ErrorList(unresolved);
  }
  const declared = [...config.targets.keys(), ...(config.unresolvedTargets?.keys() ?? [])];
  const near = didYouMean(wanted, declared);
  const list = `declared targets: ${declared.join(', ')}`;
  const where = config.dbt ? (config.dbt.profilesFile ? `profile '${config.dbt.profile}' of ${config.dbt.profilesFile}` : 'the embedded default (no profile found)') : 'project.yml';
  throw new ConfigError(`target '${wanted}' is not declared in ${where}`, {
    file: config.dbt?.profilesFile ?? 'project.yml',
    hint: near !== undefined ? `did you mean '${near}'? (${list})` : list,
  });
}
