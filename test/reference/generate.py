#!/usr/bin/python3
"""Reference learning rates for the schedule tests, computed outside the project.

Sources:
- PyTorch's own schedulers (torch.optim.lr_scheduler, Debian's python3-torch), stepped as in training: the rate in
  force for step t is read from the optimizer before the t-th optimizer.step().
- PyTorch's momentum under `cycle_momentum` (OneCycleLR, CyclicLR), read from the optimizer the same way.
- The published formulas of Keras (learning_rate_schedule.py, Keras 3 CosineDecay, the legacy optimizers' `decay`),
  of optax (piecewise_interpolate_schedule, warmup_exponential_decay_schedule: optax/schedules/_schedule.py) and of
  the article's StepDecay / PolynomialDecay, written out here in double precision.

Run: npm run reference:generate   (rewrites test/reference/schedules.json)
"""
import json
import math
import sys
import warnings
from fractions import Fraction

import torch
from torch.optim import lr_scheduler as S


def torch_rates(base_lr, make_scheduler, steps):
    """The rate used by each of the first `steps` updates under a PyTorch scheduler."""
    param = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([param], lr=base_lr)
    sched = make_scheduler(opt)
    rates = []
    for _ in range(steps):
        rates.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return rates


# --- published formulas -------------------------------------------------------------------------------------------

def article_step_decay(init_alpha, factor, drop_every):
    # pyimagesearch StepDecay.__call__: exp = np.floor((1 + epoch) / dropEvery); alpha = initAlpha * factor ** exp
    return lambda e: init_alpha * factor ** math.floor((1 + e) / drop_every)


def article_poly_decay(max_epochs, init_alpha, power):
    # pyimagesearch PolynomialDecay.__call__: decay = (1 - (epoch / float(maxEpochs))) ** power
    return lambda e: init_alpha * (1 - (e / float(max_epochs))) ** power


def keras_legacy_decay(lr, decay):
    # Keras legacy optimizers: lr_t = lr * (1. / (1. + decay * iterations))
    return lambda t: lr * (1.0 / (1.0 + decay * t))


def keras_exponential(lr, decay_steps, decay_rate, staircase):
    def f(t):
        p = t / decay_steps
        if staircase:
            p = math.floor(p)
        return lr * decay_rate ** p
    return f


def keras_piecewise(boundaries, values):
    def f(t):
        for b, v in zip(boundaries, values):
            if t <= b:
                return v
        return values[-1]
    return f


def keras3_cosine(lr, decay_steps, alpha, warmup_steps, warmup_target):
    def decay(step, decay_from):
        completed = step / decay_steps
        cosine = 0.5 * (1.0 + math.cos(math.pi * completed))
        return decay_from * ((1 - alpha) * cosine + alpha)

    def f(t):
        if warmup_target is None:
            return decay(min(t, decay_steps), lr)
        s = min(t, decay_steps + warmup_steps)
        if s < warmup_steps:
            return (warmup_target - lr) * (s / warmup_steps) + lr
        return decay(s - warmup_steps, warmup_target)
    return f


def keras_cosine_restarts(lr, first_decay_steps, t_mul, m_mul, alpha):
    # Keras CosineDecayRestarts, with the restart index i_restart = floor(log(1 - f (1 - t_mul)) / log(t_mul)) taken
    # in exact rational arithmetic (f = t / first_decay_steps) instead of float logarithms.
    tm = Fraction(t_mul)

    def f(t):
        frac = Fraction(t) / Fraction(first_decay_steps)
        if tm == 1:
            i = math.floor(frac)
            frac -= i
        else:
            target = 1 - frac * (1 - tm)  # tm**i <= target < tm**(i+1)
            i = 0
            while tm ** (i + 1) <= target:
                i += 1
            sum_r = (1 - tm ** i) / (1 - tm)
            frac = (frac - sum_r) / tm ** i
        cosine = 0.5 * m_mul ** i * (1.0 + math.cos(math.pi * float(frac)))
        return lr * ((1 - alpha) * cosine + alpha)
    return f


def torch_momenta(base_lr, make_scheduler, steps):
    """The momentum used by each of the first `steps` updates under a PyTorch scheduler with cycle_momentum."""
    param = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([param], lr=base_lr, momentum=0.9)
    sched = make_scheduler(opt)
    momenta = []
    for _ in range(steps):
        momenta.append(opt.param_groups[0]["momentum"])
        opt.step()
        sched.step()
    return momenta


def torch_fractional_rates(base_lr, make_scheduler, per_epoch, steps):
    """The rate of each batch update when the scheduler is stepped with the fractional epoch k / per_epoch before
    the k-th update (PyTorch's CosineAnnealingWarmRestarts usage, one batch earlier than its docs' example)."""
    param = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([param], lr=base_lr)
    sched = make_scheduler(opt)
    rates = []
    warnings.filterwarnings("ignore", message="The epoch parameter")  # stepping with an epoch is this usage
    for k in range(steps):
        sched.step(k / per_epoch)
        rates.append(opt.param_groups[0]["lr"])
        opt.step()
    return rates


def optax_piecewise_interpolate(interpolate_type, init_value, boundaries_and_scales):
    # optax piecewise_interpolate_schedule: values = cumprod(init, scales); in [b_i, b_i+1) interpolate v_i -> v_i+1
    # over (count - b_i) / max(b_i+1 - b_i, 1); the last value from the last boundary on.
    boundaries, scales = zip(*sorted(boundaries_and_scales.items()))
    bounds = (0,) + boundaries
    values = [init_value]
    for scale in scales:
        values.append(values[-1] * scale)

    def interpolate(start, end, pct):
        if interpolate_type == "linear":
            return (end - start) * pct + start
        return end + (start - end) / 2.0 * (math.cos(math.pi * pct) + 1)

    def f(count):
        for i in range(len(boundaries)):
            if bounds[i] <= count < bounds[i + 1]:
                return interpolate(values[i], values[i + 1], (count - bounds[i]) / max(bounds[i + 1] - bounds[i], 1))
        return values[-1]
    return f


def optax_warmup_exponential_decay(init_value, peak_value, warmup_steps, transition_steps, decay_rate, transition_begin,
                                   staircase, end_value):
    # optax warmup_exponential_decay_schedule: join_schedules([linear_schedule(init, peak, warmup_steps),
    # exponential_decay(peak, transition_steps, decay_rate, transition_begin, staircase, end_value)], [warmup_steps])
    def f(count):
        if count < warmup_steps:
            return (init_value - peak_value) * (1 - count / warmup_steps) + peak_value
        c = count - warmup_steps - transition_begin
        p = c / transition_steps
        if staircase:
            p = math.floor(p)
        v = peak_value if c <= 0 else peak_value * decay_rate ** p
        return max(v, end_value) if decay_rate < 1 else min(v, end_value)
    return f


def sample(f, ts):
    return [f(t) for t in ts]


def case(case_id, source, schedule, ts, rates, tolerance=1e-9):
    return {"id": case_id, "source": source, "schedule": schedule, "t": list(ts), "rates": rates, "tolerance": tolerance}


def sched(class_name, **config):
    return {"className": class_name, "config": config}


def main():
    cases = []
    # The article's schedules.
    cases.append(case("Constant = torch LambdaLR(1)", "torch LambdaLR(lambda t: 1.0)", sched("Constant", lr=0.1, unit="epoch"),
                      range(20), torch_rates(0.1, lambda o: S.LambdaLR(o, lambda t: 1.0), 20)))
    for a, f_, d in [(0.01, 0.25, 10), (0.1, 0.25, 15), (0.1, 0.5, 5)]:
        cases.append(case(f"StepDecay {a} x{f_} every {d}", "article formula",
                          sched("StepDecay", initAlpha=a, factor=f_, dropEvery=d), range(100),
                          sample(article_step_decay(a, f_, d), range(100))))
    for m, a, p in [(100, 0.1, 1), (100, 0.1, 5), (40, 0.01, 0.5)]:
        cases.append(case(f"PolynomialDecay {a} power {p} over {m}", "article formula",
                          sched("PolynomialDecay", maxEpochs=m, initAlpha=a, power=p), range(m + 1),
                          sample(article_poly_decay(m, a, p), range(m + 1))))
    # Keras' legacy per-iteration decay: the article's worked example (lr 0.01, decay 0.01/40, 782 updates per epoch)
    # and its CIFAR-10 run (lr 0.1, decay 0.1/100, batch 128: 391 updates per epoch), sampled at epoch ends too.
    for lr, decay, per_epoch, epochs in [(0.01, 0.01 / 40, 782, 40), (0.1, 0.1 / 100, 391, 100)]:
        ts = sorted(set(list(range(0, 200)) + [per_epoch * e for e in range(epochs + 1)] + [per_epoch * e - 1 for e in range(1, epochs + 1)]))
        cases.append(case(f"KerasDecay {lr} decay {decay:.6g}", "Keras legacy optimizer formula",
                          sched("KerasDecay", initialLr=lr, decay=decay), ts, sample(keras_legacy_decay(lr, decay), ts)))

    # Keras schedules: published formulas, and PyTorch where it has the same schedule.
    cases.append(case("ExponentialDecay = torch ExponentialLR", "torch ExponentialLR(gamma=0.97)",
                      sched("ExponentialDecay", initialLr=0.1, decaySteps=1, decayRate=0.97, staircase=False), range(300),
                      torch_rates(0.1, lambda o: S.ExponentialLR(o, gamma=0.97), 300)))
    cases.append(case("ExponentialDecay staircase = torch StepLR", "torch StepLR(step_size=10, gamma=0.5)",
                      sched("ExponentialDecay", initialLr=0.1, decaySteps=10, decayRate=0.5, staircase=True), range(100),
                      torch_rates(0.1, lambda o: S.StepLR(o, step_size=10, gamma=0.5), 100)))
    for stair in (False, True):
        cases.append(case(f"ExponentialDecay staircase={stair}", "Keras ExponentialDecay formula",
                          sched("ExponentialDecay", initialLr=0.05, decaySteps=7, decayRate=0.9, staircase=stair), range(200),
                          sample(keras_exponential(0.05, 7, 0.9, stair), range(200))))
    cases.append(case("PiecewiseConstant", "Keras PiecewiseConstantDecay formula",
                      sched("PiecewiseConstant", boundaries=[10, 25, 40], values=[0.1, 0.05, 0.01, 0.001]), range(60),
                      sample(keras_piecewise([10, 25, 40], [0.1, 0.05, 0.01, 0.001]), range(60))))
    cases.append(case("PiecewiseConstant = torch MultiStepLR", "torch MultiStepLR(milestones=[30, 60, 80], gamma=0.1)",
                      sched("PiecewiseConstant", boundaries=[29, 59, 79], values=[0.1, 0.1 * 0.1, 0.1 * 0.1 ** 2, 0.1 * 0.1 ** 3]), range(100),
                      torch_rates(0.1, lambda o: S.MultiStepLR(o, milestones=[30, 60, 80], gamma=0.1), 100)))
    cases.append(case("CosineDecay = torch CosineAnnealingLR", "torch CosineAnnealingLR(T_max=50, eta_min=0.001)",
                      sched("CosineDecay", initialLr=0.1, decaySteps=50, alpha=0.01, warmupSteps=0, warmupTarget=None), range(51),
                      torch_rates(0.1, lambda o: S.CosineAnnealingLR(o, T_max=50, eta_min=0.001), 51)))
    cases.append(case("CosineDecay past decaySteps", "Keras 3 CosineDecay formula",
                      sched("CosineDecay", initialLr=0.1, decaySteps=50, alpha=0.1, warmupSteps=0, warmupTarget=None), range(80),
                      sample(keras3_cosine(0.1, 50, 0.1, 0, None), range(80))))
    cases.append(case("CosineDecay with warmup", "Keras 3 CosineDecay formula",
                      sched("CosineDecay", initialLr=0.0, decaySteps=100, alpha=0.05, warmupSteps=20, warmupTarget=0.2), range(140),
                      sample(keras3_cosine(0.0, 100, 0.05, 20, 0.2), range(140))))
    for t0, tm in [(10, 1), (10, 2), (7, 3)]:
        cases.append(case(f"CosineRestarts T0={t0} tMul={tm}", f"torch CosineAnnealingWarmRestarts(T_0={t0}, T_mult={tm}, eta_min=0.002)",
                          sched("CosineRestarts", initialLr=0.1, firstDecaySteps=t0, tMul=tm, mMul=1, alpha=0.02), range(200),
                          torch_rates(0.1, lambda o: S.CosineAnnealingWarmRestarts(o, T_0=t0, T_mult=tm, eta_min=0.002), 200)))
    for t0, tm, mm in [(10, 1.5, 0.8), (16, 2.0, 0.5), (5, 1.0, 0.9)]:
        cases.append(case(f"CosineRestarts T0={t0} tMul={tm} mMul={mm}", "Keras CosineDecayRestarts formula",
                          sched("CosineRestarts", initialLr=0.1, firstDecaySteps=t0, tMul=tm, mMul=mm, alpha=0.05), range(300),
                          sample(keras_cosine_restarts(0.1, t0, tm, mm, 0.05), range(300))))

    # Cyclical learning rates and one-cycle: PyTorch.
    for mode, gamma in [("triangular", 1.0), ("triangular2", 1.0), ("exp_range", 0.999)]:
        cases.append(case(f"CyclicLR {mode}", f"torch CyclicLR(step_size_up=25, mode='{mode}', gamma={gamma})",
                          sched("CyclicLR", baseLr=0.001, maxLr=0.1, stepSize=25, mode=mode, gamma=gamma), range(400),
                          torch_rates(0.001, lambda o: S.CyclicLR(o, base_lr=0.001, max_lr=0.1, step_size_up=25, mode=mode,
                                                                   gamma=gamma, cycle_momentum=False), 400)))
    for total, pct, anneal in [(1000, 0.3, "cos"), (391 * 5, 0.25, "linear"), (97, 0.4, "cos")]:
        cases.append(case(f"OneCycle {total} {anneal}", f"torch OneCycleLR(total_steps={total}, pct_start={pct}, anneal_strategy='{anneal}')",
                          sched("OneCycle", maxLr=0.4, totalSteps=total, pctStart=pct, divFactor=25, finalDivFactor=1e4, anneal=anneal),
                          range(total),
                          torch_rates(0.4, lambda o: S.OneCycleLR(o, max_lr=0.4, total_steps=total, pct_start=pct, div_factor=25,
                                                                   final_div_factor=1e4, anneal_strategy=anneal,
                                                                   cycle_momentum=False), total)))

    # PyTorch's forms as they are expressed here (docs/migration.md).
    cases.append(case("PolynomialDecay hold = torch PolynomialLR", "torch PolynomialLR(total_iters=5, power=0.9)",
                      sched("PolynomialDecay", maxEpochs=5, initAlpha=0.05, power=0.9, afterEnd="hold"), range(12),
                      torch_rates(0.05, lambda o: S.PolynomialLR(o, total_iters=5, power=0.9), 12)))
    cases.append(case("PolynomialDecay power 1 hold = torch LinearLR", "torch LinearLR(start_factor=1/3, end_factor=0.7, total_iters=4)",
                      sched("PolynomialDecay", maxEpochs=4, initAlpha=0.05 / 3, endAlpha=0.05 * 0.7, power=1, afterEnd="hold"), range(20),
                      torch_rates(0.05, lambda o: S.LinearLR(o, start_factor=1.0 / 3, end_factor=0.7, total_iters=4), 20)))
    cases.append(case("PiecewiseConstant next = torch ConstantLR", "torch ConstantLR(factor=0.5, total_iters=5)",
                      sched("PiecewiseConstant", boundaries=[5], values=[0.05 * 0.5, 0.05], atBoundary="next", unit="epoch"), range(10),
                      torch_rates(0.05, lambda o: S.ConstantLR(o, factor=0.5, total_iters=5), 10)))
    cases.append(case("PiecewiseConstant next = torch MultiStepLR milestones", "torch MultiStepLR(milestones=[2, 5, 9], gamma=0.1)",
                      sched("PiecewiseConstant", boundaries=[2, 5, 9], values=[0.05 * 0.1 ** k for k in range(4)], atBoundary="next",
                            unit="epoch"), range(12),
                      torch_rates(0.05, lambda o: S.MultiStepLR(o, milestones=[2, 5, 9], gamma=0.1), 12)))
    cases.append(case("ExponentialDecay = torch MultiplicativeLR", "torch MultiplicativeLR(lambda t: 0.9)",
                      sched("ExponentialDecay", initialLr=0.05, decaySteps=1, decayRate=0.9, unit="epoch"), range(30),
                      torch_rates(0.05, lambda o: S.MultiplicativeLR(o, lambda t: 0.9), 30)))
    chained = [sched("ExponentialDecay", initialLr=0.05, decaySteps=1, decayRate=0.9, unit="epoch"),
               sched("PiecewiseConstant", boundaries=[4], values=[0.2, 1.0], atBoundary="next", unit="epoch"),
               sched("ExponentialDecay", initialLr=1.0, decaySteps=3, decayRate=0.1, staircase=True, unit="epoch")]
    cases.append(case("Product = torch ChainedScheduler", "torch ChainedScheduler([ExponentialLR(0.9), ConstantLR(0.2, 4), StepLR(3, 0.1)])",
                      sched("Product", schedules=chained), range(20),
                      torch_rates(0.05, lambda o: S.ChainedScheduler([S.ExponentialLR(o, gamma=0.9), S.ConstantLR(o, factor=0.2, total_iters=4),
                                                                      S.StepLR(o, step_size=3, gamma=0.1)]), 20)))
    cases.append(case("CosineDecay continue = torch CosineAnnealingLR past T_max", "torch CosineAnnealingLR(T_max=10, eta_min=0.005)",
                      sched("CosineDecay", initialLr=0.1, decaySteps=10, alpha=0.05, afterEnd="continue", unit="epoch"), range(45),
                      torch_rates(0.1, lambda o: S.CosineAnnealingLR(o, T_max=10, eta_min=0.005), 45)))
    for tm in (1, 2):
        cases.append(case(f"CosineRestarts per iteration = torch CosineAnnealingWarmRestarts T_mult={tm} stepped with epoch + i / 5",
                          f"torch CosineAnnealingWarmRestarts(T_0=2, T_mult={tm}, eta_min=0.002), step(k / 5) before update k",
                          sched("CosineRestarts", initialLr=0.1, firstDecaySteps=10, tMul=tm, alpha=0.02), range(150),
                          torch_fractional_rates(0.1, lambda o: S.CosineAnnealingWarmRestarts(o, T_0=2, T_mult=tm, eta_min=0.002), 5, 150)))
    for mode, gamma in [("triangular", 1.0), ("triangular2", 1.0), ("exp_range", 0.99)]:
        cases.append(case(f"stepSizeDown: CyclicLR {mode}", f"torch CyclicLR(step_size_up=20, step_size_down=30, mode='{mode}', gamma={gamma})",
                          sched("CyclicLR", baseLr=0.001, maxLr=0.1, stepSize=20, stepSizeDown=30, mode=mode, gamma=gamma), range(300),
                          torch_rates(0.001, lambda o: S.CyclicLR(o, base_lr=0.001, max_lr=0.1, step_size_up=20, step_size_down=30, mode=mode,
                                                                   gamma=gamma, cycle_momentum=False), 300)))
    cases.append(case("scaleMode cycle: CyclicLR exp_range", "torch CyclicLR(scale_fn=lambda x: 0.5 ** x, scale_mode='cycle')",
                      sched("CyclicLR", baseLr=0.001, maxLr=0.1, stepSize=10, mode="exp_range", gamma=0.5, scaleMode="cycle"), range(100),
                      torch_rates(0.001, lambda o: S.CyclicLR(o, base_lr=0.001, max_lr=0.1, step_size_up=10, scale_fn=lambda x: 0.5 ** x,
                                                               scale_mode="cycle", cycle_momentum=False), 100)))
    cases.append(case("scaleMode iterations: CyclicLR triangular2", "torch CyclicLR(scale_fn=lambda x: 1 / 2 ** (x - 1), scale_mode='iterations')",
                      sched("CyclicLR", baseLr=0.001, maxLr=0.1, stepSize=10, mode="triangular2", scaleMode="iterations"), range(40),
                      torch_rates(0.001, lambda o: S.CyclicLR(o, base_lr=0.001, max_lr=0.1, step_size_up=10,
                                                               scale_fn=lambda x: 1 / (2.0 ** (x - 1)), scale_mode="iterations",
                                                               cycle_momentum=False), 40)))
    for total, pct, anneal in [(100, 0.3, "cos"), (61, 0.25, "linear")]:
        cases.append(case(f"OneCycle threePhase {total} {anneal}", f"torch OneCycleLR(total_steps={total}, pct_start={pct}, three_phase=True)",
                          sched("OneCycle", maxLr=0.4, totalSteps=total, pctStart=pct, anneal=anneal, threePhase=True), range(total),
                          torch_rates(0.4, lambda o: S.OneCycleLR(o, max_lr=0.4, total_steps=total, pct_start=pct, anneal_strategy=anneal,
                                                                   three_phase=True, cycle_momentum=False), total)))

    # PyTorch's cycle_momentum, with its default bounds.
    for total, three in [(100, False), (80, True)]:
        one_cycle = sched("OneCycle", maxLr=0.4, totalSteps=total, threePhase=three)
        cases.append(case(f"CyclicMomentum OneCycle threePhase={three}", f"torch OneCycleLR(total_steps={total}, three_phase={three}) momentum",
                          sched("CyclicMomentum", schedule=one_cycle), range(total),
                          torch_momenta(0.4, lambda o: S.OneCycleLR(o, max_lr=0.4, total_steps=total, three_phase=three), total)))
    cyclic = sched("CyclicLR", baseLr=0.001, maxLr=0.1, stepSize=20, stepSizeDown=30, mode="triangular2")
    cases.append(case("CyclicMomentum CyclicLR triangular2", "torch CyclicLR(step_size_up=20, step_size_down=30, mode='triangular2') momentum",
                      sched("CyclicMomentum", schedule=cyclic), range(300),
                      torch_momenta(0.001, lambda o: S.CyclicLR(o, base_lr=0.001, max_lr=0.1, step_size_up=20, step_size_down=30,
                                                                 mode="triangular2"), 300)))

    # optax's interpolating and warmup schedules: its published formulas.
    for kind, anneal in [("linear", "linear"), ("cosine", "cos")]:
        cases.append(case(f"PiecewiseInterpolate {anneal}", f"optax piecewise_interpolate_schedule('{kind}', 0.1, {{20: 4.0, 50: 0.1, 90: 0.5}}) formula",
                          sched("PiecewiseInterpolate", anneal=anneal, initialLr=0.1, boundaries=[20, 50, 90], scales=[4.0, 0.1, 0.5]),
                          range(120), sample(optax_piecewise_interpolate(kind, 0.1, {20: 4.0, 50: 0.1, 90: 0.5}), range(120))))
    exp_decay = sched("ExponentialDecay", initialLr=0.2, decaySteps=7, decayRate=0.8, staircase=True, transitionBegin=5, endLr=0.02)
    cases.append(case("Warmup then ExponentialDecay = optax warmup_exponential_decay_schedule",
                      "optax warmup_exponential_decay_schedule(0.01, 0.2, 10, 7, 0.8, transition_begin=5, staircase=True, end_value=0.02) formula",
                      sched("Warmup", schedule=exp_decay, warmupSteps=10, initLr=0.01), range(150),
                      sample(optax_warmup_exponential_decay(0.01, 0.2, 10, 7, 0.8, 5, True, 0.02), range(150))))

    # Composition: PyTorch's SequentialLR.
    exp = sched("ExponentialDecay", initialLr=0.1, decaySteps=1, decayRate=0.95, staircase=False)
    cases.append(case("Warmup then ExponentialDecay", "torch SequentialLR(LinearLR(start_factor=0.1, total_iters=8), ExponentialLR(0.95), [8])",
                      sched("Warmup", schedule=exp, warmupSteps=8, initLr=0.1 * 0.1), range(60),
                      torch_rates(0.1, lambda o: S.SequentialLR(o, [S.LinearLR(o, start_factor=0.1, total_iters=8),
                                                                    S.ExponentialLR(o, gamma=0.95)], milestones=[8]), 60)))
    cos = sched("CosineDecay", initialLr=0.1, decaySteps=30, alpha=0.01, warmupSteps=0, warmupTarget=None)
    cases.append(case("Sequential ExponentialDecay, CosineDecay", "torch SequentialLR(ExponentialLR(0.9), CosineAnnealingLR(30, 0.001), [12])",
                      sched("Sequential", schedules=[exp | {"config": exp["config"] | {"decayRate": 0.9}}, cos], boundaries=[12]), range(43),
                      torch_rates(0.1, lambda o: S.SequentialLR(o, [S.ExponentialLR(o, gamma=0.9),
                                                                    S.CosineAnnealingLR(o, T_max=30, eta_min=0.001)], milestones=[12]), 43)))

    json.dump({"generator": "test/reference/generate.py", "torch": torch.__version__, "cases": cases}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
