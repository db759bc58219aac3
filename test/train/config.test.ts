import { describe, expect, it } from 'vitest';
import { StepDecay } from '../../lib/schedules';
import { ARTICLE_RUN_DEFAULTS, canonicalJson, configDifferences, configHash, RunConfigError, runSchedule, validateRunConfig } from '../../lib/train';

describe('validateRunConfig', () => {
  it("fills in the article's setup", () => {
    expect(validateRunConfig({ schedule: 'step' })).toEqual({ schedule: 'step', ...ARTICLE_RUN_DEFAULTS });
    expect(ARTICLE_RUN_DEFAULTS).toMatchObject({ epochs: 100, batchSize: 128, initialLr: 0.1, momentum: 0.9, model: 'article' });
  });

  it('accepts a schedule config and a model shape', () => {
    const schedule = new StepDecay({ initAlpha: 0.1, factor: 0.5, dropEvery: 10 }).toConfig();
    const config = validateRunConfig({ schedule, model: { stages: [1], filters: [8, 8] } });
    expect(runSchedule(config.schedule, config.initialLr, config.epochs).at(9)).toBeCloseTo(0.05, 12);
  });

  it('lists every bad field in one error', () => {
    const bad = () => validateRunConfig({
      schedule: 'warp', epochs: 0, batchSize: 1.5, initialLr: -1, momentum: 1, model: 'huge' as 'tiny', trainPerClass: 6000, seed: -1,
    });
    expect(bad).toThrow(RunConfigError);
    expect(bad).toThrow(/schedule must be one of none, standard, step, linear, poly, cosine, onecycle .*got 'warp'/);
    for (const field of ['epochs', 'batchSize', 'initialLr', 'momentum', 'model', 'trainPerClass', 'seed']) expect(bad).toThrow(new RegExp(`${field} must be`));
    expect(() => validateRunConfig({ schedule: 'none', lr: 0.1 } as never)).toThrow(/unknown field\(s\) lr/);
  });
});

describe('configHash', () => {
  const a = validateRunConfig({ schedule: 'linear', epochs: 5 });
  it('is equal for equal configurations, whatever the key order', () => {
    const reordered = Object.fromEntries(Object.entries(a).reverse()) as typeof a;
    expect(configHash(reordered)).toBe(configHash(a));
    expect(configHash(a)).toMatch(/^[0-9a-f]{16}$/);
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] })).toBe('{"a":[2,{"c":4,"d":3}],"b":1}');
  });

  it('changes with any field and names the differences', () => {
    const b = { ...a, epochs: 6, trainPerClass: 100 };
    expect(configHash(b)).not.toBe(configHash(a));
    expect(configDifferences(a, b)).toEqual(['epochs: 5 vs 6', 'trainPerClass: null vs 100']);
    expect(configDifferences(a, { ...a })).toEqual([]);
  });
});
