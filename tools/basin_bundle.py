#!/usr/bin/env python3
"""Open a Basin run bundle in PyTorch and recompute its numbers from the bundle alone.

    python3 tools/basin_bundle.py run.json [--tolerance 1e-4] [--float64] [--asset public/mnist-10k.bin.gz]

Loads the bundle's data and parameters into a PyTorch module (MLP, CNN or AW-Net, TF.js layout converted as
docs/run-bundle.md says) and recomputes, without any of Basin's random streams:

- the final loss and accuracy on the training and test sets (`metrics`),
- `robust`: PGD robust loss and accuracy from the stored random starts,
- `fgsm-sweep`: FGSM accuracy and loss at every epsilon, and the R&G score,
- `adversarial-examples`: the attack from the stored starts, compared with the stored adversarial inputs,
- `landscape-1d`, `landscape-2d`, `interpolation`: the loss at every grid point from the stored directions,
- `corruption-sweep`: the one-step corruption (L2 and L-infinity), every random trial from its stored
  direction, and the first-order estimate,
- `corruption-layers`: each group's one-step corruption,
- `lsa`: every probe's relative error, FGSM and PGD recomputed (PGD from its stored start), the noises from
  their stored inputs,
- `weight-perturbation`: the loss along the stored worst-case and random directions (clean loss only),
- `weight-distribution`: each kernel's per-filter L1 norms and standard deviations, its mean, standard
  deviation and mean |w|, and its histogram.

Each row prints the name, the bundle's value, the recomputed value and their relative error
|a - b| / max(|a|, |b|); for a list of values (a curve, one number per probe) the row shows the entry with
the largest error. The exit status is 1 if any row exceeds the tolerance, 2 if the bundle cannot be read.
Records whose parameters are not in the bundle (an analysis after an earlier epoch, without --snapshots) or
whose recompute data the size guard dropped are listed as skipped.

The arithmetic is float32, as in Basin (--float64 for a float64 reference). Python 3, NumPy, PyTorch.
"""

import argparse
import gzip
import json
import math
import sys

import numpy as np
import torch
import torch.nn.functional as F

# ----------------------------------------------------------------------------------------------- the model

# The CNN presets' layer plans (docs/run-bundle.md, "Forward passes"); MLPs follow from their kernels.
CNN_PLANS = {
    "small": ["conv", "pool", "conv", "pool", "dense"],
    "lsa-b": ["conv", "conv", "pool", "conv", "pool", "dense", "dense"],
}

ACTIVATIONS = {"tanh": torch.tanh, "relu": F.relu, "elu": F.elu}

# AW-Net's router trunk (ReLU after every layer): dense 32 -> 32 on points, conv 8 3x3 -> pool -> dense 32 on
# images; its detection head and signal heads follow its parameters.
AWNET_ROUTER_PLANS = {"points": ["dense", "dense"], "images": ["conv", "pool", "dense"]}


class BasinModel(torch.nn.Module):
    """A Basin model with its parameters as plain tensors (TF.js layout), so they can be shifted freely.

    `forward(x)` gives the logits; `forward(x, probes=True)` also the activation outputs LSA probes, in
    forward order. MLP: h = act(h @ W + b) for hidden layers (TF.js kernel [in, out]). CNN: NHWC inputs,
    conv kernels [kh, kw, in, out], valid padding, stride 1, ReLU; 2x2 max-pool; dense on NHWC-flattened
    features.
    """

    def __init__(self, bundle, params, dtype):
        super().__init__()
        cfg = bundle["config"]["model"]
        self.kind = cfg["kind"]
        self.input_shape = list(bundle["data"]["inputShape"])
        self.params = [torch.as_tensor(p, dtype=dtype) for p in params]
        if self.kind == "mlp":
            self.activation = ACTIVATIONS[cfg["activation"]]
            self.plan = ["dense"] * (len(params) // 2)
        elif self.kind == "cnn":
            self.plan = CNN_PLANS[cfg["preset"]]
        elif self.kind == "awnet":
            images = len(self.input_shape) == 3
            self.activation = F.relu if images else ACTIVATIONS[cfg["activation"]]
            # The varied stack is the CNN preset without its output layer, or the MLP's hidden layers.
            self.plan = CNN_PLANS[cfg["preset"]][:-1] if images else ["dense"] * len(cfg["hidden"])
            self.router_plan = AWNET_ROUTER_PLANS["images" if images else "points"]
            self.signal = cfg["signal"]
            self.lam = float(cfg["lambda"])
        else:
            raise ValueError(f"unknown model kind {self.kind}")

    def with_params(self, params):
        """The same architecture with other parameter tensors (e.g. theta + alpha * d)."""
        other = object.__new__(BasinModel)
        torch.nn.Module.__init__(other)
        other.__dict__.update({k: v for k, v in self.__dict__.items() if k != "params"})
        other.params = list(params)
        return other

    def forward(self, x, probes=False):
        out = []
        p = self.params
        if self.kind == "awnet":
            return self.awnet_forward(x, probes)
        if self.kind == "mlp":
            h = x.reshape(x.shape[0], -1)
            layers = len(p) // 2
            for l in range(layers):
                h = h @ p[2 * l] + p[2 * l + 1]
                if l + 1 < layers:
                    h = self.activation(h)
                    out.append(h)
            return (h, out) if probes else h
        # CNN: keep NHWC between layers, so flattening matches TF.js.
        t = x.reshape(x.shape[0], *self.input_shape)
        k = 0
        last = len([s for s in self.plan if s != "pool"]) - 1
        layer = 0
        for step in self.plan:
            if step == "pool":
                t = F.max_pool2d(t.permute(0, 3, 1, 2), 2, 2).permute(0, 2, 3, 1)
                continue
            w, b = p[k], p[k + 1]
            k += 2
            if step == "conv":
                t = F.conv2d(t.permute(0, 3, 1, 2), w.permute(3, 2, 0, 1)).permute(0, 2, 3, 1) + b
            else:
                t = t.reshape(t.shape[0], -1) @ w + b
            if layer < last:
                t = F.relu(t)
                out.append(t)
            layer += 1
        return (t, out) if probes else t

    def stack(self, plan, k, t, scale, act, out):
        """Runs an AW-Net layer stack from parameter k: each conv/dense layer's pre-activation (before the
        bias) scaled per sample by scale(layer) when it is not None, then act; returns the flattened output
        and the next parameter index."""
        layer = 0
        for step in plan:
            if step == "pool":
                t = F.max_pool2d(t.permute(0, 3, 1, 2), 2, 2).permute(0, 2, 3, 1)
                continue
            w, b = self.params[k], self.params[k + 1]
            k += 2
            if step == "conv":
                z = F.conv2d(t.permute(0, 3, 1, 2), w.permute(3, 2, 0, 1)).permute(0, 2, 3, 1)
            else:
                t = t.reshape(t.shape[0], -1)
                z = t @ w
            r = scale(layer)
            layer += 1
            if r is not None:
                z = z * (r[:, None, None, :] if step == "conv" else r)
            t = act(z + b)
            out.append(t)
        return t.reshape(t.shape[0], -1), k

    def awnet_forward(self, x, probes):
        """AW-Net (docs/methods/awnet.md): a router h(x) on the raw input, the detection logit s = h·u + c,
        one signal r_l(x) per varied layer ('tanh': 1 + lambda*tanh(h·V_l); 'mix': (1 - p)*c_l + p*a_l with
        p = sigmoid(s)), the classifier's layer l computing act((x·W_l) * r_l + b_l). Parameters: the
        varied layers, the output layer, the router's trunk, its detection head, the signal heads."""
        p = self.params
        t = x.reshape(x.shape[0], *self.input_shape)
        varied = len([s for s in self.plan if s != "pool"])
        main_out, router_out = [], []
        h, k = self.stack(self.router_plan, 2 * varied + 2, t, lambda l: None, F.relu, router_out)
        s = (h @ p[k] + p[k + 1]).reshape(-1)
        k += 2
        if self.signal == "mix":
            prob = torch.sigmoid(s)[:, None]
            signals = [(1 - prob) * p[k + 2 * l] + prob * p[k + 2 * l + 1] for l in range(varied)]
        else:
            signals = [1 + self.lam * torch.tanh(h @ p[k + l]) for l in range(varied)]
        features, _ = self.stack(self.plan, 0, t, lambda l: signals[l], self.activation, main_out)
        logits = features @ p[2 * varied] + p[2 * varied + 1]
        return (logits, main_out + router_out) if probes else logits


def per_example_ce(logits, y):
    """-log softmax(logits)[y] per example (Basin's loss, from logits)."""
    return -F.log_softmax(logits, dim=1).gather(1, y[:, None])[:, 0]


def loss_acc(model, x, y):
    logits = model(x)
    loss = per_example_ce(logits, y).sum() / y.shape[0]
    acc = (logits.argmax(1) == y).sum() / y.shape[0]
    return float(loss), float(acc)


# ------------------------------------------------------------------------------------------------ the data


def load_data(bundle, asset, dtype):
    """(x, y) per split as tensors: points inline, MNIST from the shipped asset."""
    d = bundle["data"]
    shape = d["inputShape"]
    out = {}
    if d["kind"] == "mnist":
        raw = gzip.open(asset).read()
        n = int.from_bytes(raw[4:8], "little")
        images = np.frombuffer(raw, np.uint8, n * 784, 16).reshape(n, 28, 28, 1).astype(np.float32) / 255
        labels = np.frombuffer(raw, np.uint8, n, 16 + n * 784).astype(np.int64)
        for split in ("train", "test"):
            idx = np.asarray(d[split]["indices"])
            if not np.array_equal(labels[idx], d[split]["y"]):
                raise ValueError(f"data.{split}: the asset's labels differ from the bundle's")
            out[split] = (torch.as_tensor(images[idx], dtype=dtype), torch.as_tensor(labels[idx]))
        return out
    for split in ("train", "test"):
        x = np.asarray(d[split]["x"], np.float32).reshape(-1, *shape)
        out[split] = (torch.as_tensor(x, dtype=dtype), torch.as_tensor(np.asarray(d[split]["y"], np.int64)))
    return out


def tensors(values, shapes, dtype):
    return [torch.as_tensor(np.asarray(v, np.float32).reshape(s), dtype=dtype) for v, s in zip(values, shapes)]


# --------------------------------------------------------------------------------------------- the attacks


# The smallest normal float32, 2^-126. Basin's sign (src/core/ops.ts) is +1 / -1 from there on and 0 below,
# subnormals included: GPUs flush subnormals to zero, so Basin treats them as zero on every backend.
FLOAT32_MIN_NORMAL = 2.0**-126


def sign(t):
    """Basin's sign: +1 where t >= 2^-126, -1 where t <= -2^-126, 0 otherwise (zero, subnormals, NaN)."""
    return (t >= FLOAT32_MIN_NORMAL).to(t.dtype) - (t <= -FLOAT32_MIN_NORMAL).to(t.dtype)


def input_grad(model, x, objective):
    x = x.detach().requires_grad_(True)
    (g,) = torch.autograd.grad(objective(model(x)).sum(), x)
    return g


def keep_in_range(x, delta, rng):
    if rng is None:
        return delta
    return torch.minimum(torch.maximum(delta, rng[0] - x), rng[1] - x)


def add_perturbation(x, delta, rng):
    s = x + delta
    return s if rng is None else s.clamp(rng[0], rng[1])


def sample_norms(t):
    return t.reshape(t.shape[0], -1).pow(2).sum(1).sqrt().reshape(-1, *([1] * (t.dim() - 1)))


def linf_step(delta, g, alpha, eps):
    return (delta + sign(g) * alpha).clamp(-eps, eps)


def l2_step(delta, g, alpha, eps):
    d = delta + g / (sample_norms(g) + 1e-10) * alpha
    return d * torch.clamp(eps / torch.clamp(sample_norms(d), min=1e-12), max=1)


def fgsm(model, x, y, eps, rng):
    """x + eps * sign(grad CE), clipped to the data range (Goodfellow et al. 2015)."""
    g = input_grad(model, x, lambda logits: per_example_ce(logits, y))
    return add_perturbation(x, sign(g) * eps, rng)


def projected_ascent(model, x, starts, steps, alpha, eps, step, objective, rng):
    """PGD from the stored starts (Madry et al. 2018): per restart K projected steps; per example the restart
    with the largest final objective is kept (ties go to the later restart)."""
    best = best_loss = None
    for start in starts:
        delta = start
        for _ in range(steps):
            g = input_grad(model, x + delta, objective)
            delta = keep_in_range(x, step(delta, g, alpha, eps), rng)
        if len(starts) == 1:
            best = delta
            break
        with torch.no_grad():
            loss = objective(model(x + delta))
        if best is None:
            best, best_loss = delta, loss
            continue
        better = (loss >= best_loss).reshape(-1, *([1] * (x.dim() - 1)))
        best = torch.where(better, delta, best)
        best_loss = torch.maximum(loss, best_loss)
    return add_perturbation(x, best, rng)


def kl_objective(model, x):
    with torch.no_grad():
        log_p = F.log_softmax(model(x), dim=1)
    return lambda logits: (log_p.exp() * (log_p - F.log_softmax(logits, dim=1))).sum(1)


def run_attack(model, attack, x, y, s, starts, rng):
    """x_adv of Basin's attack `attack` with settings s (epsilon, steps, stepSize, restarts: all resolved)."""
    eps, alpha, steps = s["epsilon"], s["stepSize"], s["steps"]
    ce = lambda logits: per_example_ce(logits, y)
    if attack == "fgsm":
        return fgsm(model, x, y, eps, rng)
    if attack in ("pgd-linf", "fgsm-rs"):
        return projected_ascent(model, x, starts, steps, alpha, eps, linf_step, ce, rng)
    if attack == "pgd-l2":
        return projected_ascent(model, x, starts, steps, alpha, eps, l2_step, ce, rng)
    if attack == "trades":
        return projected_ascent(model, x, starts, steps, alpha, eps, linf_step, kl_objective(model, x), rng)
    raise ValueError(f"unknown attack {attack}")


# ---------------------------------------------------------------------------------------------- the report


def rel_err(a, b):
    if a is None or b is None:
        return math.nan
    if a == b:
        return 0.0
    return abs(a - b) / max(abs(a), abs(b))


class Report:
    def __init__(self, tolerance):
        self.tolerance = tolerance
        self.rows = []
        self.skipped = []

    def row(self, name, bundle_value, recomputed):
        self.rows.append((name, bundle_value, recomputed, rel_err(bundle_value, recomputed)))

    def worst(self, name, bundle_values, recomputed, labels=None):
        """One row for a list: the entry with the largest relative error."""
        labels = labels or [None] * len(bundle_values)
        kept = [(b, float(r), l) for b, r, l in zip(bundle_values, recomputed, labels) if b is not None]
        if not kept:
            return self.skip(name, "no finite values")
        b, r, label = max(kept, key=lambda t: rel_err(t[0], t[1]))
        self.row(f"{name} (worst of {len(kept)})" + (f" [{label}]" if label is not None else ""), b, r)

    def vector(self, name, bundle_values, recomputed):
        """One row for a vector (inputs, directions): max-norms and max|a - b| / max|a|."""
        b = np.asarray(bundle_values, np.float64).reshape(-1)
        r = np.asarray(recomputed, np.float64).reshape(-1)
        scale = np.abs(b).max(initial=0.0)
        diff = np.abs(b - r).max(initial=0.0)
        err = 0.0 if diff == 0 else diff / max(scale, np.abs(r).max(initial=0.0))
        self.rows.append((f"{name} (max norm of {b.size})", float(scale), float(np.abs(r).max(initial=0.0)), err))

    def skip(self, name, why):
        self.skipped.append(f"{name}: {why}")

    def print(self, out=sys.stdout):
        width = max([len(r[0]) for r in self.rows] + [4])
        out.write(f"{'name':<{width}}  {'bundle':>14}  {'recomputed':>14}  {'rel. error':>10}\n")
        for name, b, r, e in self.rows:
            flag = "" if e <= self.tolerance else "  > tolerance"
            out.write(f"{name:<{width}}  {b:>14.8g}  {r:>14.8g}  {e:>10.2e}{flag}\n")
        for s in self.skipped:
            out.write(f"skipped  {s}\n")
        worst = max([r[3] for r in self.rows], default=0.0)
        ok = self.ok()
        out.write(
            f"{len(self.rows)} rows, worst relative error {worst:.2e} "
            f"(tolerance {self.tolerance:g}): {'OK' if ok else 'FAIL'}\n"
        )

    def ok(self):
        return all(r[3] <= self.tolerance for r in self.rows)


# --------------------------------------------------------------------------------------------- the checks


class Bundle:
    def __init__(self, bundle, asset, dtype):
        self.b = bundle
        self.dtype = dtype
        self.shapes = [p["shape"] for p in bundle["model"]["params"]]
        self.data = load_data(bundle, asset, dtype)
        r = bundle["data"]["inputRange"]
        self.range = None if r is None else (float(r[0]), float(r[1]))
        self.example_size = int(np.prod(bundle["data"]["inputShape"]))

    def tensors(self, values):
        return tensors(values, self.shapes, self.dtype)

    def params_at(self, epoch):
        """The parameters after `epoch` epochs, or None if the bundle does not hold them."""
        p = self.b["parameters"]
        if epoch == p["epoch"]:
            return self.tensors([t["values"] for t in p["final"]])
        for s in p.get("snapshots") or []:
            if s["epoch"] == epoch:
                return self.tensors(s["values"])
        return None

    def model(self, params):
        return BasinModel(self.b, params, self.dtype)

    def subset(self, split, indices):
        x, y = self.data[split]
        if indices is None:
            return x, y
        idx = torch.as_tensor(np.asarray(indices, np.int64))
        return x[idx], y[idx]

    def inputs(self, values, n):
        """Flat [n x example size] lists (starts, perturbed or adversarial inputs) as [n, *inputShape] tensors."""
        shape = (n, *self.b["data"]["inputShape"])
        return [torch.as_tensor(np.asarray(v, np.float32), dtype=self.dtype).reshape(shape) for v in values]



def check_metrics(B, rep):
    m = B.b["metrics"]
    if not m or m[-1]["epoch"] != B.b["parameters"]["epoch"]:
        return rep.skip("metrics", "the last epoch's metrics are not those of the final parameters")
    model = B.model(B.params_at(B.b["parameters"]["epoch"]))
    for split in ("train", "test"):
        loss, acc = loss_acc(model, *B.data[split])
        rep.row(f"metrics {split} loss", m[-1][f"{split}Loss"], loss)
        rep.row(f"metrics {split} accuracy", m[-1][f"{split}Acc"], acc)


def check_robust(B, rep, rec, model, tag):
    r = rec["result"]
    if r.get("starts") is None or r.get("indices") is None:
        return rep.skip(tag, "no stored starts (older bundle, or dropped by the size guard)")
    s = {"epsilon": r["epsilon"], "steps": r["steps"], "stepSize": r["stepSize"]}
    for split in ("test", "train"):
        x, y = B.subset(split, r["indices"][split])
        starts = B.inputs(r["starts"][split], y.shape[0])
        x_adv = run_attack(model, r["attack"], x, y, s, starts, B.range)
        loss, acc = loss_acc(model, x_adv, y)
        key = "Test" if split == "test" else "Train"
        rep.row(f"{tag} {r['attack']} {split} accuracy", r["metrics"][f"robust{key}Acc"], acc)
        rep.row(f"{tag} {r['attack']} {split} loss", r["metrics"][f"robust{key}Loss"], loss)


def check_fgsm_sweep(B, rep, rec, model, tag):
    r = rec["result"]
    if r.get("indices") is None:
        return rep.skip(tag, "no stored subset indices (older bundle)")
    x, y = B.subset(r["split"], r["indices"])
    accs, losses = [], []
    for eps in r["epsilons"]:
        loss, acc = loss_acc(model, fgsm(model, x, y, eps, B.range), y)
        accs.append(acc)
        losses.append(loss)
    labels = [f"eps={e:g}" for e in r["epsilons"]]
    rep.worst(f"{tag} FGSM accuracy", r["accuracy"], accs, labels)
    rep.worst(f"{tag} FGSM loss", r["loss"], losses, labels)
    rep.row(f"{tag} R&G", r["rg"], sum(100 * a for a in accs))


def check_adversarial_examples(B, rep, rec, model, tag):
    r = rec["result"]
    if r.get("starts") is None:
        return rep.skip(tag, "no stored starts (older bundle, or dropped by the size guard)")
    x, y = B.subset(r["split"], r["indices"])
    s = {"epsilon": r["epsilon"], "steps": r["steps"], "stepSize": r["stepSize"]}
    x_adv = run_attack(model, r["attack"], x, y, s, B.inputs(r["starts"], y.shape[0]), B.range)
    rep.vector(f"{tag} {r['attack']} x_adv", r["adversarial"], x_adv.detach())
    probs = F.softmax(model(x_adv), dim=1).detach()
    rep.vector(f"{tag} {r['attack']} softmax(x_adv)", r["adversarialProbs"], probs)


DEFAULT_STEP_SIZE = {
    "fgsm": lambda eps, steps: eps,
    "fgsm-rs": lambda eps, steps: 1.25 * eps,
    "pgd-linf": lambda eps, steps: 2.5 * eps / max(1, steps),
    "pgd-l2": lambda eps, steps: 2.5 * eps / max(1, steps),
    "trades": lambda eps, steps: 2.5 * eps / max(1, steps),
}


def surface_rows(B, rep, tag, model_at, r, coefficients):
    """Loss at every grid point of a Surface: model_at(c) is the model at coefficients c. A robust surface
    re-runs its attack against every point's model from the stored starts (the same at every point)."""
    robust = r.get("robust")
    if robust:
        s = dict(robust)
        if s["stepSize"] is None:
            s["stepSize"] = DEFAULT_STEP_SIZE[s["attack"]](s["epsilon"], s["steps"])
    for v in r["values"]:
        x, y = B.subset(v["split"], v["indices"])
        if robust and v.get("starts") is None:
            rep.skip(f"{tag} {v['split']}", "robust surface without stored starts (older bundle, or dropped)")
            continue
        starts = B.inputs([v["starts"]], y.shape[0]) if robust else None
        bundle_loss, loss, labels = [], [], []
        for p, c in enumerate(coefficients):
            if v["loss"][p] is None:
                continue
            model = model_at(c)
            xs = run_attack(model, s["attack"], x, y, s, starts, B.range) if robust else x
            bundle_loss.append(v["loss"][p])
            loss.append(loss_acc(model, xs, y)[0])
            labels.append("(" + ", ".join(f"{ci:.3g}" for ci in c) + ")")
        rep.worst(f"{tag} {v['split']} {'robust ' if robust else ''}loss", bundle_loss, loss, labels)


def check_landscape(B, rep, rec, params, tag):
    r = rec["result"]
    if r["directions"] is None:
        return rep.skip(tag, "no stored directions (keepDirections off, or dropped by the size guard)")
    ds = [B.tensors(d) for d in r["directions"]]
    grid = [(a,) for a in r["alphas"]] if r["betas"] is None else [(a, b) for b in r["betas"] for a in r["alphas"]]

    def at(c):
        return B.model([t + sum(ci * d[i] for ci, d in zip(c, ds)) for i, t in enumerate(params)])

    surface_rows(B, rep, tag, at, r, grid)


def check_interpolation(B, rep, rec, tag):
    r = rec["result"]
    if r.get("thetaA") is None or r.get("thetaB") is None:
        return rep.skip(tag, "no stored endpoints (older bundle, or dropped by the size guard)")
    a, b = B.tensors(r["thetaA"]), B.tensors(r["thetaB"])
    d = [tb - ta for ta, tb in zip(a, b)]
    at = lambda c: B.model([t + c[0] * di for t, di in zip(a, d)])
    surface_rows(B, rep, tag, at, r, [(alpha,) for alpha in r["alphas"]])


def scope_indices(B, scope, group):
    out = []
    for i, p in enumerate(B.b["model"]["params"]):
        weight = len(p["shape"]) >= 2
        if (scope == "all" or weight) and (group is None or p["layer"] == group or p["name"] == group):
            out.append(i)
    return out


def param_grads(B, params, x, y):
    ps = [p.detach().requires_grad_(True) for p in params]
    loss = per_example_ce(B.model(ps)(x), y).sum() / y.shape[0]
    return list(torch.autograd.grad(loss, ps))


def block_norm(ts, idx, norm):
    if norm == "l2":
        return torch.sqrt(sum((ts[i] ** 2).sum() for i in idx))
    return max(ts[i].abs().max() for i in idx)


def budget_blocks(params, scope_idx, norm, mode, value):
    """[(indices, radius)]: one block over the scope, or one per tensor (layer-relative); the radius is eps
    (absolute) or rho * ||theta_block||_p (relative)."""
    blocks = [[i] for i in scope_idx] if mode == "layer-relative" else [list(scope_idx)]
    return [(b, value if mode == "absolute" else float(block_norm(params, b, norm)) * value) for b in blocks]


def steepest_ascent(g, blocks, norm):
    """argmax over the budget of <g, a> (docs/methods/corruption.md): eps*g/||g||_2 or eps*sign(g) per block."""
    a = [torch.zeros_like(t) for t in g]
    for idx, radius in blocks:
        if norm == "linf":
            for i in idx:
                a[i] = sign(g[i]) * radius
        else:
            n = block_norm(g, idx, "l2")
            scale = radius / n if n > 0 else 0.0
            for i in idx:
                a[i] = g[i] * scale
    return a


def attacked_set(B, settings):
    """The corruption analyses' set D: a prefix of the split (all of it for points, 2000 images by default)."""
    x, y = B.data[settings["data"]["set"]]
    images = len(B.b["data"]["inputShape"]) > 1
    size = settings["data"]["size"] or (2000 if images else y.shape[0])
    return x[:size], y[:size]


def check_corruption_sweep(B, rep, rec, params, tag):
    r, s = rec["result"], rec["settings"]
    if s.get("sparse", 0):
        return rep.skip(tag, "sparse one-step corruption is not recomputed by this reader")
    x, y = attacked_set(B, s)
    xt, yt = B.data["test"]
    scope = scope_indices(B, s["scope"], s.get("group"))
    g = param_grads(B, params, x, y)
    for c in r["curves"]:
        name = f"{tag} {c['norm']} {c['mode']}"
        one, test_one, est, trials = [], [], [], []
        directions = c["random"].get("directions")
        for value in c["values"]:
            blocks = budget_blocks(params, scope, c["norm"], c["mode"], value)
            a = steepest_ascent(g, blocks, c["norm"])
            shifted = B.model([t + ai for t, ai in zip(params, a)])
            one.append(loss_acc(shifted, x, y)[0])
            test_one.append(loss_acc(shifted, xt, yt)[0])
            est.append(float(sum((gi * ai).sum() for gi, ai in zip(g, a))))
            if directions:
                row = []
                for d in directions:
                    dt = B.tensors(d)
                    scaled = [torch.zeros_like(t) for t in params]
                    for idx, radius in blocks:
                        for i in idx:
                            scaled[i] = dt[i] * radius
                    row.append(loss_acc(B.model([t + ai for t, ai in zip(params, scaled)]), x, y)[0])
                trials.append(row)
        labels = [f"value={v:g}" for v in c["values"]]
        rep.worst(f"{name} one-step loss", c["oneStep"]["loss"], one, labels)
        rep.worst(f"{name} one-step test loss", c["oneStep"]["testLoss"], test_one, labels)
        rep.worst(f"{name} first-order estimate", c["estimate"], est, labels)
        if directions and c["random"].get("each"):
            flat_b = [v for t in c["random"]["each"] for v in t["loss"]]
            flat_r = [trials[e][t] for t in range(len(directions)) for e in range(len(c["values"]))]
            rep.worst(f"{name} random-trial loss", flat_b, flat_r)
        elif c["random"]["trials"]:
            rep.skip(f"{name} random trials", "no stored directions (older bundle, keepVectors off, or dropped)")


def check_corruption_layers(B, rep, rec, params, tag):
    r, s = rec["result"], rec["settings"]
    x, y = attacked_set(B, s)
    g = param_grads(B, params, x, y)
    bundle_loss, loss, labels = [], [], []
    for grp in r["groups"]:
        blocks = budget_blocks(params, grp["indices"], r["norm"], r["mode"], r["value"])
        a = steepest_ascent(g, blocks, r["norm"])
        bundle_loss.append(grp["oneStep"]["loss"])
        loss.append(loss_acc(B.model([t + ai for t, ai in zip(params, a)]), x, y)[0])
        labels.append(grp["name"])
    rep.worst(f"{tag} {r['norm']} {r['mode']} one-step loss", bundle_loss, loss, labels)


def relative_errors(model, x, x_hat):
    """Per probe: (batch, sample mean) of ||phi(x) - phi(x_hat)|| / ||phi(x)|| (Khalooei et al., LSA)."""
    _, clean = model(x, probes=True)
    _, pert = model(x_hat, probes=True)
    out = []
    for c, p in zip(clean, pert):
        cs = c.reshape(c.shape[0], -1).pow(2).sum(1)
        ds = (c - p).reshape(c.shape[0], -1).pow(2).sum(1)
        batch = math.sqrt(float(ds.sum()) / float(cs.sum())) if float(cs.sum()) > 0 else math.nan
        ok = cs > 0
        mean = float(torch.sqrt(ds[ok] / cs[ok]).mean()) if bool(ok.any()) else math.nan
        out.append((batch, mean))
    return out


def check_lsa(B, rep, rec, model, tag):
    r = rec["result"]
    if r.get("indices") is None:
        return rep.skip(tag, "no stored subset indices (older bundle)")
    x, y = B.subset(r["split"], r["indices"])
    res = r["resolved"]
    probes = r["probeNames"]
    for p in r["perturbations"]:
        kind = p["kind"]
        if kind == "fgsm":
            x_hat = fgsm(model, x, y, res["epsilon"], B.range)
        elif kind == "pgd":
            if p.get("starts") is None:
                rep.skip(f"{tag} pgd", "no stored start (dropped by the size guard)")
                continue
            s = {"epsilon": res["epsilon"], "steps": res["pgd"]["steps"], "stepSize": res["pgd"]["stepSize"]}
            x_hat = run_attack(model, res["pgd"]["attack"], x, y, s, B.inputs(p["starts"], y.shape[0]), B.range)
        else:
            if p.get("perturbed") is None:
                rep.skip(f"{tag} {kind}", "no stored inputs (dropped by the size guard)")
                continue
            x_hat = B.inputs([p["perturbed"]], y.shape[0])[0]
        errs = relative_errors(model, x, x_hat)
        column = 0 if r["reduction"] == "batch" else 1
        rep.worst(f"{tag} {kind} relative error", p["relativeError"], [e[column] for e in errs], probes)


def check_weight_perturbation(B, rep, rec, params, tag):
    r, s = rec["result"], rec["settings"]
    robust = r["robust"]
    if r.get("directions") is None or (robust and (r.get("starts") is None or r.get("adversarialInputs") is None)):
        return rep.skip(tag, "no stored directions or attack data (older bundle, or dropped by the size guard)")
    x, y = B.subset(r["split"], r["indices"])
    directions = [
        [None if v is None else torch.as_tensor(np.asarray(v, np.float32), dtype=B.dtype).reshape(shape)
         for v, shape in zip(d, B.shapes)]
        for d in r["directions"]
    ]
    # AWP's direction (Wu et al. 2020): the loss gradient at w (on x_adv when robust), each weight tensor
    # scaled to ||d_l|| = ||w_l||; tensors without a direction (biases) are left alone.
    g = param_grads(B, params, B.inputs([r["adversarialInputs"]], y.shape[0])[0] if robust else x, y)
    kept = [i for i, d in enumerate(directions[0]) if d is not None]
    awp = [g[i] * (torch.linalg.norm(params[i]) / (torch.linalg.norm(g[i]) + 1e-20)) for i in kept]
    rep.vector(f"{tag} AWP direction", torch.cat([directions[0][i].reshape(-1) for i in kept]),
               torch.cat([a.reshape(-1) for a in awp]).detach())

    def inputs_at(model):
        if not robust:
            return x
        a = dict(s["robust"])
        attack = "pgd-linf" if a["norm"] == "linf" else "pgd-l2"
        if a["stepSize"] is None:
            a["stepSize"] = DEFAULT_STEP_SIZE[attack](a["epsilon"], a["steps"])
        return run_attack(model, attack, x, y, a, B.inputs(r["starts"], y.shape[0]), B.range)

    curves = [r["adversarial"]] + r["random"]["each"]
    bundle_loss, loss, labels = [], [], []
    for k, d in enumerate(directions):
        for j, gamma in enumerate(r["gammas"]):
            model = B.model([t if di is None else t + di * gamma for t, di in zip(params, d)])
            bundle_loss.append(curves[k]["loss"][j])
            loss.append(loss_acc(model, inputs_at(model), y)[0])
            labels.append(f"{'awp' if k == 0 else f'random {k}'} gamma={gamma:.3g}")
    rep.worst(f"{tag} {'robust ' if robust else ''}loss", bundle_loss, loss, labels)


def check_corruption_trajectory(B, rep, rec, params, tag):
    r, s = rec["result"], rec["settings"]
    if r.get("path") is None or r["plane"].get("d1") is None or r["plane"].get("d2") is None:
        return rep.skip(tag, "no stored path or plane (dropped by the size guard)")
    x, y = attacked_set(B, s)
    shifted = lambda terms: B.model([t + sum(c * v[i] for c, v in terms) for i, t in enumerate(params)])
    path = [B.tensors(a) for a in r["path"]]
    rep.worst(f"{tag} loss along the path", r["loss"], [loss_acc(shifted([(1.0, a)]), x, y)[0] for a in path],
              [f"k={k}" for k in range(len(path))])
    d1, d2 = B.tensors(r["plane"]["d1"]), B.tensors(r["plane"]["d2"])
    g = r["grid"]
    points = [(a, b) for b in g["betas"] for a in g["alphas"]]
    rep.worst(f"{tag} plane loss", g["loss"], [loss_acc(shifted([(a, d1), (b, d2)]), x, y)[0] for a, b in points],
              [f"({a:.3g}, {b:.3g})" for a, b in points])


def check_trajectory(B, rep, rec, params, tag):
    r = rec["result"]
    if r.get("pcs") is None or r.get("base") is None:
        return rep.skip(tag, "no stored directions or centre (keepDirections off, older bundle, or dropped)")
    base, (p1, p2) = B.tensors(r["base"]), [B.tensors(p) for p in r["pcs"]]
    surf = r["surface"]
    at = lambda c: B.model([t + c[0] * u + c[1] * v for t, u, v in zip(base, p1, p2)])
    surface_rows(B, rep, tag, at, surf, [(a, b) for b in surf["betas"] for a in surf["alphas"]])


def check_sharpness(B, rep, rec, params, tag):
    r = rec["result"]
    if r.get("directions") is None:
        return rep.skip(tag, "no stored directions (older bundle, or dropped by the size guard)")
    d1, d2 = [B.tensors(d) for d in r["directions"]]
    surf = r["surface"]
    at = lambda c: B.model([t + c[0] * u + c[1] * v for t, u, v in zip(params, d1, d2)])
    surface_rows(B, rep, tag, at, surf, [(a, b) for b in surf["betas"] for a in surf["alphas"]])


def check_weight_distribution(B, rep, rec, params, tag):
    """Per kernel, from the parameters in float64 as Basin computes them: each filter's (last axis) L1 norm
    and standard deviation, the tensor's mean, standard deviation and mean |w|, and the histogram's counts
    (bins over [-max|w|, max|w|])."""
    names = [p["name"] for p in B.b["model"]["params"]]
    for layer in rec["result"]["layers"]:
        w = params[names.index(layer["name"])].detach().double().numpy()
        filters = w.reshape(-1, w.shape[-1])
        bins = len(layer["counts"])
        limit = float(np.abs(w).max()) or 1.0
        idx = np.minimum(bins - 1, np.floor((w.ravel() + limit) / (2 * limit) * bins).astype(np.int64))
        name = f"{tag} {layer['name']}"
        rep.worst(f"{name} filter L1", layer["filterL1"], np.abs(filters).sum(0))
        rep.worst(f"{name} filter std", layer["filterStd"], filters.std(0))
        rep.row(f"{name} mean", layer["mean"], float(w.mean()))
        rep.row(f"{name} std", layer["std"], float(w.std()))
        rep.row(f"{name} mean |w|", layer["meanAbs"], float(np.abs(w).mean()))
        rep.vector(f"{name} histogram counts", layer["counts"], np.bincount(idx, minlength=bins))


CHECKS = {
    "robust": lambda B, rep, rec, p, tag: check_robust(B, rep, rec, B.model(p), tag),
    "fgsm-sweep": lambda B, rep, rec, p, tag: check_fgsm_sweep(B, rep, rec, B.model(p), tag),
    "adversarial-examples": lambda B, rep, rec, p, tag: check_adversarial_examples(B, rep, rec, B.model(p), tag),
    "landscape-1d": check_landscape,
    "landscape-2d": check_landscape,
    "interpolation": lambda B, rep, rec, p, tag: check_interpolation(B, rep, rec, tag),
    "corruption-sweep": check_corruption_sweep,
    "corruption-layers": check_corruption_layers,
    "lsa": lambda B, rep, rec, p, tag: check_lsa(B, rep, rec, B.model(p), tag),
    "weight-perturbation": check_weight_perturbation,
    "corruption-trajectory": check_corruption_trajectory,
    "trajectory": check_trajectory,
    "sharpness": check_sharpness,
    "weight-distribution": check_weight_distribution,
}


def recompute(bundle, tolerance=1e-4, dtype=torch.float32, asset="public/mnist-10k.bin.gz"):
    """Every row this reader can recompute for a parsed bundle, as a Report."""
    if bundle.get("format") != "basin-run" or bundle.get("version", 0) > 1:
        raise ValueError("not a Basin run bundle of version 1")
    B = Bundle(bundle, asset, dtype)
    rep = Report(tolerance)
    check_metrics(B, rep)
    model = bundle["config"]["model"]
    router_held = model["kind"] == "awnet" and not model.get("routerInAnalyses", True)
    for i, rec in enumerate(bundle["analyses"]):
        tag = f"{rec['id']}@{rec['epoch']}"
        check = CHECKS.get(rec["id"])
        if check is None:
            rep.skip(tag, "not recomputed by this reader")
            continue
        if router_held:
            rep.skip(tag, "AW-Net with the router held out of the analyses: not recomputed by this reader")
            continue
        params = B.params_at(rec["epoch"])
        if params is None:
            rep.skip(tag, f"no parameters for epoch {rec['epoch']} (write the bundle with --snapshots)")
            continue
        check(B, rep, rec, params, tag)
    return rep


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("bundle", help="a run bundle (.json) written by Basin")
    ap.add_argument("--tolerance", type=float, default=1e-4, help="largest relative error accepted (1e-4)")
    ap.add_argument("--float64", action="store_true", help="compute in float64 instead of float32")
    ap.add_argument("--asset", default="public/mnist-10k.bin.gz", help="the MNIST asset, for MNIST bundles")
    args = ap.parse_args(argv)
    torch.set_num_threads(1)
    try:
        with open(args.bundle) as f:
            bundle = json.load(f)
        print(f"{args.bundle}: {bundle['model']['description']} on {bundle['data']['name']}, "
              f"backend {bundle['backend']}, epoch {bundle['parameters']['epoch']}")
        rep = recompute(bundle, args.tolerance, torch.float64 if args.float64 else torch.float32, args.asset)
    except (OSError, ValueError, KeyError) as err:
        print(f"error: {args.bundle}: {err}", file=sys.stderr)
        return 2
    rep.print()
    return 0 if rep.ok() else 1


if __name__ == "__main__":
    sys.exit(main())
