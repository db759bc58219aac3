import { describe, expect, it } from 'vitest';
import { StepDecay } from '../../lib/schedules';
import { ARTICLE_RUN_DEFAULTS, RunConfigError, runSchedule, validateRunConfig } from '../../lib/train';
import { canonicalJson, configDifferences, configHash } from '../../lib/train/config';
import { TRAIN_OPTION_NAMES } from '../../lib/cli/train';

describe('validateRunConfig', () => {
  it("fills in the article's setup", () => {
    expect(validateRunConfig({ schedule: 'step' })).toEqual({ schedule: 'step', ...ARTICLE_RUN_DEFAULTS });
    expect(ARTICLE_RUN_DEFAULTS).toMatchObject({
      epochs: 100,
      batchSize: 128,
      initialLr: 0.1,
      momentum: 0.9,
      model: 'article',
    });
  });

  it('accepts a schedule config and a model shape', () => {
    const schedule = new StepDecay({ initAlpha: 0.1, factor: 0.5, dropEvery: 10 }).toConfig();
    const config = validateRunConfig({ schedule, model: { stages: [1], filters: [8, 8] } });
    expect(
      runSchedule(config.schedule, { initialLr: config.initialLr, epochs: config.epochs, iterationsPerEpoch: 10 }).at(
        9,
      ),
    ).toBeCloseTo(0.05, 12);
  });

  it('accepts any valid shape of the ResNet family, and says what a shape is when one is not', () => {
    expect(validateRunConfig({ schedule: 'none', model: { stages: [1], filters: [8, 16] } }).model).toEqual({
      stages: [1],
      filters: [8, 16],
    });
    const rule =
      /; a shape is \{"stages": \[residual modules per stage, each an integer ≥ 1\], "filters": \[the first convolution's filters \(an integer ≥ 1\), then one count per stage \(each an integer ≥ 4\)\]\}, so filters has one more entry than stages, e\.g\. \{"stages": \[2\], "filters": \[16, 32\]\}/;
    const refused =
      (model: unknown): (() => unknown) =>
      () =>
        validateRunConfig({ schedule: 'none', model: model as 'tiny' });
    expect(refused({ stages: [1], filters: [8] })).toThrow(
      /model\.filters must be a list of 2 numbers \(the first convolution's, then one per stage\) \(got \[8\]\)/,
    );
    expect(refused({ stages: [1], filters: [8] })).toThrow(rule);
    expect(refused({ stages: [2, 2], filters: [16, 32, 2] })).toThrow(
      /model\.filters\[2\] must be an integer ≥ 4 .*\(got 2\)/,
    );
    expect(refused({ stages: [0], filters: [8, 16] })).toThrow(
      /model\.stages must be a non-empty list of integers ≥ 1 \(got \[0\]\)/,
    );
    expect(refused({ stages: ['2'], filters: [8, 16] })).toThrow(/model\.stages must be/);
    expect(refused({ stages: [1], filter: [8, 16] })).toThrow(
      /model must be a preset name or an object with exactly the fields stages and filters \(got \{"stages":\[1\],"filter":\[8,16\]\}\)/,
    );
    expect(refused('huge')).toThrow(/model must be one of article, small, tiny, shallow or a shape \(got 'huge'\)/);
    expect(refused('huge')).toThrow(rule);
  });

  it("derives the library's other schedules from the run's rate, epochs and updates per epoch", () => {
    const run = { initialLr: 0.1, epochs: 4, iterationsPerEpoch: 10 };
    const at = (name: string, ...steps: number[]) =>
      steps.map((t) => Number(runSchedule(name, run).at(t).toPrecision(12)));
    expect(at('exponential', 0, 3)).toEqual([0.1, 0.001]);
    expect(at('piecewise', 0, 1, 2, 3)).toEqual([0.1, 0.1, 0.01, 0.001]);
    expect(at('cosine', 0, 20, 40)).toEqual([0.1, 0.05, 0]);
    // One cycle over the 40 updates: from 0.1/25 up to 0.1 at update 0.3·40 − 1 (as PyTorch), then down to 0.1/25/10⁴.
    expect(at('onecycle', 0, 11, 39)).toEqual([0.004, 0.1, 4e-7]);
    // SGDR: first period ⌈40/3⌉ = 14 updates, the second 28: one restart, at update 14, and none by the last (39).
    expect(at('restarts', 0, 14)).toEqual([0.1, 0.1]);
    expect(runSchedule('restarts', run).at(39)).toBeLessThan(0.01);
    // Cyclical rates: base lr0/10 at 0, peak lr0 after one epoch (10 updates), base again after two.
    expect(at('clr-triangular', 0, 10, 20, 30)).toEqual([0.01, 0.1, 0.01, 0.1]);
    expect(at('clr-triangular2', 0, 10, 20, 30)).toEqual([0.01, 0.1, 0.01, 0.055]);
    // exp_range: the amplitude (0.09) times γ^t, γ = 0.1^(1/40).
    expect(at('clr-exp-range', 0, 10, 30)).toEqual(
      [0.01, 0.01 + 0.09 * 0.1 ** 0.25, 0.01 + 0.09 * 0.1 ** 0.75].map((v) => Number(v.toPrecision(12))),
    );
    // Warmup over the first epoch's 10 updates, then cosine over the other 30.
    expect(at('warmup', 0, 5, 10, 25, 40)).toEqual([0, 0.05, 0.1, 0.05, 0]);
    for (const name of [
      'cosine',
      'restarts',
      'onecycle',
      'clr-triangular',
      'clr-triangular2',
      'clr-exp-range',
      'warmup',
    ])
      expect(runSchedule(name, run).unit).toBe('iteration');
    for (const name of ['exponential', 'piecewise']) expect(runSchedule(name, run).unit).toBe('epoch');
  });

  it('ends the cyclical rates at the bottom of a whole cycle when the epochs are odd', () => {
    // 5 epochs of 10 updates: two cycles of 2 · 13 updates (⌈50/4⌉); the run's last update, 49, is 3 before the bottom.
    const five = { initialLr: 0.1, epochs: 5, iterationsPerEpoch: 10 };
    const clr = runSchedule('clr-triangular', five);
    expect([0, 13, 26, 39].map((t) => Number(clr.at(t).toPrecision(12)))).toEqual([0.01, 0.1, 0.01, 0.1]);
    expect(clr.at(49)).toBeCloseTo(0.01 + 0.09 * (3 / 13), 12);
    expect(clr.at(49)).toBeLessThan(clr.at(48));
    // One epoch: a single cycle, up and down within it.
    const one = runSchedule('clr-triangular2', { initialLr: 0.1, epochs: 1, iterationsPerEpoch: 10 });
    expect([0, 5, 9].map((t) => Number(one.at(t).toPrecision(12)))).toEqual([0.01, 0.1, 0.028]);
  });

  it('lists every bad field in one error', () => {
    const bad = () =>
      validateRunConfig({
        schedule: 'warp',
        epochs: 0,
        batchSize: 1.5,
        initialLr: -1,
        momentum: 1,
        model: 'huge' as 'tiny',
        trainPerClass: 6000,
        seed: -1,
      });
    expect(bad).toThrow(RunConfigError);
    expect(bad).toThrow(
      /schedule must be one of none, standard, step, linear, poly, exponential, piecewise, cosine, restarts, onecycle, clr-triangular, clr-triangular2, clr-exp-range, warmup, plateau .*got 'warp'/,
    );
    for (const field of ['epochs', 'batchSize', 'initialLr', 'momentum', 'model', 'trainPerClass', 'seed'])
      expect(bad).toThrow(new RegExp(`${field} must be`));
    expect(() => validateRunConfig({ schedule: 'none', lr: 0.1 } as never)).toThrow(/unknown field\(s\) lr/);
  });

  it("words the number fields' errors as the schedules' checks do, a JSON string value quoted", () => {
    const bad = () =>
      validateRunConfig({ schedule: 'none', epochs: '3' as never, batchSize: 0, initialLr: Infinity, momentum: -0.1 });
    expect(bad).toThrow(
      new RunConfigError(
        "Bad run configuration: epochs must be an integer ≥ 1 (got '3'); batchSize must be an integer ≥ 1 (got 0); " +
          'initialLr must be a finite number > 0 (got Infinity); momentum must be in [0, 1) (got -0.1).',
      ),
    );
  });
});

describe('validateRunConfig words its field errors as validate.ts does', () => {
  const message = (partial: Record<string, unknown>, names = {}): string => {
    try {
      validateRunConfig({ schedule: 'none', ...partial }, names);
    } catch (error) {
      expect(error).toBeInstanceOf(RunConfigError);
      return (error as Error).message;
    }
    throw new Error('validateRunConfig accepted it');
  };
  const schedules =
    'none, standard, step, linear, poly, exponential, piecewise, cosine, restarts, onecycle, clr-triangular, ' +
    'clr-triangular2, clr-exp-range, warmup, plateau';

  it('a schedule that is neither a name nor a config', () => {
    expect(message({ schedule: { className: 1 } })).toBe(
      `Bad run configuration: schedule must be one of ${schedules} or a schedule config {"className": …, "config": {…}} (got {"className":1}).`,
    );
  });

  it('the subsets, the seed and the data folder', () => {
    expect(message({ trainPerClass: 0, testPerClass: 1.5, seed: 2 ** 32, dataDir: '' })).toBe(
      'Bad run configuration: ' +
        'trainPerClass must be an integer in [1, 5000] or null for all images (got 0); ' +
        'testPerClass must be an integer in [1, 1000] or null for all images (got 1.5); ' +
        "seed must be an integer in [0, 4294967295] (got 4294967296); dataDir must be a non-empty path (got '').",
    );
  });

  it('names the options a command user typed', () => {
    expect(
      message({ schedule: 'warp', model: 'huge', trainPerClass: 0, seed: -1, dataDir: '' }, TRAIN_OPTION_NAMES),
    ).toMatch(
      new RegExp(
        `^Bad run configuration: --schedule must be one of ${schedules} .*\\(got 'warp'\\); ` +
          "--model must be one of article, small, tiny, shallow or a shape \\(got 'huge'\\); a shape is .*; " +
          '--subset must be an integer in \\[1, 5000\\] or null for all images \\(got 0\\); ' +
          "--seed must be an integer in \\[0, 4294967295\\] \\(got -1\\); --data must be a non-empty path \\(got ''\\)\\.$",
      ),
    );
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
