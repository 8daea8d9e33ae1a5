"""The PyTorch side of `npm run bench -- peer`: the same workloads as Basin, in idiomatic PyTorch, on one thread.

A long-lived process: bench/peer.ts writes one JSON command per line on stdin and reads one JSON answer per line
on stdout, so the Basin and PyTorch measurements can be interleaved without paying Python's start-up each time.
Every command names a folder holding the exact inputs Basin used (raw little-endian float32/int32 files and a
meta.json), so both sides compute the same numbers on the same data; answers carry the results for comparison.

Commands:
  {"cmd": "info"}                          → versions and thread count
  {"cmd": "landscape", "dir": ...}        → a 2-D loss landscape over the grid, per-point forward passes
  {"cmd": "train", "dir": ...}            → mini-batch training with Adam, Basin's shuffle order
"""

import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

torch.set_num_threads(1)
torch.set_num_interop_threads(1)


def load(folder, name, dtype, shape):
    return torch.from_numpy(np.fromfile(os.path.join(folder, name), dtype=dtype).reshape(shape).copy())


def split_params(flat, shapes):
    """Views of a flat parameter vector in the model's (TF.js) shapes: Dense [in, out], Conv2D [kh, kw, in, out]."""
    out, offset = [], 0
    for shape in shapes:
        size = int(np.prod(shape))
        out.append(flat[offset : offset + size].view(*shape))
        offset += size
    return out


ACTIVATIONS = {"elu": F.elu, "relu": F.relu, "tanh": torch.tanh}


def mlp_forward(params, x, activation):
    act = ACTIVATIONS[activation]
    h = x
    layers = len(params) // 2
    for layer in range(layers):
        h = torch.addmm(params[2 * layer + 1], h, params[2 * layer])
        if layer + 1 < layers:
            h = act(h)
    return h


def cnn_forward(params, x, plan):
    """Basin's CNN: valid stride-1 convs + ReLU, 2×2 max-pools, dense layers; NHWC input, TF.js kernel layouts."""
    h = x.permute(0, 3, 1, 2)  # NHWC → NCHW
    p = 0
    for step in plan:
        if step == "pool":
            h = F.max_pool2d(h, 2)
        elif step == "conv":
            # TF.js [kh, kw, in, out] → PyTorch [out, in, kh, kw]; both compute a cross-correlation.
            h = F.relu(F.conv2d(h, params[p].permute(3, 2, 0, 1), params[p + 1]))
            p += 2
        else:  # dense (relu unless last); flatten in NHWC order, as TF.js does
            if h.dim() == 4:
                h = h.permute(0, 2, 3, 1).reshape(h.shape[0], -1)
            h = torch.addmm(params[p + 1], h, params[p])
            p += 2
            if step == "dense-relu":
                h = F.relu(h)
    return h


def forward_fn(meta):
    if meta["model"] == "mlp":
        return lambda params, x: mlp_forward(params, x, meta["activation"])
    return lambda params, x: cnn_forward(params, x, meta["plan"])


def landscape(folder):
    meta = json.load(open(os.path.join(folder, "meta.json")))
    n, p = meta["examples"], meta["paramCount"]
    x = load(folder, "x.f32", np.float32, [n] + meta["inputShape"])
    y = load(folder, "y.i32", np.int32, [n]).long()
    theta = load(folder, "theta.f32", np.float32, [p])
    d1 = load(folder, "d1.f32", np.float32, [p])
    d2 = load(folder, "d2.f32", np.float32, [p])
    alphas, betas = meta["alphas"], meta["betas"]
    forward = forward_fn(meta)
    loss = np.empty((len(betas), len(alphas)), dtype=np.float32)
    acc = np.empty_like(loss)
    started, cpu_started = time.perf_counter(), time.process_time()
    with torch.no_grad():
        for j, beta in enumerate(betas):
            row_loss, row_correct = [], []
            for alpha in alphas:
                params = split_params(theta + alpha * d1 + beta * d2, meta["shapes"])
                logits = forward(params, x)
                row_loss.append(F.cross_entropy(logits, y))
                row_correct.append((logits.argmax(1) == y).sum())
            # One read per row, as Basin does.
            loss[j] = torch.stack(row_loss).numpy()
            acc[j] = torch.stack(row_correct).numpy() / n
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return {"seconds": seconds, "cpu": cpu, "loss": loss.ravel().tolist(), "acc": acc.ravel().tolist()}


def train(folder):
    meta = json.load(open(os.path.join(folder, "meta.json")))
    n, p, epochs, batch = meta["examples"], meta["paramCount"], meta["epochs"], meta["batchSize"]
    x = load(folder, "x.f32", np.float32, [n] + meta["inputShape"])
    y = load(folder, "y.i32", np.int32, [n]).long()
    order = load(folder, "order.i32", np.int32, [epochs, n]).long()
    flat = load(folder, "theta.f32", np.float32, [p])
    params = [t.clone().requires_grad_(True) for t in split_params(flat, meta["shapes"])]
    opt = torch.optim.Adam(params, lr=meta["lr"], betas=(0.9, 0.999), eps=1e-7)
    forward = forward_fn(meta)
    objectives = []
    started, cpu_started = time.perf_counter(), time.process_time()
    for epoch in range(epochs):
        total = torch.zeros(())
        steps = 0
        for start in range(0, n, batch):
            idx = order[epoch, start : start + batch]
            loss = F.cross_entropy(forward(params, x[idx]), y[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            total += loss.detach()
            steps += 1
        objectives.append(total.item() / steps)  # one read per epoch, as Basin does
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    final = torch.cat([t.detach().reshape(-1) for t in params]).numpy()
    return {"seconds": seconds, "cpu": cpu, "objectives": objectives, "params": final.tolist()}


def blas_library():
    """The BLAS PyTorch's matMuls go to here (Debian's torch uses whatever libblas.so.3 points at)."""
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "blas" in line.lower() and "/" in line}
    except OSError:
        return "unknown"
    for path in sorted(paths):
        name = os.path.basename(path)
        if "openblas" in path:
            return f"OpenBLAS ({name})"
        if "mkl" in path:
            return f"MKL ({name})"
        if "/blas/" in path or name.startswith("libblas"):
            return f"reference BLAS ({path})"
    return "unknown"


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        command = json.loads(line)
        try:
            if command["cmd"] == "info":
                answer = {
                    "torch": torch.__version__,
                    "threads": torch.get_num_threads(),
                    "python": sys.version.split()[0],
                    "blas": blas_library(),
                }
            elif command["cmd"] == "landscape":
                answer = landscape(command["dir"])
            elif command["cmd"] == "train":
                answer = train(command["dir"])
            else:
                answer = {"error": f"unknown command {command['cmd']}"}
        except Exception as err:  # reported to the bench, which prints it
            answer = {"error": f"{type(err).__name__}: {err}"}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
