"""
An ensemble of five networks ‖ 五个网络的集成
=============================================

.. only:: lang_en

   Five networks, identical but for the random numbers they start from, each trained on the
   same 300 images until it overfits. Each makes its own mistakes on new images; averaging
   their outputs cancels part of them. This is ensemble learning in its simplest form.

.. only:: lang_zh

   五个网络，除了初始化所用的随机数之外一模一样，各自在同样的 300 张图像上训练，直到过拟合。
   每个网络在新图像上犯的错误各不相同；把它们的输出平均起来，就能抵消其中一部分。这就是最简单
   形式的集成学习。
"""

# %%
# .. only:: lang_en
#
#    The members are five runs of :func:`nnbook.experiments.train_small_mnist`, the function of
#    the overfitting script, with the seeds 0 to 4 and no regularization; seed 0 is the run of the
#    overfitting script itself. The seed sets the initial weights and the order of the
#    mini-batches. Each run returns the scores its trained network gives the 2 000 test images;
#    the ensemble turns every member's scores into probabilities with softmax and averages them.
#
# .. only:: lang_zh
#
#    集成的成员是 :func:`nnbook.experiments.train_small_mnist`\ （过拟合脚本所用的函数）的
#    五次运行，种子为 0 到 4，不加任何正则化；种子 0 那一次就是过拟合脚本本身的训练。
#    种子决定初始权重和小批量的顺序。
#    每次运行都返回训练好的网络对 2 000 张测试图像给出的得分；集成用 softmax 把每个成员的得分变成概
#    率，再取平均。
#
# .. nnbook-code:: nnbook.experiments.train_small_mnist

import numpy as np

from nnbook.datasets import load_mnist
from nnbook.experiments import train_small_mnist
from nnbook.functions import softmax
from nnbook.plotting import show, subplots, tr
from nnbook.util import cached

settings = {"n_train": 300, "n_test": 2_000, "epochs": 200, "lr": 0.01}
members = [
    cached(
        "small_mnist",
        train_small_mnist,
        weight_decay=0.0,
        dropout_ratio=0.0,
        seed=seed,
        **settings,
    )
    for seed in range(5)
]
_, (_, t_test) = load_mnist()
t_test = t_test[members[0]["test_idx"]]  # the same 2 000 test images for every member
probs = [softmax(member["test_scores"]) for member in members]
member_acc = [float(np.mean(p.argmax(axis=1) == t_test)) for p in probs]
ensemble_acc = [
    float(np.mean(np.mean(probs[:k], axis=0).argmax(axis=1) == t_test)) for k in range(1, 6)
]
for seed, acc in enumerate(member_acc):
    print(f"network {seed}: {100 * acc:.1f} %")
print(f"mean of the five:    {100 * np.mean(member_acc):.1f} %")
print(f"ensemble of the five: {100 * ensemble_acc[-1]:.1f} %")

# %%
# .. only:: lang_en
#
#    The five networks alone (left) score within a few points of each other. The ensemble of all
#    five is better than every one of them, and better than their mean by several points. The right
#    panel adds the members one at a time: each of the first ones helps, the last adds little. It
#    is the same effect as in the dropout experiment, where the average of many thinned networks
#    beat any single one, only here the members are trained separately and cost five times the
#    work.
#
# .. only:: lang_zh
#
#    单独来看（左图），五个网络的得分彼此相差不过几个百分点。五个网络的集成比其中任何一个都好，
#    比它们的平均水平高出好几个百分点。右图把成员一个一个加进来：前面几个成员每加一个都有帮助，
#    最后一个就帮不了多少了。这和随机失活实验中的效果一样：许多个瘦身网络的平均胜过其中任何一个；
#    只不过这里的成员是分别训练的，要花五倍的工夫。

fig, (ax_m, ax_e) = subplots(1, 2, name="regularization-ensemble", figsize=(9.0, 3.6), sharey=True)
ax_m.bar(np.arange(5), 100 * np.array(member_acc), color="C0")
ax_m.axhline(
    100 * np.mean(member_acc),
    color="0.3",
    linestyle=":",
    linewidth=1.2,
    label=tr("mean of the five", "五个网络的平均水平"),
)
ax_m.axhline(
    100 * ensemble_acc[-1],
    color="C3",
    linestyle="--",
    label=tr("ensemble of the five", "五个网络的集成"),
)
ax_m.set_xlabel(tr("network (seed)", "网络（种子）"))
ax_m.set_ylabel(tr("test accuracy (%)", "测试准确率（%）"))
ax_m.set_ylim(60, 85)
ax_m.legend(loc="upper left")
ax_m.set_title(tr("Each network alone", "每个网络单独测试"))
ax_e.plot(np.arange(1, 6), 100 * np.array(ensemble_acc), marker="o", color="C3")
ax_e.set_xticks(np.arange(1, 6))
ax_e.set_xlabel(tr("networks in the ensemble", "集成中的网络个数"))
ax_e.set_title(tr("Ensemble of the first k networks", "前 k 个网络的集成"))
show()
