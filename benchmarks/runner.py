"""Time every workload in nnbook and PyTorch, float64 and float32, on one and on all threads.

    python -m benchmarks [--quick] [--repeats 3] [--only KEY ...] [--out _build/bench]

For each thread setting and workload, the four variants (nnbook and PyTorch, in float64 and
float32) run in turn, and that round is repeated; each variant's time is the minimum over the
rounds. Interleaving the variants spreads the noise of a shared machine over all of them alike,
and the minimum is the run least disturbed by it. In the same process the runner measures the
matrix-multiplication peak at the shape of the TwoLayerNet's first layer, checks that float32
training ends within 0.5 points of float64's test accuracy, and profiles (cProfile) every
workload in which nnbook is not faster than PyTorch.

Writes ``results.md`` and ``results.json`` under ``--out`` and prints the table. A full run
(not ``--quick``) also writes the tables the book includes, ``docs/_bench/latest-en.md``,
``latest-zh.md`` and ``latest.json``.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import gc
import io
import json
import os
import platform
import pstats
import sys
import time
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

from benchmarks.workloads import Workload, workloads

ROOT = Path(__file__).resolve().parents[1]
DOCS_BENCH = ROOT / "docs" / "_bench"
IMPLS = ("nnbook", "torch")
DTYPES = (np.dtype(np.float64), np.dtype(np.float32))
#: Largest allowed gap between float32 and float64 test accuracy, in percentage points.
ACCURACY_TOLERANCE = 0.5
#: TwoLayerNet training in float32 on one thread should reach this fraction of the peak.
PEAK_TARGET = 0.5


def variant_name(impl: str, dtype: np.dtype) -> str:
    return f"{impl} {'f64' if dtype == np.float64 else 'f32'}"


# --------------------------------------------------------------------------- threads


class Threads:
    """Context: run NumPy's BLAS and PyTorch on `n` threads (None: their defaults)."""

    def __init__(self, n: int | None) -> None:
        import torch

        self.n = n
        self._torch = torch
        self._default = torch.get_num_threads()
        self._limits = None

    def __enter__(self):
        if self.n is not None:
            self._limits = threadpool_limits(self.n)
            self._torch.set_num_threads(self.n)
        return self

    def __exit__(self, *exc) -> None:
        if self._limits is not None:
            self._limits.restore_original_limits()
        self._torch.set_num_threads(self._default)


def default_threads() -> int:
    import torch

    blas = [p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"]
    return max([torch.get_num_threads(), *blas])


# --------------------------------------------------------------------------- measuring


def time_once(run) -> float:
    gc.collect()
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def best_rate(f, flops: float, repeats: int, calls: int = 400) -> float:
    """GFLOP/s of the fastest of `repeats` rounds of `calls` calls to `f`."""
    f()
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(calls):
            f()
        seconds.append((time.perf_counter() - start) / calls)
    return flops / min(seconds) / 1e9


def matmul_peak(repeats: int) -> dict:
    """Best GFLOP/s of ``(100, 784) @ (784, 50)`` in NumPy and PyTorch, per dtype."""
    import torch

    rng = np.random.default_rng(0)
    flops = 2 * 100 * 784 * 50
    peaks: dict = {}
    for dtype in DTYPES:
        a = rng.standard_normal((100, 784)).astype(dtype)
        b = rng.standard_normal((784, 50)).astype(dtype)
        out = np.empty((100, 50), dtype=dtype)
        ta, tb, tout = torch.from_numpy(a), torch.from_numpy(b), torch.from_numpy(out)
        rounds = max(repeats, 5)
        best = {
            "numpy": best_rate(lambda: np.matmul(a, b, out=out), flops, rounds),  # noqa: B023
            "torch": best_rate(lambda: torch.matmul(ta, tb, out=tout), flops, rounds),  # noqa: B023
        }
        peaks[str(dtype)] = max(best.values())
        peaks[f"{dtype}_by"] = best
    return peaks


def profile(workload: Workload, dtype: np.dtype, top: int = 12) -> str:
    """cProfile's top entries (by own time) of one nnbook run of `workload`."""
    run, _ = workload.setup("nnbook", dtype)
    profiler = cProfile.Profile()
    profiler.runcall(run)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.strip_dirs().sort_stats("tottime").print_stats(top)
    lines = out.getvalue().splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith("ncalls"))
    head = next(line for line in lines if "function calls" in line).strip()
    return "\n".join([head, *lines[start : start + top + 1]])


def run_all(args) -> dict:
    import torch

    thread_settings = {"1": [1], "default": [None], "both": [1, None]}[args.threads]
    results: dict = {"workloads": {}, "peak": {}, "accuracy": {}, "profiles": {}}
    by_key: dict[str, Workload] = {}
    for n_threads in thread_settings:
        label = "1" if n_threads == 1 else f"default ({default_threads()})"
        # --default-quick: the default-thread pass runs the shortened workloads (own rows).
        shortened = args.quick or (n_threads is None and args.default_quick)
        chosen = [w for w in workloads(shortened) if not args.only or w.key in args.only]
        if shortened and not args.quick:
            for w in chosen:
                w.key += "_quick"
        for w in chosen:
            by_key.setdefault(w.key, w)
            results["workloads"].setdefault(
                w.key, {"title": w.title, "calls": w.calls, "times": {}}
            )
        with Threads(n_threads):
            for w in chosen:
                # The peak is measured again before every workload and the best kept: a
                # machine shared with other work may be slowed down at any one moment.
                peak = matmul_peak(args.repeats)
                kept = results["peak"].setdefault(label, peak)
                for key in peak:
                    if not key.endswith("_by") and peak[key] > kept[key]:
                        kept[key], kept[f"{key}_by"] = peak[key], peak[f"{key}_by"]
                best: dict[str, float] = {}
                for _ in range(args.repeats):
                    for dtype in DTYPES:
                        for impl in IMPLS:
                            name = variant_name(impl, dtype)
                            run, score = w.setup(impl, dtype)
                            torch.manual_seed(0)
                            seconds = time_once(run)
                            best[name] = min(best.get(name, np.inf), seconds)
                            if n_threads == 1 and "training" in w.tags:
                                acc = score()
                                results["accuracy"].setdefault(w.key, {})[name] = acc
                results["workloads"][w.key]["times"][label] = best
                print(f"[threads {label}] matmul peak so far: {kept}", flush=True)
                # Partial results, in case a long run has to be stopped: --render reads them.
                partial = {**results, "machine": machine_info(), "quick": args.quick}
                partial["repeats"] = args.repeats
                args.out.mkdir(parents=True, exist_ok=True)
                (args.out / "partial.json").write_text(json.dumps(partial, indent=1), "utf-8")
                shown = ", ".join(f"{k} {v:.3f} s" for k, v in best.items())
                print(f"[threads {label}] {w.key}: {shown}", flush=True)
    # Profiles of the workloads that nnbook does not win, on one thread, in float32.
    with Threads(1):
        for w in by_key.values():
            for label, best in results["workloads"][w.key]["times"].items():
                lost = [
                    dtype
                    for dtype in DTYPES
                    if best[variant_name("nnbook", dtype)] >= best[variant_name("torch", dtype)]
                ]
                if lost and w.key not in results["profiles"]:
                    results["profiles"][w.key] = profile(w, lost[-1])
                    print(f"profiled {w.key}: nnbook is not faster ({label} threads)", flush=True)
    results["machine"] = machine_info()
    results["quick"] = args.quick
    results["repeats"] = args.repeats
    return results


def machine_info() -> dict:
    import torch

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    blas = [
        f"{p.get('internal_api')} {p.get('version')} ({p.get('architecture')})"
        for p in threadpool_info()
        if p["user_api"] == "blas"
    ]
    torch_blas = "MKL" if torch.backends.mkl.is_available() else "unknown"
    for item in torch.__config__.show().replace(",", "\n").splitlines():
        if item.strip().startswith("BLAS_INFO="):
            torch_blas = item.split("=", 1)[1]
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "numpy_blas": ", ".join(sorted(set(blas))) or "unknown",
        "torch": torch.__version__,
        "torch_blas": torch_blas,
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


# --------------------------------------------------------------------------- reporting

TEXT = {
    "en": {
        "workload": "workload",
        "ratio": "ratio",
        "threads": "threads",
        "per_call": "per call",
        "header_note": (
            "Times are the minimum of {repeats} runs; ratio = nnbook / PyTorch (below 1: "
            "nnbook is faster). Per-layer rows give the time of one forward plus backward pass."
        ),
        "default_quick": (
            "The rows on the default number of threads ran shortened workloads (a tenth of "
            "the iterations or calls, `--default-quick`): on this busy two-core machine a full "
            "pass with two threads per library would have taken hours, since threads that "
            "share their cores with other work wait for each other."
        ),
        "peak": "Matrix-multiplication peak, (100×784) @ (784×50)",
        "fraction": (
            "TwoLayerNet training reached **{frac:.0%}** of the float32 peak on one thread "
            "({seconds:.2f} s; the run's matrix work at the peak takes {ideal:.2f} s), "
            "and {frac64:.0%} of the float64 peak. Target: at least {target:.0%}."
        ),
        "accuracy": "Test accuracy after training (mean over the optimizers), one thread",
        "acc_gap": "f32 − f64 (points)",
        "targets": "Targets",
        "faster": "nnbook faster than PyTorch in every row and both dtypes: {verdict}",
        "acc_target": "float32 within {tol} points of float64 accuracy: {verdict}",
        "peak_target": (
            "TwoLayerNet float32 step at ≥ {target:.0%} of the one-thread peak: {verdict}"
        ),
        "yes": "met",
        "no": "not met",
        "slower": "Not faster in: {rows}.",
        "profiles": "Profiles of the nnbook runs that were not faster (cProfile, one thread)",
        "machine": "Machine",
        "quick": "**Quick run** (`--quick`): shortened workloads, not comparable to a full run.",
    },
    "zh": {
        "workload": "工作负载",
        "ratio": "比值",
        "threads": "线程数",
        "per_call": "每次调用",
        "header_note": (
            "时间取 {repeats} 次运行中的最小值；"
            "比值 = nnbook / PyTorch（小于 1 表示 nnbook 更快）。"
            "单层各行给出一次正向传播加一次反向传播的时间。"
        ),
        "default_quick": (
            "默认线程数的各行运行的是缩短后的工作负载（迭代次数或调用次数为十分之一，"
            "`--default-quick`）：在这台繁忙的双核机器上，每个库用两个线程完整地跑一遍要花好几个小时，"
            "因为和其他程序共用核心的线程会互相等待。"
        ),
        "peak": "矩阵乘法峰值，(100×784) @ (784×50)",
        "fraction": (
            "单线程下，TwoLayerNet 训练达到 float32 峰值的 **{frac:.0%}**"
            "（{seconds:.2f} 秒；这次运行的矩阵运算按峰值计算需要 {ideal:.2f} 秒），"
            "达到 float64 峰值的 {frac64:.0%}。目标：至少 {target:.0%}。"
        ),
        "accuracy": "训练后的测试准确率（多个优化器时取平均），单线程",
        "acc_gap": "f32 − f64（百分点）",
        "targets": "目标",
        "faster": "每一行、两种精度下 nnbook 都比 PyTorch 快：{verdict}",
        "acc_target": "float32 与 float64 的准确率相差不超过 {tol} 个百分点：{verdict}",
        "peak_target": (
            "单线程 float32 下 TwoLayerNet 的训练步达到峰值的 {target:.0%} 以上：{verdict}"
        ),
        "yes": "达到",
        "no": "未达到",
        "slower": "没有更快的行：{rows}。",
        "profiles": "没有更快的 nnbook 运行的性能剖析（cProfile，单线程）",
        "machine": "机器",
        "quick": "**快速运行**（`--quick`）：工作负载缩短了，不能与完整运行相比。",
    },
}


def fmt_time(seconds: float, calls: int | None) -> str:
    if calls:
        return f"{seconds / calls * 1e6:.1f} µs"
    return f"{seconds:.2f} s"


def not_faster(nnbook_seconds: float, torch_seconds: float) -> bool:
    """Whether a row counts as not faster: its ratio, as the table shows it (two decimals), is at
    least 1.00, so that a row shown as 1.00 is never counted as a win."""
    return round(nnbook_seconds / torch_seconds, 2) >= 1.0


def thread_label(label: str, lang: str) -> str:
    """``1`` or ``default (2)``, in the report's language (full-width brackets in Chinese)."""
    if lang == "en":
        return label
    return label.replace("default", "默认").replace(" (", "（").replace(")", "）")


def percent(fraction: float, lang: str) -> str:
    return f"{100 * fraction:.2f} %" if lang == "en" else f"{100 * fraction:.2f}%"


def verdicts(results: dict) -> dict:
    """Which targets the results meet, with the rows that miss them."""
    slower = []
    for w in results["workloads"].values():
        for label, best in w["times"].items():
            for dtype in DTYPES:
                if not_faster(
                    best[variant_name("nnbook", dtype)], best[variant_name("torch", dtype)]
                ):
                    slower.append((w["title"], label, "f64" if dtype == np.float64 else "f32"))
    gaps = {}
    for key, accs in results["accuracy"].items():
        if accs.get("nnbook f32") is not None and accs.get("nnbook f64") is not None:
            gaps[key] = 100 * (accs["nnbook f32"] - accs["nnbook f64"])
    fractions = {}
    two = results["workloads"].get("two_layer")
    if two is not None:
        from benchmarks.workloads import two_layer_flops

        iterations = 1000 if results["quick"] else 10_000
        flops = two_layer_flops(100, iterations)
        for label, best in two["times"].items():
            peak = results["peak"][label]
            fractions[label] = {
                name: flops / (peak[str(dtype)] * 1e9) / best[name]
                for dtype in DTYPES
                for name in [variant_name("nnbook", dtype)]
            } | {"ideal_f32": flops / (peak["float32"] * 1e9)}
    return {"slower": slower, "gaps": gaps, "fractions": fractions}


def markdown(results: dict, lang: str) -> str:
    T = TEXT[lang]
    colon = "：" if lang == "zh" else ":"
    v = verdicts(results)
    m = results["machine"]
    lines = []
    if results["quick"]:
        lines += [T["quick"], ""]
    lines += [
        f"| {T['workload']} | nnbook f64 | PyTorch f64 | {T['ratio']} | nnbook f32 | "
        f"PyTorch f32 | {T['ratio']} | {T['threads']} |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for w in results["workloads"].values():
        for label, best in w["times"].items():
            cells = [w["title"][lang]]
            for dtype in DTYPES:
                nn_t = best[variant_name("nnbook", dtype)]
                th_t = best[variant_name("torch", dtype)]
                ratio = nn_t / th_t
                ratio_text = f"**{ratio:.2f}**" if not_faster(nn_t, th_t) else f"{ratio:.2f}"
                cells += [fmt_time(nn_t, w["calls"]), fmt_time(th_t, w["calls"]), ratio_text]
            lines.append("| " + " | ".join([*cells, thread_label(label, lang)]) + " |")
    lines += ["", T["header_note"].format(repeats=results["repeats"]), ""]
    if any(key.endswith("_quick") for key in results["workloads"]):
        lines += [T["default_quick"], ""]

    unit = " (GFLOP/s)" if lang == "en" else "（GFLOP/s）"
    lines += [f"**{T['peak']}**{unit}{colon}", ""]
    lines += [f"| {T['threads']} | float64 | float32 |", "|---|---:|---:|"]
    for label, peak in results["peak"].items():
        lines.append(
            f"| {thread_label(label, lang)} | {peak['float64']:.1f} | {peak['float32']:.1f} |"
        )
    lines.append("")
    one = v["fractions"].get("1")
    if one:
        lines += [
            T["fraction"].format(
                frac=one["nnbook f32"],
                frac64=one["nnbook f64"],
                seconds=results["workloads"]["two_layer"]["times"]["1"]["nnbook f32"],
                ideal=one["ideal_f32"],
                target=PEAK_TARGET,
            ),
            "",
        ]

    if results["accuracy"]:
        lines += [f"**{T['accuracy']}**{colon}", ""]
        lines += [
            f"| {T['workload']} | nnbook f64 | nnbook f32 | {T['acc_gap']} | PyTorch f64 | "
            "PyTorch f32 |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for key, accs in results["accuracy"].items():
            title = results["workloads"][key]["title"][lang]
            cells = [percent(accs[variant_name(i, d)], lang) for i in IMPLS for d in DTYPES]
            gap = v["gaps"].get(key, float("nan"))
            lines.append(
                f"| {title} | {cells[0]} | {cells[1]} | {gap:+.2f} | {cells[2]} | {cells[3]} |"
            )
        lines.append("")

    yes, no = T["yes"], T["no"]
    lines += [f"**{T['targets']}**{colon}", ""]
    lines.append("- " + T["faster"].format(verdict=no if v["slower"] else yes))
    if v["slower"]:
        if lang == "en":
            rows = "; ".join(f"{t[lang]} ({label}, {d})" for t, label, d in v["slower"])
        else:
            rows = "；".join(
                f"{t[lang]}（{thread_label(label, lang)}，{d}）" for t, label, d in v["slower"]
            )
        lines.append("  " + T["slower"].format(rows=rows))
    acc_ok = all(abs(g) <= ACCURACY_TOLERANCE for g in v["gaps"].values())
    lines.append(
        "- " + T["acc_target"].format(tol=ACCURACY_TOLERANCE, verdict=yes if acc_ok else no)
    )
    if one:
        ok = one["nnbook f32"] >= PEAK_TARGET
        lines.append("- " + T["peak_target"].format(target=PEAK_TARGET, verdict=yes if ok else no))
    lines.append("")

    if results["profiles"]:
        lines += [f"**{T['profiles']}**{colon}", ""]
        for key, text in results["profiles"].items():
            title = results["workloads"][key]["title"][lang]
            lines += [f"{title}{colon}", "", "```text", text, "```"]
            lines.append("")

    if lang == "en":
        machine = (
            f"{m['cpu']}, {m['cores']} cores; Python {m['python']}; NumPy {m['numpy']} "
            f"({m['numpy_blas']}); PyTorch {m['torch']} ({m['torch_blas']}); {m['date']}."
        )
        lines.append(f"**{T['machine']}**: {machine}")
    else:
        machine = (
            f"{m['cpu']}，{m['cores']} 核；Python {m['python']}；NumPy {m['numpy']}"
            f"（{m['numpy_blas']}）；PyTorch {m['torch']}（{m['torch_blas']}）；{m['date']}。"
        )
        lines.append(f"**{T['machine']}**：{machine}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--quick", action="store_true", help="shortened workloads, for a trial")
    parser.add_argument("--repeats", type=int, default=3, help="runs per variant (minimum kept)")
    parser.add_argument("--only", nargs="*", default=[], help="workload keys to run")
    parser.add_argument(
        "--default-quick",
        action="store_true",
        help="shortened workloads for the default-thread pass (a full one can take hours on a "
        "busy 2-core machine, where threads wait for each other)",
    )
    parser.add_argument(
        "--threads", choices=("1", "default", "both"), default="both", help="thread settings"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "bench")
    parser.add_argument(
        "--render",
        type=Path,
        metavar="JSON",
        help="write the tables again from the results.json of an earlier run, without timing",
    )
    args = parser.parse_args(argv)

    if args.render:
        results = json.loads(args.render.read_text(encoding="utf-8"))
        titles = {w.key: w.title for w in workloads(results["quick"])}
        titles |= {w.key + "_quick": w.title for w in workloads(True)}
        for key, w in results["workloads"].items():
            w["title"] = titles.get(key, w["title"])
        args.quick, args.only, args.threads = results["quick"], [], "both"
    else:
        start = time.perf_counter()
        results = run_all(args)
        results["seconds"] = time.perf_counter() - start
    args.out.mkdir(parents=True, exist_ok=True)
    table = markdown(results, "en")
    (args.out / "results.md").write_text(table, encoding="utf-8")
    (args.out / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    if not args.quick and not args.only and args.threads == "both":
        DOCS_BENCH.mkdir(parents=True, exist_ok=True)
        for lang in ("en", "zh"):
            (DOCS_BENCH / f"latest-{lang}.md").write_text(markdown(results, lang), "utf-8")
        (DOCS_BENCH / "latest.json").write_text(json.dumps(results, indent=1), "utf-8")
    print()
    print(table)
    print(f"written to {args.out / 'results.md'} ({results['seconds']:.0f} s of timing)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
