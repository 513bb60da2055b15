"""
AdamW against Adam with an L2 penalty ‖ AdamW 与带 L2 惩罚的 Adam
==================================================================

.. only:: lang_en

   The 300-image overfitting experiment of
   :ref:`sphx_glr_gallery_regularization_plot_overfitting.py`, trained with Adam three times:
   without any decay, with the L2 penalty :math:`\\tfrac12 \\lambda \\sum W^2` added to the
   loss (its gradient :math:`\\lambda W` then goes through Adam's scaling), and with AdamW's
   decoupled weight decay, which shrinks every weight matrix by the factor
   :math:`1 - \\eta\\lambda` at every step beside Adam's step
   (:class:`~nnbook.optimizers.AdamW`).

.. only:: lang_zh

   把 :ref:`sphx_glr_gallery_regularization_plot_overfitting.py` 中 300 张图像的过拟合实验
   用 Adam 训练三遍：不加任何衰减；在损失中加上 L2 惩罚项 :math:`\\tfrac12 \\lambda \\sum W^2`
   （它的梯度 :math:`\\lambda W` 于是也要经过 Adam 的缩放）；用 AdamW 的解耦权重衰减，
   在 Adam 的每一步之外，把每个权重矩阵乘以 :math:`1 - \\eta\\lambda`
   （:class:`~nnbook.optimizers.AdamW`）。
"""

# %%
# .. only:: lang_en
#
#    :func:`nnbook.experiments.train_small_mnist` runs the experiment with the optimizer it is
#    given: ``optimizer="adam"`` with ``weight_decay`` for the L2 penalty (the network's
#    ``weight_decay_lambda``), or ``optimizer="adamw"`` with ``decoupled_decay`` for AdamW's
#    λ. The learning rate is Adam's usual :math:`\eta = 10^{-3}`, 200 epochs of three updates
#    each; all three runs start from the same He initial weights and see the same mini-batches.
#    The strengths, :math:`\lambda = 10^{-3}` for the penalty and :math:`\lambda = 1` for
#    AdamW, are two at which both decays clearly shrink the weights while every training image
#    is still learned; the two λ are not comparable numbers, since one scales a gradient that
#    Adam then rescales and the other scales the weights directly.
#
# .. only:: lang_zh
#
#    :func:`nnbook.experiments.train_small_mnist` 用给定的优化器做这个实验：
#    ``optimizer="adam"`` 加上 ``weight_decay`` 就是 L2 惩罚（即网络的
#    ``weight_decay_lambda``\ ），``optimizer="adamw"`` 加上 ``decoupled_decay`` 就是 AdamW 的
#    λ。学习率取 Adam 常用的 :math:`\eta = 10^{-3}`\ ，训练 200 个轮次，每个轮次更新 3 次；
#    三次训练都从相同的 He 初始权重出发，看到的小批量也相同。惩罚项取
#    :math:`\lambda = 10^{-3}`\ ，AdamW 取 :math:`\lambda = 1`\ ：在这两个强度下，两种衰减都明显
#    让权重变小，而每一张训练图像仍然都能学会。这两个 λ 不能直接比大小：一个缩放的是梯度，
#    之后还要被 Adam 重新缩放；另一个直接缩放权重。
#
# .. nnbook-code:: nnbook.experiments.train_small_mnist

import numpy as np

from nnbook.datasets import load_mnist
from nnbook.experiments import train_small_mnist
from nnbook.nets import MultiLayerNet
from nnbook.plotting import show, subplots, tr
from nnbook.util import cached

settings = {"n_train": 300, "n_test": 2_000, "epochs": 200, "lr": 0.001, "seed": 0}
variants = {
    "Adam": {"optimizer": "adam", "weight_decay": 0.0},
    "Adam + L2": {"optimizer": "adam", "weight_decay": 1e-3},
    "AdamW": {"optimizer": "adamw", "weight_decay": 0.0, "decoupled_decay": 1.0},
}
runs = {
    name: cached("diagnosing_adamw", train_small_mnist, dropout_ratio=0.0, **kw, **settings)
    for name, kw in variants.items()
}
for name, run in runs.items():
    history = run["history"]
    norm = np.sqrt(sum(np.sum(w**2) for key, w in run["params"].items() if key.startswith("W")))
    print(
        f"{name:10s} training {100 * history.train_acc[-1]:.1f} %, "
        f"test {100 * history.test_acc[-1]:.2f} %, norm of all weights {norm:.1f}"
    )

# %%
# .. only:: lang_en
#
#    **Which weights shrink.** Of the 784 pixels, 238 are 0 in every one of the 300 training
#    images (most of them at the border). Their rows of :math:`W^{(1)}` never get a gradient
#    from the loss, so they show what each decay does on its own. For four groups of weights,
#    the figure's right panel shows the root mean square after training divided by that of the
#    initial weights.
#
# .. only:: lang_zh
#
#    **哪些权重变小了。** 784 个像素中有 238 个在全部 300 张训练图像里都是 0（大多在边缘）。
#    :math:`W^{(1)}` 中与它们相连的那些行从损失那里永远得不到梯度，所以它们能单独显示出每种
#    衰减本身做了什么。图的右半部分对四组权重分别给出训练后的均方根与初始权重的均方根之比。

(x_train, _), _ = load_mnist()
unlit = np.all(x_train[:300] == 0, axis=0)  # pixels that are 0 in all 300 training images
initial = MultiLayerNet(784, [100] * 6, 10, rng=0).params
groups = {
    tr(f"W1,\n{unlit.sum()} unlit pixels", f"W1，\n{unlit.sum()} 个不亮的像素"): ("W1", unlit),
    tr("W1,\nother pixels", "W1，\n其余像素"): ("W1", ~unlit),
    tr("W2 … W6", "W2 … W6"): ("W2 W3 W4 W5 W6", None),
    tr("W7 (output)", "W7（输出层）"): ("W7", None),
}


def rms(params, keys, rows):
    values = [params[key] if rows is None else params[key][rows] for key in keys.split()]
    return float(np.sqrt(np.mean(np.concatenate([v.ravel() for v in values]) ** 2)))


shrink = {
    name: [rms(run["params"], *group) / rms(initial, *group) for group in groups.values()]
    for name, run in runs.items()
}
for name, ratios in shrink.items():
    print(f"{name:10s} RMS after / before: " + ", ".join(f"{r:.3f}" for r in ratios))
print(f"AdamW's factor on a weight without gradient, (1 - 0.001 * 1) ** 600 = {0.999**600:.3f}")

# %%
# .. only:: lang_en
#
#    **Left**, training (thin) and test accuracy (thick) over the epochs. All three runs learn
#    every training image within about 15 epochs; their final test accuracies differ by at most
#    two of the 2 000 test images, so on 300 images neither decay buys test accuracy at these
#    strengths. **Right**, where they differ. Plain Adam leaves the unlit pixels' weights
#    exactly where they started. AdamW multiplies them by
#    :math:`(1 - \eta\lambda)^{600} = 0.999^{600} \approx 0.55`; it applies the same factor to
#    every weight, and the weights that do get a gradient, pulled back by it, end at about two
#    thirds of their size. The L2 penalty, sent through Adam, sets the unlit pixels' weights to
#    almost exactly 0 but shrinks the others to about half, and the output layer less. Adam's
#    step does not change when its gradient is multiplied by a constant, so for a weight whose
#    only gradient is :math:`\lambda W`, λ drops out: whatever λ is, the weight is driven to 0
#    by steps of the order of :math:`\eta`. Where the loss's gradient is large,
#    :math:`\lambda W` is a small part of what Adam normalizes, and the weight decays less. The
#    penalty's strength thus depends on each weight's gradient; AdamW's does not.
#
# .. only:: lang_zh
#
#    **左图**\ 是各轮次的训练准确率（细线）和测试准确率（粗线）。三次训练都在大约 15
#    个轮次内学会了每一张训练图像；它们最后的测试准确率至多相差 2 000 张测试图像中的两张，
#    所以在 300 张图像上、在这样的强度下，两种衰减都没有换来测试准确率。
#    **右图**\ 显示它们的不同之处。朴素的 Adam 让不亮像素的权重原封不动。AdamW 把它们乘以
#    :math:`(1 - \eta\lambda)^{600} = 0.999^{600} \approx 0.55`\ ；它对每个权重都乘以同一个
#    因子，那些有梯度的权重被梯度拉回一些，最后约为原来的三分之二。经过 Adam 的 L2
#    惩罚则把不亮像素的权重几乎精确地压到 0，其余权重却只缩小到一半左右，输出层缩小得更少。
#    梯度乘以一个常数时，Adam 的一步并不改变，所以对一个唯一的梯度就是 :math:`\lambda W`
#    的权重，λ 根本不起作用：不论 λ 多大，这个权重都以 :math:`\eta` 量级的步子被推到 0。
#    而在损失的梯度很大的地方，:math:`\lambda W` 只占 Adam 所归一化的量的一小部分，
#    这个权重就衰减得少。可见惩罚项的强弱取决于每个权重自己的梯度，AdamW 的衰减则不然。

names = {
    "Adam": tr("Adam", "Adam"),
    "Adam + L2": tr("Adam + L2, λ = 0.001", "Adam + L2，λ = 0.001"),
    "AdamW": tr("AdamW, λ = 1", "AdamW，λ = 1"),
}
fig, (ax_acc, ax_w) = subplots(1, 2, name="diagnosing-adamw", figsize=(9.6, 3.8))
for k, (name, run) in enumerate(runs.items()):
    history = run["history"]
    ax_acc.plot(100 * np.array(history.train_acc), color=f"C{k}", linewidth=0.8)
    ax_acc.plot(100 * np.array(history.test_acc), color=f"C{k}", linewidth=2, label=names[name])
ax_acc.set_xlabel(tr("epoch", "轮次"))
ax_acc.set_ylabel(tr("accuracy (%)", "准确率（%）"))
ax_acc.set_ylim(50, 101)
ax_acc.set_title(tr("Training (thin) and test (thick)", "训练（细线）与测试（粗线）"))
ax_acc.legend(loc="lower right")
width = 0.27
positions = np.arange(len(groups))
for k, (name, ratios) in enumerate(shrink.items()):
    ax_w.bar(positions + (k - 1) * width, ratios, width, color=f"C{k}", label=names[name])
ax_w.set_xticks(positions, list(groups), fontsize="small")
ax_w.set_ylabel(tr("RMS after / before training", "训练后 / 训练前的均方根"))
ax_w.set_ylim(0, 1.3)
ax_w.set_title(tr("How much of the weights is left", "权重还剩下多少"))
ax_w.legend(loc="upper right", fontsize="small", ncols=3)
show()
