#!/usr/bin/env python3
"""Runs the official AutoAttack (fra31/auto-attack, PyTorch) on the demo model as a reference.

robustcheck's `apgd` (ce), `apgd-t`, `fab` (FAB-T), `square` and `autoattack` (standard) must give
the same robust accuracies as the official code on the same model, data and eps, within the
reference's run-to-run spread over seeds. The official package is used as it is, from a checkout
given with --autoattack (its folder that contains `autoattack/`); nothing of it is part of
robustcheck. The model is the demo's tfjs model, read by `pytorch_reference.py`.

Usage:
  python3 bench/autoattack_reference.py --autoattack /path/to/auto-attack --model suites/models/fashion-cnn \
      --data suites/data/fashion-mnist-test-1k.npz --eps 0.03 --limit 100 --seeds 0,1,2 [--json out.json]
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pytorch_reference import load_tfjs_sequential  # noqa: E402


class NchwModel(torch.nn.Module):
    """AutoAttack feeds NCHW batches; the tfjs model reads NHWC."""

    def __init__(self, forward):
        super().__init__()
        self.forward_nhwc = forward

    def forward(self, x):
        return self.forward_nhwc(x.permute(0, 2, 3, 1))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--autoattack", required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--eps", type=float, default=0.03)
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--seeds", default="0,1,2")
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--attacks", default="apgd-ce,apgd-t,fab-t,square,standard",
                        help="members to run alone, and/or 'standard' for the whole cascade")
    parser.add_argument("--json")
    args = parser.parse_args()
    sys.path.insert(0, args.autoattack)
    from autoattack import AutoAttack

    torch.set_num_threads(args.threads)
    model = NchwModel(load_tfjs_sequential(args.model)).eval()
    data = np.load(args.data)
    x = torch.tensor(data["x"][: args.limit].astype(np.float32) / 255.0)
    if x.dim() == 3:
        x = x.unsqueeze(-1)
    x = x.permute(0, 3, 1, 2).contiguous()
    y = torch.tensor(data["y"][: args.limit].astype(np.int64))
    with torch.no_grad():
        clean = (model(x).argmax(1) == y).sum().item()
    runs = []
    for seed in [int(s) for s in args.seeds.split(",")]:
        adversary = AutoAttack(model, norm="Linf", eps=args.eps, version="standard", seed=seed, verbose=False, device="cpu")
        run = {"seed": seed}
        wanted = args.attacks.split(",")
        for name in [m for m in ["apgd-ce", "apgd-t", "fab-t", "square"] if m in wanted]:
            adversary.attacks_to_run = [name]
            started = time.perf_counter()
            adv = adversary.run_standard_evaluation(x, y, bs=args.batch)
            seconds = time.perf_counter() - started
            with torch.no_grad():
                robust = (model(adv).argmax(1) == y).sum().item()
            run[name] = {"robust": robust, "seconds": seconds}
            print(f"seed {seed} {name}: robust {robust}/{len(y)} ({seconds:.1f} s)", flush=True)
        if "standard" in wanted:
            adversary.attacks_to_run = ["apgd-ce", "apgd-t", "fab-t", "square"]
            started = time.perf_counter()
            adv = adversary.run_standard_evaluation(x, y, bs=args.batch)
            seconds = time.perf_counter() - started
            with torch.no_grad():
                robust = (model(adv).argmax(1) == y).sum().item()
            run["standard"] = {"robust": robust, "seconds": seconds}
            print(f"seed {seed} standard: robust {robust}/{len(y)} ({seconds:.1f} s)", flush=True)
        runs.append(run)
    result = {"samples": len(y), "clean": clean, "eps": args.eps, "runs": runs}
    print(json.dumps(result))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)


if __name__ == "__main__":
    main()
