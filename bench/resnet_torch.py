"""PyTorch peer of bench/train-resnet.ts: trains the same network as ours
(the ResNet-20-shaped net of lib/models/resnet-cifar.ts, or a member of the
article's family from test/reference/models.py: `shallow`, the workshop's
net, or `article`) on synthetic CIFAR-shaped data on the CPU with SGD and
momentum, and prints one JSON line with the measured images/s.

Usage: python3 bench/resnet_torch.py [--model resnet20|shallow|article]
                                     [--batch 64] [--steps 10] [--warmup 2]
                                     [--threads N] [--filters 16,32,64]
                                     [--blocks 3]
"""
import argparse
import sys
import json
import os
import time

import torch
from torch import nn


def conv_bn(cin, cout, kernel, stride):
    """Conv (no bias) + batch norm; 'same'-style padding for odd kernels."""
    return nn.Sequential(
        nn.Conv2d(cin, cout, kernel, stride, padding=kernel // 2, bias=False),
        nn.BatchNorm2d(cout),
    )


class BasicBlock(nn.Module):
    """conv-bn-relu-conv-bn plus a (projected when reshaped) shortcut, relu."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.branch = nn.Sequential(
            conv_bn(cin, cout, 3, stride), nn.ReLU(), conv_bn(cout, cout, 3, 1))
        self.shortcut = (conv_bn(cin, cout, 1, stride)
                         if stride != 1 or cin != cout else nn.Identity())

    def forward(self, x):
        return torch.relu(self.branch(x) + self.shortcut(x))


def resnet(filters, blocks, classes=10, in_channels=3):
    """Same layout as buildResNet in lib/models/resnet-cifar.ts."""
    layers = [conv_bn(in_channels, filters[0], 3, 1), nn.ReLU()]
    cin = filters[0]
    for stage, cout in enumerate(filters):
        for block in range(blocks):
            layers.append(BasicBlock(cin, cout, 2 if stage > 0 and block == 0 else 1))
            cin = cout
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(cin, classes)]
    return nn.Sequential(*layers)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--batch', type=int, default=64)
    parser.add_argument('--steps', type=int, default=10)
    parser.add_argument('--warmup', type=int, default=2)
    parser.add_argument('--threads', type=int, default=os.cpu_count())
    parser.add_argument('--filters', default='16,32,64')
    parser.add_argument('--blocks', type=int, default=3)
    parser.add_argument('--model', default='resnet20', choices=['resnet20', 'shallow', 'article'],
                        help="resnet20 (--filters, --blocks), or a preset of the article's family")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    if args.model != 'resnet20':
        # The same graph the parameter-count test builds, ending in softmax: train it on log-probabilities.
        sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'test', 'reference'))
        from models import PRESETS, ArticleResNet
        model = ArticleResNet(*PRESETS[args.model])
        nll = nn.NLLLoss()
        loss_fn = lambda probabilities, labels: nll(torch.log(probabilities), labels)  # noqa: E731
    else:
        model = resnet([int(f) for f in args.filters.split(',')], args.blocks)
        loss_fn = nn.CrossEntropyLoss()
    model.train()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    x = torch.randn(args.batch, 3, 32, 32)
    y = torch.randint(0, 10, (args.batch,))

    def step():
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        return loss.item()

    for _ in range(args.warmup):
        step()
    start = time.perf_counter()
    for _ in range(args.steps):
        step()
    seconds = time.perf_counter() - start
    print(json.dumps({
        'framework': f'pytorch {torch.__version__}',
        'model': args.model,
        'threads': args.threads,
        'batch': args.batch,
        'steps': args.steps,
        'seconds': seconds,
        'images_per_s': args.batch * args.steps / seconds,
    }))


if __name__ == '__main__':
    main()
