"""
MNIST digits and their labels ‖ MNIST 手写数字及其标签
======================================================

.. only:: lang_en

   Three digits of every class, drawn at random from the 60 000 training images of MNIST,
   each with its label. The same digit comes in many shapes: this variety is what a
   classifier has to learn from the data, because no short rule describes it.

.. only:: lang_zh

   从 MNIST 的 60 000 张训练图像中，为每个类别随机抽取三张，连同标签一起画出来。
   同一个数字可以写成各种样子；正是这种多样性，很难用几条简单的规则描述，
   只能让分类器从数据中学出来。
"""

# %%
# .. only:: lang_en
#
#    :func:`nnbook.datasets.load_mnist` with ``flatten=False`` returns every image as a
#    28 × 28 array of grey values between 0 (white paper) and 1 (black ink). For each class
#    we pick three of its training images with a seeded random generator, so every run of
#    the script shows the same digits.
#
# .. only:: lang_zh
#
#    调用 :func:`nnbook.datasets.load_mnist` 时传入 ``flatten=False``，每张图像就是一个
#    28 × 28 的数组，灰度值在 0（白纸）到 1（黑色墨迹）之间。对每个类别，
#    我们用固定种子的随机数生成器挑出它的三张训练图像，因此每次运行脚本看到的都是同样的数字。

import numpy as np

from nnbook.datasets import load_mnist
from nnbook.plotting import show, subplots, tr

(x_train, t_train), _ = load_mnist(normalize=True, flatten=False)
rng = np.random.default_rng(0)
per_class = 3
chosen = np.stack(
    [rng.choice(np.flatnonzero(t_train == k), size=per_class, replace=False) for k in range(10)],
    axis=1,
)  # shape (per_class, 10): column k holds images of the digit k

# %%
# .. only:: lang_en
#
#    Each column holds one class, and the title above every image is its label from the
#    data set. Look at how differently the same digit is written: slanted or upright, thick
#    or thin, a 7 with or without a bar through it.
#
# .. only:: lang_zh
#
#    每一列是一个类别，每张图上方的标题是它在数据集中的标签。留意同一个数字的不同写法：
#    有的倾斜、有的端正，有的笔画粗、有的细，7 的中间有的加了一横、有的没有。

fig, axes = subplots(per_class, 10, name="mnist-samples", figsize=(9.0, 3.4))
for ax, index in zip(axes.flat, chosen.flat, strict=True):
    ax.imshow(x_train[index, 0], cmap="gray_r", vmin=0.0, vmax=1.0)
    ax.set_title(tr(f"label {t_train[index]}", f"标签 {t_train[index]}"), fontsize="small")
    ax.set_axis_off()
fig.suptitle(tr("Training images of MNIST, three per class", "MNIST 训练图像，每类三张"))
show()
