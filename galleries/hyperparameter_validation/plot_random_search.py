"""
Random search for the learning rate and weight decay ‖ 随机搜索学习率和权重衰减
================================================================================

.. only:: lang_en

   Which learning rate, and how much weight decay, should the six-hidden-layer network of the
   regularization chapter use when it has 500 training images? We hold back a fifth of them
   as validation data, train one network per random setting on the rest, and keep the setting
   whose network does best on the validation data. A first search covers wide ranges; a second
   one narrows them around the best settings of the first. Only the final choice meets the test
   data.

.. only:: lang_zh

   正则化一章中那个有 6 个隐藏层的网络，在只有 500 张训练图像时，应该用多大的学习率、多强的
   权重衰减？我们从中留出五分之一作为验证数据，对每一组随机设置，用其余的图像训练一个网络，
   最后留下在验证数据上表现最好的那组设置。第一轮搜索覆盖很宽的范围；第二轮围绕第一轮中最好的
   几组设置，把范围缩小再搜。只有最终选定的那组设置才会接触测试数据。
"""

# %%
# .. only:: lang_en
#
#    **The search.** The first 500 MNIST training images are split at random by
#    :func:`nnbook.datasets.train_validation_split` into 400 for training and 100 for validation.
#    :func:`nnbook.hyperopt.random_search` draws the learning rate from :math:`10^{[-6,\,-2]}` and
#    the weight decay :math:`\lambda` from :math:`10^{[-8,\,-4]}`, both uniformly on a log scale
#    (:class:`~nnbook.hyperopt.LogUniform`), the ranges of the book. Every trial trains a fresh
#    network for 50 epochs of plain SGD with mini-batches of 100 and is scored by its validation
#    accuracy after the last epoch. All trials start from the same initial weights and see the
#    mini-batches in the same order, so that two trials differ in their hyperparameters and in
#    nothing else. The library function :func:`nnbook.hyperopt.search_hyperparameters` makes
#    a search.
#
#    The book runs 100 trials. To keep this script within the time budget of the book's build, we
#    run 30 trials in the book's ranges and then 15 in the narrowed ranges: 45 trainings in all
#    instead of 100. The validation data holds only 100 images, so a validation accuracy is a
#    multiple of 1 %.
#
# .. only:: lang_zh
#
#    **搜索过程。** MNIST 的前 500 张训练图像由 :func:`nnbook.datasets.train_validation_split`
#    随机分成两份：400 张用于训练，100 张用于验证。:func:`nnbook.hyperopt.random_search` 从
#    :math:`10^{[-6,\,-2]}` 中抽取学习率，从 :math:`10^{[-8,\,-4]}` 中抽取权重衰减系数
#    :math:`\lambda`，两者都在对数尺度上均匀抽取（:class:`~nnbook.hyperopt.LogUniform`），
#    范围与原书相同。每次试验都训练一个新网络：普通 SGD，批大小为 100，训练 50 个轮次；
#    以最后一个轮次结束时的验证准确率作为它的得分。所有试验都从相同的初始权重出发，
#    按相同的顺序看到各个小批量，这样两次试验之间的差别就只在超参数上。每一轮搜索都由库函数
#    :func:`nnbook.hyperopt.search_hyperparameters` 完成。
#
#    原书做了 100 次试验。为了让这个脚本不超出构建本书的时间预算，我们先在原书的范围内做 30
#    次试验，再在缩小后的范围内做 15 次：一共训练 45 次，而不是 100 次。验证数据只有 100 张图像，
#    所以验证准确率总是 1% 的整数倍。
#
# .. nnbook-code:: nnbook.hyperopt.search_hyperparameters

import numpy as np
from matplotlib.patches import Rectangle

from nnbook.hyperopt import score_on_test_data, search_hyperparameters
from nnbook.plotting import show, subplots, tr
from nnbook.util import cached


def narrowed(trials, n_best, margin):
    """Log-scale range of the `n_best` best trials, widened by `margin` decades on each side."""
    best = trials[:n_best]
    return {
        name: (
            10 ** (np.log10(min(t[name] for t in best)) - margin),
            10 ** (np.log10(max(t[name] for t in best)) + margin),
        )
        for name in ("lr", "weight_decay")
    }


wide = cached(
    "hyperparameter_search",
    search_hyperparameters,
    n_samples=500,
    lr_range=(1e-6, 1e-2),
    weight_decay_range=(1e-8, 1e-4),
    n_trials=30,
    epochs=50,
    seed=1,
)
ranges = narrowed(wide, n_best=5, margin=0.5)
narrow = cached(
    "hyperparameter_search",
    search_hyperparameters,
    n_samples=500,
    lr_range=tuple(float(v) for v in ranges["lr"]),
    weight_decay_range=tuple(float(v) for v in ranges["weight_decay"]),
    n_trials=15,
    epochs=50,
    seed=2,
)
for name, trials in (("wide", wide), ("narrowed", narrow)):
    scores = np.array([t["score"] for t in trials])
    print(
        f"{name:8}: best {100 * scores.max():.0f} %, median {100 * np.median(scores):.0f} %, "
        f"worst {100 * scores.min():.0f} %"
    )
print("narrowed ranges:", {name: f"{lo:.1e} … {hi:.1e}" for name, (lo, hi) in ranges.items()})

# %%
# .. only:: lang_en
#
#    **Where the good settings are.** Each dot is one trial, placed by its learning rate and weight
#    decay on log axes and coloured by its validation accuracy (left). The right panel shows the
#    same trials by learning rate alone. The learning rate decides everything: sort the 45 trials
#    by learning rate and they are sorted by validation accuracy too, and below about
#    :math:`10^{-3}` the network does not get anywhere in 50 epochs. Weight decay in these ranges
#    makes no visible difference: trials with similar learning rates score alike whatever their
#    weight decay. The narrowed ranges (the box) are the smallest ranges holding the five best
#    trials of the first search (circles), widened by half a decade on each side. Since the best
#    learning rates lay at the top edge of the first range, the box reaches beyond it, and there
#    the second search (triangles) finds its best settings, all three above :math:`10^{-2}`.
#
# .. only:: lang_zh
#
#    **好的设置在哪里。** 每个点代表一次试验，按它的学习率和权重衰减系数放在对数坐标轴上，
#    颜色表示它的验证准确率（左图）。右图只按学习率画出同样这些试验。一切都由学习率决定：把 45
#    次试验按学习率排序，它们也就按验证准确率排好了序；学习率低于 :math:`10^{-3}` 左右时，网络在 50
#    个轮次里什么也学不到。在这样的范围内，权重衰减看不出任何影响：学习率相近的试验，
#    不论权重衰减系数是多少，得分都差不多。缩小后的范围（方框）是包含第一轮搜索（圆点）
#    中最好的五次试验的最小范围，再向两边各放宽半个数量级。由于最好的学习率位于第一轮范围的上边缘，
#    方框伸出了这个范围，第二轮搜索（三角形）最好的几组设置正是在那里找到的，最好的三组都高于
#    :math:`10^{-2}`。

fig, (ax_s, ax_lr) = subplots(1, 2, name="hpv-scatter", figsize=(10.0, 3.9))
fig.get_layout_engine().set(wspace=0.08)
everything = [t["score"] for t in wide + narrow]
color_range = {"vmin": 0.0, "vmax": 100 * max(everything), "cmap": "viridis"}
for trials, marker, label in (
    (wide, "o", tr("first search", "第一轮搜索")),
    (narrow, "^", tr("narrowed search", "缩小范围后的搜索")),
):
    lr = [t["lr"] for t in trials]
    lam = [t["weight_decay"] for t in trials]
    acc = [100 * t["score"] for t in trials]
    points = ax_s.scatter(lr, lam, c=acc, marker=marker, edgecolors="0.2", **color_range)
    ax_lr.scatter(lr, acc, marker=marker, color="C0" if marker == "o" else "C3", label=label)
(lr_lo, lr_hi), (lam_lo, lam_hi) = ranges["lr"], ranges["weight_decay"]
box = Rectangle((lr_lo, lam_lo), lr_hi - lr_lo, lam_hi - lam_lo, fill=False, linestyle="--")
ax_s.add_patch(box)
fig.colorbar(points, ax=ax_s, label=tr("validation accuracy (%)", "验证准确率（%）"))
for ax in (ax_s, ax_lr):
    ax.set_xscale("log")
    ax.set_xlabel(tr("learning rate", "学习率"))
    ax.axvline(1e-2, color="0.5", linewidth=1.0, linestyle=":")
ax_s.set_yscale("log")
ax_s.set_ylabel(tr("weight decay λ", "权重衰减系数 λ"))
ax_s.set_title(tr("All trials (box: narrowed ranges)", "全部试验（方框：缩小后的范围）"))
ax_lr.set_ylabel(tr("validation accuracy (%)", "验证准确率（%）"))
ax_lr.set_ylim(0, 100)
ax_lr.legend(loc="upper left")
ax_lr.set_title(tr("Validation accuracy by learning rate", "验证准确率与学习率"))

# %%
# .. only:: lang_en
#
#    **The best runs.** The validation accuracy after every epoch for the five best trials of both
#    searches together (solid), with their training accuracy (dashed). The winner is the trial with
#    the best final validation accuracy. The curves of the best runs are still rising after 50
#    epochs: within this budget, a larger learning rate simply gets further. Only now, with the
#    choice made, do we measure it once on the test data: we train the winning setting again,
#    exactly as in its trial, and evaluate it on all 10 000 test images; the library function
#    :func:`nnbook.hyperopt.score_on_test_data` does both.
#
# .. only:: lang_zh
#
#    **最好的几次训练。** 两轮搜索合起来最好的五次试验，每个轮次结束后的验证准确率（实线）
#    及其训练准确率（虚线）。最后一个轮次的验证准确率最高的试验胜出。最好的几条曲线到第 50
#    个轮次时仍在上升：在这份预算之内，学习率越大，走得越远。直到此刻，选择已经做完，
#    我们才在测试数据上测它一次：按胜出的设置、完全照它那次试验的做法再训练一遍，然后在全部 10 000
#    张测试图像上评估。这两步由库函数 :func:`nnbook.hyperopt.score_on_test_data` 完成。

best = sorted(wide + narrow, key=lambda t: -t["score"])[:5]
winner = best[0]
test_acc = cached(
    "hyperparameter_test",
    score_on_test_data,
    n_samples=500,
    lr=winner["lr"],
    weight_decay=winner["weight_decay"],
    epochs=50,
)
print(
    f"winner: lr {winner['lr']:.2e}, weight decay {winner['weight_decay']:.1e}, "
    f"validation {100 * winner['score']:.0f} %, test {100 * test_acc:.1f} %"
)

fig, ax = subplots(name="hpv-best-runs", figsize=(6.4, 3.8))
for k, trial in enumerate(best):
    epochs = np.arange(len(trial["val_acc"]))
    label = f"lr {trial['lr']:.1e}, λ {trial['weight_decay']:.0e}"
    ax.plot(epochs, 100 * np.array(trial["val_acc"]), color=f"C{k}", label=label)
    ax.plot(
        epochs, 100 * np.array(trial["train_acc"]), color=f"C{k}", linestyle="--", linewidth=1.0
    )
ax.set_xlabel(tr("epoch", "轮次"))
ax.set_ylabel(tr("accuracy (%)", "准确率（%）"))
ax.set_ylim(0, 102)
ax.legend(loc="lower right", fontsize="small")
ax.set_title(
    tr(
        "Five best trials: validation (solid), training (dashed)",
        "最好的五次试验：验证（实线）与训练（虚线）",
    )
)
show()
