r"""
Activations of five layers at initialization ‖ 初始化时五层网络的激活值
=======================================================================

.. only:: lang_en

   The experiment of Saitoh's *Deep Learning from Scratch*: 1 000 random inputs with 100
   features each pass through five fully connected layers of 100 units, with no bias, and we
   draw a histogram of what comes out of every layer. Only the standard deviation of the
   weights and the activation function change: sigmoid, ReLU and tanh, each with several scales.
   :func:`nnbook.init.layer_activations` runs the layers.

.. only:: lang_zh

   斋藤康毅《深度学习入门》中的实验：1 000 个随机输入（每个 100 个特征）依次通过五个
   各有 100 个单元、没有偏置的全连接层，我们为每一层的输出画一个直方图。
   变化的只有权重的标准差和激活函数：sigmoid、ReLU 和 tanh，各试几种尺度。
   各层的计算由 :func:`nnbook.init.layer_activations` 完成。
"""

# %%
# .. only:: lang_en
#
#    The inputs are drawn from a standard normal distribution with seed 0, the weights of every
#    configuration with seed 1. "Xavier" means a standard deviation of :math:`1/\sqrt{n}` and
#    "He" one of :math:`\sqrt{2/n}`, where :math:`n = 100` is the number of inputs of a layer; a
#    number is the standard deviation itself.
#
# .. only:: lang_zh
#
#    输入从标准正态分布中抽取，种子为 0；每种配置的权重都用种子 1 抽取。“Xavier”表示标准差为
#    :math:`1/\sqrt{n}`，“He”表示标准差为 :math:`\sqrt{2/n}`，其中 :math:`n = 100`
#    是一层的输入个数；直接写出的数字就是标准差本身。

import numpy as np

from nnbook.init import layer_activations
from nnbook.plotting import show, subplots, tr

x = np.random.default_rng(0).standard_normal((1000, 100))
configs = {
    "sigmoid": [1.0, 0.01, "xavier"],
    "relu": [0.01, "xavier", "he"],
    "tanh": [1.0, 0.01, "xavier"],
}
outputs = {
    (activation, method): layer_activations(x, method, activation=activation, rng=1)
    for activation, methods in configs.items()
    for method in methods
}
for (activation, method), layers in outputs.items():
    stds = " ".join(f"{z.std():.3f}" for z in layers)
    print(f"{activation:7s} {method!s:7s} std of the outputs of layers 1-5: {stds}")

# %%
# .. only:: lang_en
#
#    **Sigmoid.** With standard deviation 1 the outputs pile up at 0 and 1, where the sigmoid is
#    flat: its derivative is nearly 0 there, so the gradient fades on its way back through the
#    layers (vanishing gradients). With 0.01 everything crowds around 0.5: all 100 units of a
#    layer say nearly the same thing, so the layer might as well be a single unit. Xavier's
#    scale keeps the outputs spread out in every layer.
#
# .. only:: lang_zh
#
#    **Sigmoid。** 标准差为 1 时，输出都挤在 0 和 1 两端，那里 sigmoid 几乎是平的：
#    导数接近 0，梯度在反向穿过各层时越来越弱（梯度消失）。标准差为 0.01 时，
#    所有输出都挤在 0.5 附近：一层的 100 个单元说的几乎是同一件事，这一层和只有一个单元差不多。
#    Xavier 的尺度让每一层的输出都保持分散。

titles = {1.0: "σ = 1", 0.01: "σ = 0.01", "xavier": "Xavier", "he": "He"}


def draw(activation, value_range):
    """One row of histograms per weight scale, one column per layer."""
    methods = configs[activation]
    fig, axes = subplots(
        len(methods),
        5,
        name=f"weight-init-{activation}",
        figsize=(10.0, 1.9 * len(methods) + 0.5),
        sharey="row",
    )
    for row, method in zip(axes, methods, strict=True):
        for i, (ax, z) in enumerate(zip(row, outputs[activation, method], strict=True)):
            values = z.ravel()
            if activation == "relu":
                values = values[values > 0]  # half the outputs are exactly 0; leave them out
            ax.hist(values, bins=30, range=value_range, color="C0")
            ax.set_yticks([])
            if row is axes[0]:
                ax.set_title(tr(f"layer {i + 1}", f"第 {i + 1} 层"))
        row[0].set_ylabel(titles[method])
    for ax in axes[-1]:
        ax.set_xlabel(tr("activation", "激活值"))
    return fig


fig = draw("sigmoid", (0, 1))
fig.suptitle(tr("Sigmoid: outputs of five layers", "sigmoid：五层的输出"))

# %%
# .. only:: lang_en
#
#    **ReLU.** Half of every layer's outputs are exactly 0; the histograms show only the
#    positive ones, on a common scale. With 0.01 they shrink by a factor of about 14 per layer
#    and from layer 2 on all fall into the first bin, next to 0. With Xavier's scale they shrink
#    more slowly, by about :math:`\sqrt{2}` per layer, because ReLU zeroes half of the signal.
#    He's scale, larger by exactly that :math:`\sqrt{2}`, keeps them the same size in every
#    layer.
#
# .. only:: lang_zh
#
#    **ReLU。** 每一层都有一半的输出恰好是 0；直方图只画正的输出，横轴尺度统一。
#    标准差为 0.01 时，输出每过一层大约缩小为 1/14，从第 2 层起全部落在紧挨 0 的第一个区间里。
#    用 Xavier 的尺度，输出缩小得慢一些，每层大约缩小为 :math:`1/\sqrt{2}`，
#    因为 ReLU 把一半的信号置零了。He 的尺度恰好比 Xavier 大 :math:`\sqrt{2}` 倍，
#    让每一层的输出保持同样的大小。

fig = draw("relu", (0, 3))
fig.suptitle(tr("ReLU: positive outputs of five layers", "ReLU：五层的正输出"))

# %%
# .. only:: lang_en
#
#    **tanh.** The same three scales as for the sigmoid. Standard deviation 1 saturates at
#    :math:`\pm 1`, 0.01 collapses onto 0, and Xavier's scale spreads the outputs of layer 1 over
#    the whole range and then gives bell shapes centred on 0 that narrow slowly.
#
# .. only:: lang_zh
#
#    **tanh。** 和 sigmoid 一样试三种尺度。标准差为 1 时输出饱和在 :math:`\pm 1`，
#    0.01 时全部缩到 0 附近；Xavier 的尺度让第 1 层的输出铺满整个区间，
#    之后各层是以 0 为中心、缓慢变窄的钟形分布。

fig = draw("tanh", (-1, 1))
fig.suptitle(tr("tanh: outputs of five layers", "tanh：五层的输出"))
show()
