#!/usr/bin/python3
"""Reference parameter counts for the article's ResNet family, from an independent PyTorch build.

The network (pyimagesearch's ResNet.build, CIFAR branch, as the article calls it) is rebuilt here from its
description with torch.nn, without looking at the TypeScript: BN on the input, a 3x3 conv, then per stage a
pre-activation bottleneck module with reduction (stride 1 for the first stage, 2 after) and stages[i] - 1 plain
modules, then BN-ReLU, 8x8 average pooling, flatten, a dense layer and softmax. Convolutions have no bias; the dense layer has
one.

Counted as Keras counts: trainable = every torch parameter (conv kernels, dense kernel and bias, BN weight and bias);
non-trainable = BN running mean and running variance (torch buffers; num_batches_tracked, which Keras does not have,
is left out). A forward pass on zeros checks the output shape.

Run: /usr/bin/python3 test/reference/models.py > test/reference/models.json
"""
import json
import sys

import torch
from torch import nn

BN_EPS = 2e-5
BN_MOMENTUM = 0.1  # torch's momentum is 1 - Keras' 0.9; it does not change the counts

PRESETS = {
    "article": ((9, 9, 9), (64, 64, 128, 256)),
    "small": ((2, 2, 2), (32, 32, 64, 128)),
    "tiny": ((2, 2, 2), (16, 16, 32, 64)),
    "shallow": ((2,), (16, 32)),
}


def bn(channels):
    return nn.BatchNorm2d(channels, eps=BN_EPS, momentum=BN_MOMENTUM)


class Bottleneck(nn.Module):
    """Pre-activation bottleneck; with `reduce`, the shortcut is a strided 1x1 conv of the first BN-ReLU's output."""

    def __init__(self, in_channels, k, stride, reduce):
        super().__init__()
        q = int(k * 0.25)
        self.bn1, self.conv1 = bn(in_channels), nn.Conv2d(in_channels, q, 1, bias=False)
        self.bn2, self.conv2 = bn(q), nn.Conv2d(q, q, 3, stride=stride, padding=1, bias=False)
        self.bn3, self.conv3 = bn(q), nn.Conv2d(q, k, 1, bias=False)
        self.shortcut = nn.Conv2d(in_channels, k, 1, stride=stride, bias=False) if reduce else None

    def forward(self, x):
        a = torch.relu(self.bn1(x))
        y = self.conv1(a)
        y = self.conv2(torch.relu(self.bn2(y)))
        y = self.conv3(torch.relu(self.bn3(y)))
        return y + (self.shortcut(a) if self.shortcut is not None else x)


class ArticleResNet(nn.Module):
    def __init__(self, stages, filters, channels=3, classes=10):
        super().__init__()
        layers = [bn(channels), nn.Conv2d(channels, filters[0], 3, padding=1, bias=False)]
        in_channels = filters[0]
        for i, modules in enumerate(stages):
            k = filters[i + 1]
            layers.append(Bottleneck(in_channels, k, 1 if i == 0 else 2, reduce=True))
            layers += [Bottleneck(k, k, 1, reduce=False) for _ in range(modules - 1)]
            in_channels = k
        side = 32 // 2 ** (len(stages) - 1) // 8  # the map left by the 8x8 pool: 1 for three stages, 4 for one
        layers += [bn(in_channels), nn.ReLU(), nn.AvgPool2d(8), nn.Flatten(), nn.Linear(in_channels * side * side, classes),
                   nn.Softmax(dim=1)]
        self.net = nn.Sequential(*layers)

    def forward(self, x):
        return self.net(x)


def counts(model):
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    non_trainable = sum(b.numel() for name, b in model.named_buffers() if name.endswith(("running_mean", "running_var")))
    return {"trainable": trainable, "nonTrainable": non_trainable, "total": trainable + non_trainable}


def main():
    out = {
        "source": "test/reference/models.py: PyTorch " + torch.__version__ + " rebuild of pyimagesearch's ResNet.build "
                  "(CIFAR branch), counted as Keras counts",
        "models": {},
    }
    for name, (stages, filters) in PRESETS.items():
        model = ArticleResNet(stages, filters).eval()
        with torch.no_grad():
            shape = list(model(torch.zeros(2, 3, 32, 32)).shape)
        out["models"][name] = {"stages": list(stages), "filters": list(filters), **counts(model), "outputShape": shape}
    json.dump(out, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
