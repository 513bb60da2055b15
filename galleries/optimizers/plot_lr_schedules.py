"""
Learning-rate decay and warm-up ‖ 学习率衰减与预热
==================================================

.. only:: lang_en

   A learning-rate schedule changes the learning rate as training goes on. We train the same
   two-layer ReLU network on MNIST four times with plain SGD and a large peak learning rate,
   1.0: at a constant rate, with a linear warm-up over the first 200 iterations, and with a
   warm-up followed by a step decay or by an exponential decay
   (:class:`~nnbook.optimizers.LinearWarmup`, :class:`~nnbook.optimizers.StepDecay`,
   :class:`~nnbook.optimizers.ExponentialDecay`).

.. only:: lang_zh

   学习率调度（learning-rate schedule）让学习率随训练的进行而变化。我们用朴素的 SGD
   和一个很大的峰值学习率 1.0，在 MNIST 上把同一个两层 ReLU 网络训练四遍：学习率保持不变；
   前 200 次迭代线性预热；预热之后阶梯衰减；预热之后指数衰减
   （:class:`~nnbook.optimizers.LinearWarmup`、:class:`~nnbook.optimizers.StepDecay`、
   :class:`~nnbook.optimizers.ExponentialDecay`）。
"""

# %%
# .. only:: lang_en
#
#    The network is a :class:`~nnbook.nets.TwoLayerNet` with 50 ReLU hidden units and He
#    initialization; every run makes 2 000 updates with mini-batches of 100 images, from the same
#    initial weights and with the same mini-batches. The step decay divides the rate by 10 every
#    800 iterations after the warm-up, at iterations 1 000 and 1 800; the exponential decay shrinks
#    it smoothly to a tenth by iteration 2 000. The library function
#    :func:`nnbook.experiments.train_with_schedules` makes the four runs and records the learning
#    rate of every iteration, the loss of every mini-batch, the test accuracy at the end, and the
#    fraction of "dead" hidden units: units whose ReLU outputs 0 for each of the first 1 000 test
#    images.
#
# .. only:: lang_zh
#
#    网络是一个 :class:`~nnbook.nets.TwoLayerNet`\ ：50 个 ReLU 隐藏单元，He 初始化。
#    每次训练都用 100 张图像的小批量更新 2 000 次，初始权重相同，小批量也相同。
#    阶梯衰减在预热之后每 800 次迭代把学习率除以 10，即在第 1 000 和第 1 800 次迭代；
#    指数衰减让学习率平滑地下降，到第 2 000 次迭代时降为十分之一。
#    库函数 :func:`nnbook.experiments.train_with_schedules` 完成这四次训练，
#    记录每次迭代的学习率、每个小批量的损失、训练结束时的测试准确率，以及“死掉”的隐藏单元
#    所占的比例：对前 1 000 张测试图像，ReLU 输出全都是 0 的单元。
#
# .. nnbook-code:: nnbook.experiments.train_with_schedules

from nnbook.experiments import train_with_schedules
from nnbook.plotting import show, subplots, tr
from nnbook.util import cached, smooth_curve

results = cached(
    "mnist_lr_schedules",
    train_with_schedules,
    peak_lr=1.0,
    warmup=200,
    decay_at=1000,
    iterations=2000,
    batch_size=100,
    seed=0,
)
for name, result in results.items():
    print(
        f"{name:12s} loss over the last 100 iterations {result['loss'][-100:].mean():.3f}, "
        f"test accuracy {result['test_acc']:.4f}, dead hidden units {result['dead']:.0%}"
    )

# %%
# .. only:: lang_en
#
#    **The schedules.** The learning rate of every iteration, as the four runs used it. Warm-up
#    climbs in a straight line from 1.0/200 to 1.0; the step decay drops by a factor of 10 at
#    once, twice; the exponential decay glides down to 0.1 at the end.
#
# .. only:: lang_zh
#
#    **四种调度。** 下图是四次训练实际使用的每次迭代的学习率。预热沿直线从 1.0/200 升到 1.0；
#    阶梯衰减两次一下子降为十分之一；指数衰减则平滑地滑落，最后到 0.1。

names = {
    "constant": tr("constant 1.0", "恒定 1.0"),
    "warmup": tr("warm-up, then 1.0", "预热，然后 1.0"),
    "warmup_step": tr("warm-up + step decay", "预热 + 阶梯衰减"),
    "warmup_exp": tr("warm-up + exponential decay", "预热 + 指数衰减"),
}
styles = {"constant": ":", "warmup": "-", "warmup_step": "--", "warmup_exp": "-."}
fig, ax = subplots(name="optimizers-schedules", figsize=(6.4, 3.4))
for name, result in results.items():
    ax.plot(result["lr"], linestyle=styles[name], label=names[name])
ax.set_xlabel(tr("iteration", "迭代次数"))
ax.set_ylabel(tr("learning rate η", "学习率 η"))
ax.set_ylim(0, 1.5)
ax.legend(loc="upper center", ncols=2)
ax.set_title(tr("Four learning-rate schedules", "四种学习率调度"))

# %%
# .. only:: lang_en
#
#    **Their effect.** At a constant 1.0 the first updates, made from random weights, are too
#    large: many hidden units die (they output 0 for every image and so never receive a
#    gradient again), and the network learns with what is left. The same peak rate reached
#    through a warm-up loses no units and ends at a lower loss: by the time the rate is large,
#    the weights have moved into a region where large steps are tolerated. Decaying the rate in
#    the second half lowers the loss further, because smaller steps bounce around less in the
#    noise of the mini-batch gradients.
#
# .. only:: lang_zh
#
#    **它们的效果。** 学习率一开始就是 1.0 时，从随机权重出发的最初几次更新步子太大：
#    许多隐藏单元死掉了（它们对每张图像都输出 0，从此再也得不到梯度），网络只能靠剩下的单元学习。
#    同样的峰值学习率，经过预热再达到，一个单元也没有损失，最终的损失也更低：等学习率变大时，
#    权重已经进入了一个能承受大步子的区域。后半程让学习率衰减，损失还会进一步降低，
#    因为小步子在小批量梯度的噪声中来回颠簸得更少。

fig, ax = subplots(name="optimizers-schedule-losses", figsize=(6.4, 4.0))
for name, result in results.items():
    ax.plot(
        smooth_curve(result["loss"], window=51),
        linestyle=styles[name],
        linewidth=1.5,
        label=names[name],
    )
ax.set_xlabel(tr("iteration", "迭代次数"))
ax.set_ylabel(tr("mini-batch loss (moving average)", "小批量损失（移动平均）"))
ax.set_yscale("log")
ax.legend(loc="center right")
ax.set_title(tr("SGD on MNIST, peak learning rate 1.0", "MNIST 上的 SGD，峰值学习率 1.0"))
show()
