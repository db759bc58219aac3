#!/usr/bin/python3
"""Search for the workshop profile: trains members of the article's ResNet family on CIFAR-10 subsets with the
article's five schedules in PyTorch, many runs side by side (a GPU makes a search of hundreds of runs take minutes),
and prints one JSON line per run with its final test accuracy.

A stand-in for the project's own trainer, used only to choose the profile (results/README.md). It trains as the
runner does: the network of test/reference/models.py with Keras' default initializers (Glorot-uniform kernels, zero
biases), pyimagesearch's L2 penalties (reg 0.0005 on the first convolution and the dense layer, 0.0001 in the
modules), SGD with momentum in Keras' form (v = m·v − lr·g; w += v), the rate set per epoch (per update for Keras'
standard decay), pixels scaled to [0, 1], batches reshuffled every epoch. The subsets are seeded and class-balanced,
but not the runner's. Its accuracies agreed with the project's runs to about a point (e.g. the old workshop profile:
linear 55.1 % here, 55.4 % in the sweep), which is what the search needs; the figures reported in the README all come
from `npm run sweep`.

Usage: python3 bench/profile_search.py CONFIGS.json --data DIR [--workers 16] [--device cuda] [--out runs.jsonl]
DIR holds test_batch.bin and the data_batch_*.bin files to draw training images from (all five, or fewer: a lent
machine may only be able to receive some).
CONFIGS.json is a list of {"stages": [2], "filters": [16, 32], "batch": 64, "epochs": 5, "perClass": 1800,
"lr": 0.1, "schedule": "none|standard|step|linear|poly", "seed": 0}.
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.multiprocessing as mp
import torch.nn.functional as F
from torch import nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'reference'))
from models import ArticleResNet  # noqa: E402  (the independent PyTorch build of the family)


def keras_init(model):
    """Keras' defaults: Glorot-uniform kernels, zero dense bias (batch norm is already 1 and 0)."""
    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            receptive = m.weight[0, 0].numel() if m.weight.dim() == 4 else 1
            limit = math.sqrt(6 / ((m.weight.shape[0] + m.weight.shape[1]) * receptive))
            with torch.no_grad():
                m.weight.uniform_(-limit, limit)
        if isinstance(m, nn.Linear):
            nn.init.zeros_(m.bias)


def penalties(model):
    """(kernel, 2·factor) of pyimagesearch's L2 terms: the stem and dense layer 0.0005, module convolutions 0.0001."""
    convs = [m for m in model.modules() if isinstance(m, nn.Conv2d)]
    dense = [m for m in model.modules() if isinstance(m, nn.Linear)]
    return [(convs[0].weight, 1e-3), (dense[0].weight, 1e-3)] + [(c.weight, 2e-4) for c in convs[1:]]


def rate(schedule, lr0, epochs, epoch, iteration):
    """The article's schedules, as lib/schedules/article.ts defines them for a run of `epochs`."""
    if schedule == 'none':
        return lr0
    if schedule == 'standard':
        return lr0 / (1 + lr0 / epochs * iteration)
    if schedule == 'step':
        return lr0 * 0.25 ** math.floor((1 + epoch) / max(2, math.floor(15 * epochs / 100 + 0.5)))  # JS Math.round
    if schedule == 'linear':
        return lr0 * (1 - epoch / epochs)
    if schedule == 'poly':
        return lr0 * (1 - epoch / epochs) ** 5
    raise ValueError(f'unknown schedule {schedule}')


def load(data, per_class_max, seed=0):
    def read(names):
        raw = np.concatenate([np.fromfile(os.path.join(data, n), dtype=np.uint8).reshape(-1, 3073) for n in names])
        return raw[:, 1:].reshape(-1, 3, 32, 32), raw[:, 0].astype(np.int64)
    batches = [f'data_batch_{i}.bin' for i in range(1, 6) if os.path.exists(os.path.join(data, f'data_batch_{i}.bin'))]
    if not batches:
        raise SystemExit(f'profile_search: no data_batch_*.bin in {data}')
    xtr, ytr = read(batches)
    fewest = np.bincount(ytr, minlength=10).min()
    if fewest < per_class_max:
        raise SystemExit(f'profile_search: {", ".join(batches)} hold only {fewest} images of some class; '
                         f'a config asks for {per_class_max} per class. Add data_batch files.')
    xte, yte = read(['test_batch.bin'])
    rng = np.random.default_rng(seed)
    # Round-robin over the classes, so that the first 10·n images hold n of each class.
    tr = np.stack([rng.permutation(np.nonzero(ytr == c)[0])[:per_class_max] for c in range(10)], 1).reshape(-1)
    te = np.stack([rng.permutation(np.nonzero(yte == c)[0])[:500] for c in range(10)], 1).reshape(-1)
    return xtr[tr], ytr[tr], xte[te], yte[te]


def train(cfg, data, device):
    torch.manual_seed(cfg['seed'])
    xtr, ytr, xte, yte = data
    n = cfg['perClass'] * 10
    model = ArticleResNet(cfg['stages'], cfg['filters']).net[:-1].to(device)  # logits: the softmax is in the loss
    keras_init(model)
    params = list(model.parameters())
    velocity = [torch.zeros_like(p) for p in params]
    l2 = penalties(model)
    batch, epochs, lr0 = cfg['batch'], cfg['epochs'], cfg['lr']
    order = torch.Generator().manual_seed(cfg['seed'])
    iteration, history, started = 0, [], time.time()
    for epoch in range(epochs):
        model.train()
        perm = torch.randperm(n, generator=order).to(device)
        for b in range(math.ceil(n / batch)):
            idx = perm[b * batch:(b + 1) * batch]
            loss = F.cross_entropy(model(xtr[idx]), ytr[idx])
            for p in params:
                p.grad = None
            loss.backward()
            lr = rate(cfg['schedule'], lr0, epochs, epoch, iteration)
            with torch.no_grad():
                for w, factor in l2:
                    w.grad.add_(w, alpha=factor)
                torch._foreach_mul_(velocity, cfg.get('momentum', 0.9))
                torch._foreach_add_(velocity, [p.grad for p in params], alpha=-lr)
                torch._foreach_add_(params, velocity)
            iteration += 1
        model.eval()
        with torch.no_grad():
            correct = sum((model(xte[i:i + 1000]).argmax(1) == yte[i:i + 1000]).sum().item() for i in range(0, len(xte), 1000))
        history.append(correct / len(xte))
    return {'cfg': cfg, 'final': history[-1], 'history': history, 'seconds': time.time() - started}


def worker(cfgs, queue, args):
    try:
        if not cfgs:
            return
        x, y, xt, yt = load(args.data, max(c['perClass'] for c in cfgs))
        tensor = lambda a: torch.tensor(a, dtype=torch.float32, device=args.device).div_(255)
        data = (tensor(x), torch.tensor(y, device=args.device), tensor(xt), torch.tensor(yt, device=args.device))
        for cfg in cfgs:
            queue.put(train(cfg, data, args.device))
    finally:
        queue.put(None)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('configs')
    parser.add_argument('--data', required=True)
    parser.add_argument('--workers', type=int, default=16)
    parser.add_argument('--device', default='cuda')
    parser.add_argument('--out', default='runs.jsonl')
    args = parser.parse_args()
    cfgs = json.load(open(args.configs))
    mp.set_start_method('spawn')
    queue = mp.Queue()
    workers = [mp.Process(target=worker, args=(cfgs[r::args.workers], queue, args)) for r in range(args.workers)]
    for p in workers:
        p.start()
    done = 0
    with open(args.out, 'w') as out:
        while done < len(workers):
            result = queue.get()
            if result is None:
                done += 1
                continue
            out.write(json.dumps(result) + '\n')
            out.flush()
            print(json.dumps({k: result[k] for k in ('cfg', 'final')}), flush=True)
    for p in workers:
        p.join()


if __name__ == '__main__':
    main()
