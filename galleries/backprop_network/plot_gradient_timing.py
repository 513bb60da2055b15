"""
Backpropagation against the numerical gradient: measured time ‖ 误差反向传播法与数值梯度的实测耗时
=================================================================================================

.. only:: lang_en

   How long does one gradient of the 784-50-10 ReLU :class:`~nnbook.nets.TwoLayerNet` take on a
   mini-batch of 100 MNIST images, by backpropagation and by central differences? The times are
   measured on the machine that builds the book, every time it is built, so the figure differs
   from build to build (and is the one figure the book's reproducibility check leaves out).

.. only:: lang_zh

   对 784-50-10 的 ReLU 网络 :class:`~nnbook.nets.TwoLayerNet`，
   在一个 100 张 MNIST 图像的小批量上，用误差反向传播法和用中心差分各求一次梯度，分别要多长时间？
   这些时间是构建本书的机器在每次构建时实测的，所以这张图每次构建都不一样
   （它也是本书的可复现性检查唯一跳过的一张图）。
"""

# %%
# .. only:: lang_en
#
#    **What is measured.** A forward pass (the loss of the mini-batch) and a backpropagation
#    gradient are each timed 21 times, and the median is kept, since a single run of a few
#    milliseconds is at the mercy of whatever else the computer is doing. A full numerical
#    gradient needs 2 × 39 760 = 79 520 forward passes, several minutes on a busy machine: too
#    slow to run in every build. We therefore time the numerical gradient of one parameter
#    array, ``W2`` with its 500 entries (1 000 forward passes), and extrapolate to all 39 760
#    parameters; this is timed three times and the median kept as well. The extrapolation is
#    fair because every partial derivative costs the same two forward passes through the whole
#    network, whichever parameter is nudged. The library function
#    :func:`nnbook.experiments.time_gradients` makes these measurements.
#
# .. only:: lang_zh
#
#    **测量什么。** 正向传播（求小批量的损失）和用误差反向传播法求梯度各计时 21 次，取中位数：
#    一次只需几毫秒的运算，单次测量很容易受到电脑上其他任务的干扰。完整的数值梯度需要
#    2 × 39 760 = 79 520 次正向传播，在繁忙的机器上要好几分钟，不适合每次构建都跑一遍。
#    因此我们只对一个参数数组 ``W2``\ （500 个元素，1 000 次正向传播）计时求数值梯度，
#    再按比例外推到全部 39 760 个参数；这一项计时三次，同样取中位数。这样外推是合理的：
#    无论扰动哪个参数，每个偏导数的代价都是同样的两次完整的正向传播。这些测量由库函数
#    :func:`nnbook.experiments.time_gradients` 完成。
#
# .. nnbook-code:: nnbook.experiments.time_gradients

from nnbook.experiments import time_gradients
from nnbook.plotting import show, subplots, tr
from nnbook.util import cached

timing = cached(
    "backprop_gradient_timing",
    time_gradients,
    batch_size=100,
    runs=21,
    numerical_runs=3,
    seed=0,
)
print(f"one forward pass:          {1e3 * timing['forward']:9.2f} ms")
print(f"backprop gradient:         {1e3 * timing['backprop']:9.2f} ms")
print(f"numerical gradient of W2:  {timing['numerical_W2']:9.2f} s  ({timing['n_W2']} entries)")
print(f"numerical, extrapolated:   {timing['numerical']:9.1f} s  ({timing['n_params']} entries)")
print(f"ratio numerical/backprop:  {timing['numerical'] / timing['backprop']:9.0f}")

# %%
# .. only:: lang_en
#
#    The bars are drawn on a logarithmic scale: on a linear one, the forward pass and the
#    backpropagation gradient would be invisible next to the numerical gradient. A
#    backpropagation gradient costs a small multiple of one forward pass — a forward pass, a
#    backward pass of about the same work, and the bookkeeping of both — while the numerical
#    gradient costs tens of thousands of them.
#
# .. only:: lang_zh
#
#    柱状图采用对数尺度：如果用线性尺度，正向传播和误差反向传播法的柱子在数值梯度旁边会完全看不见。
#    用误差反向传播法求一次梯度的代价只是一次正向传播的几倍
#    （一次正向传播、一次计算量相近的反向传播，再加上两者的簿记开销），
#    而数值梯度的代价是正向传播的好几万倍。

labels = [
    tr("one forward pass", "一次正向传播"),
    tr("backprop gradient", "误差反向传播法求梯度"),
    tr("numerical gradient\n(extrapolated)", "数值梯度\n（外推）"),
]
seconds = [timing["forward"], timing["backprop"], timing["numerical"]]
fig, ax = subplots(name="backprop-network-timing", figsize=(6.4, 4.0))
bars = ax.bar(labels, seconds, color=["0.6", "C0", "C1"], width=0.6)
for bar, value in zip(bars, seconds, strict=True):
    text = f"{1e3 * value:.2f} ms" if value < 1 else f"{value:.0f} s"
    ax.text(bar.get_x() + bar.get_width() / 2, value * 1.3, text, ha="center", va="bottom")
ax.set_yscale("log")
ax.set_ylim(min(seconds) / 5, max(seconds) * 20)
ax.set_ylabel(tr("time (s, log scale)", "时间（秒，对数尺度）"))
ax.set_title(
    tr(
        "One gradient of TwoLayerNet on 100 images (this build)",
        "在 100 张图像上求 TwoLayerNet 的一次梯度（本次构建）",
    )
)
show()
