import { afterEach, describe, expect, it } from 'vitest';
import { writeProject, type TempProject } from '../../testing/temp-project.js';
import { resolveSelector } from './read-selectors.js';

let project: TempProject | undefined;
afterEach(() => project?.remove());

const SELECTORS = `selectors:
  - name: nightly
    definition:
      union:
        - method: tag
          value: nightly
          children: true
        - 'path:models/marts'
        - intersection:
            - method: tag
              value: finance
            - method: config.materialized
              value: table
        - exclude:
            - method: tag
              value: deprecated
  - name: staging_up
    definition:
      method: fqn
      value: stg_orders
      parents: true
      parents_depth: 2
  - name: both
    definition:
      union:
        - method: selector
          value: staging_up
        - tag: extra
`;

describe('selectors.yml', () => {
  it("turns a named selector's definition into select and exclude terms", () => {
    project = writeProject({ 'selectors.yml': SELECTORS });
    expect(resolveSelector(project.root, 'nightly')).toEqual({
      select: ['tag:nightly+', 'path:models/marts', 'tag:finance,config.materialized:table'],
      exclude: ['tag:deprecated'],
    });
    expect(resolveSelector(project.root, 'staging_up')).toEqual({ select: ['2+stg_orders'], exclude: [] });
    expect(resolveSelector(project.root, 'both')).toEqual({ select: ['2+stg_orders', 'tag:extra'], exclude: [] });
  });

  it('names an unknown selector with a did-you-mean', () => {
    project = writeProject({ 'selectors.yml': SELECTORS });
    expect(() => resolveSelector(project!.root, 'nigthly')).toThrow("--selector nigthly: no selector of that name in selectors.yml");
    try {
      resolveSelector(project.root, 'nigthly');
    } catch (error) {
      expect((error as { hint?: string }).hint).toBe("did you mean 'nightly'?");
    }
  });
});
