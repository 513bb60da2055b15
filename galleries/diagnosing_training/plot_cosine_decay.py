"""
Cosine decay with warm-up ‖ 带预热的余弦衰减
============================================

.. only:: lang_en

   The learning-rate experiment of :ref:`sphx_glr_gallery_optimizers_plot_lr_schedules.py`
   once more, with a third decay after the same warm-up: the rate falls along half a cosine
   from its peak to 0 at the last iteration (:class:`~nnbook.optimizers.CosineDecay`). We
   compare it with the step and the exponential decay of that script.

.. only:: lang_zh

   把 :ref:`sphx_glr_gallery_optimizers_plot_lr_schedules.py` 里的学习率实验再做一遍，
   在同样的预热之后换上第三种衰减：学习率沿半个余弦从峰值降到最后一次迭代时的 0
   （:class:`~nnbook.optimizers.CosineDecay`）。我们把它和那个脚本里的阶梯衰减、指数衰减
   放在一起比较。
"""

# %%
# .. only:: lang_en
#
#    The settings are those of the optimizer chapter: a :class:`~nnbook.nets.TwoLayerNet`
#    with 50 ReLU units and He initialization, plain SGD with a peak learning rate of 1.0
#    reached by a linear warm-up over 200 iterations, 2 000 updates with mini-batches of 100,
#    the same initial weights and the same mini-batches for every run. The cosine decay takes
#    the 1 800 iterations after the warm-up, ``LinearWarmup(CosineDecay(1.0, 1800), 200)``.
#    :func:`nnbook.experiments.train_with_schedules`, the function of the optimizer chapter's
#    script, makes the runs. The step and exponential decays are that chapter's runs, which
#    come from the cache; its keyword ``schedules`` asks for the cosine decay alone (every run
#    starts afresh from the seed, so it is the run it would be beside the others). The
#    schedule is a callable object that maps the iteration to a learning rate:
#
# .. only:: lang_zh
#
#    设置沿用优化器一章：一个 :class:`~nnbook.nets.TwoLayerNet`\ ，50 个 ReLU 单元，
#    He 初始化；朴素 SGD，峰值学习率 1.0，用 200 次迭代线性预热达到；用 100 张图像的小批量
#    更新 2 000 次，每次训练的初始权重和小批量都相同。余弦衰减占用预热之后的 1 800 次迭代，
#    即 ``LinearWarmup(CosineDecay(1.0, 1800), 200)``。这几次训练由优化器一章脚本所用的函数
#    :func:`nnbook.experiments.train_with_schedules` 完成。阶梯衰减和指数衰减就是那一章的
#    两次训练，直接取自缓存；余弦衰减则用关键字参数 ``schedules`` 单独要来（每次训练都从
#    同一个种子重新开始，所以它和与其他调度一起训练时完全一样）。调度是一个把迭代次数映射为
#    学习率的可调用对象：
#
# .. nnbook-code:: nnbook.optimizers.CosineDecay

from nnbook.experiments import train_with_schedules
from nnbook.plotting import show, subplots, tr
from nnbook.util import cached, smooth_curve

settings = {
    "peak_lr": 1.0, "warmup": 200, "decay_at": 1000, "iterations": 2000, "batch_size": 100,
    "seed": 0,
}  # fmt: skip
decays = cached("mnist_lr_schedules", train_with_schedules, **settings)  # the optimizer chapter
cosine = cached(
    "diagnosing_cosine", train_with_schedules, schedules=("warmup_cosine",), **settings
)
results = {"warmup_step": decays["warmup_step"], "warmup_exp": decays["warmup_exp"], **cosine}
for name, result in results.items():
    print(
        f"{name:14s} loss over the last 100 iterations {result['loss'][-100:].mean():.4f}, "
        f"mean learning rate {result['lr'].mean():.3f}, test accuracy {result['test_acc']:.4f}"
    )

# %%
# .. only:: lang_en
#
#    **Left**, the three schedules. The cosine stays near the peak longer than the exponential
#    decay, passes 0.5 half way through the decay, at iteration 1 100, and approaches 0 slowly
#    at the end; its mean rate is about that of the step decay. **Right**, the mini-batch loss
#    (moving average over 51 iterations). The three runs are the same up to iteration 200; the
#    cosine run ends with the lowest loss, but its test accuracy is not higher: the three end
#    within a few tenths of a percentage point of each other.
#
# .. only:: lang_zh
#
#    **左图**\ 是三种调度。余弦衰减在峰值附近停留得比指数衰减久，衰减到一半时（第 1 100
#    次迭代）经过 0.5，到最后缓缓趋近 0；它的平均学习率与阶梯衰减相当。
#    **右图**\ 是小批量损失（51 次迭代的移动平均）。三次训练在第 200 次迭代之前完全相同；
#    余弦衰减的损失最后最低，测试准确率却没有更高：三者最后相差不过零点几个百分点。

names = {
    "warmup_step": tr("warm-up + step decay", "预热 + 阶梯衰减"),
    "warmup_exp": tr("warm-up + exponential decay", "预热 + 指数衰减"),
    "warmup_cosine": tr("warm-up + cosine decay", "预热 + 余弦衰减"),
}
styles = {"warmup_step": "--", "warmup_exp": "-.", "warmup_cosine": "-"}
fig, (ax_lr, ax_loss) = subplots(1, 2, name="diagnosing-cosine", figsize=(9.6, 3.8))
for name, result in results.items():
    ax_lr.plot(result["lr"], linestyle=styles[name], label=names[name])
    ax_loss.plot(
        smooth_curve(result["loss"], window=51), linestyle=styles[name], label=names[name]
    )
ax_lr.set_xlabel(tr("iteration", "迭代次数"))
ax_lr.set_ylabel(tr("learning rate η", "学习率 η"))
ax_lr.set_ylim(0, 1.1)
ax_lr.set_title(tr("Three decays after a warm-up", "预热之后的三种衰减"))
ax_lr.legend(fontsize="small")
ax_loss.set_xlabel(tr("iteration", "迭代次数"))
ax_loss.set_ylabel(tr("mini-batch loss (moving average)", "小批量损失（移动平均）"))
ax_loss.set_yscale("log")
ax_loss.set_title(tr("SGD on MNIST, peak rate 1.0", "MNIST 上的 SGD，峰值学习率 1.0"))
show()
