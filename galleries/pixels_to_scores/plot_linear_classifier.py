"""
A linear classifier on MNIST ‖ MNIST 上的线性分类器
===================================================

.. only:: lang_en

   The score function :math:`s = W x + b` gives every digit class one score, a weighted sum of
   the 784 pixels. We learn :math:`W` and :math:`b` on the 60 000 MNIST training images twice,
   once with the softmax and cross-entropy loss and once with the multiclass SVM (hinge) loss,
   with plain SGD on mini-batches of 100 (:class:`~nnbook.nets.LinearClassifier`).

.. only:: lang_zh

   得分函数 :math:`s = W x + b` 给每个数字类别打一个分，这个分是 784 个像素的加权和。
   我们在 MNIST 的 60 000 张训练图像上学习 :math:`W` 和 :math:`b`，学两遍：一遍用 softmax
   加交叉熵误差，一遍用多类 SVM 损失（合页损失），都用朴素 SGD，批大小为 100
   （:class:`~nnbook.nets.LinearClassifier`）。
"""

# %%
# .. only:: lang_en
#
#    :func:`nnbook.experiments.train_linear_classifiers` runs the loop: in every epoch it visits
#    the training images in a fresh random order, and on each mini-batch every classifier's
#    trainer computes the gradient of its loss and takes one step of SGD
#    (:meth:`~nnbook.trainer.Trainer.train_step`). Both classifiers start from the same small
#    random weights and see the same mini-batches. It is called through
#    :func:`nnbook.util.cached`, so that the script, the chapter page and both languages share
#    one run.
#
# .. only:: lang_zh
#
#    循环由 :func:`nnbook.experiments.train_linear_classifiers` 执行：它在每一轮里按新的随机
#    顺序遍历训练图像；在每个小批量上，每个分类器的训练器计算自己损失的梯度，走一步 SGD
#    （:meth:`~nnbook.trainer.Trainer.train_step`）。两个分类器从相同的很小的随机权重出发，
#    看到的是相同的小批量。它通过 :func:`nnbook.util.cached` 调用，脚本、本章页面和两种语言
#    共用同一次训练。
#
# .. nnbook-code:: nnbook.experiments.train_linear_classifiers

import numpy as np

from nnbook.datasets import load_mnist
from nnbook.experiments import train_linear_classifiers
from nnbook.plotting import show, subplots, tr
from nnbook.util import cached

rates = {"softmax": 0.5, "hinge": 0.1}
runs = cached(
    "pixels_linear", train_linear_classifiers, rates=rates, weight_decay=1e-3, epochs=5, seed=0
)
for loss, run in runs.items():
    print(
        f"{loss:7s} loss: training accuracy {run['train_acc']:.4f}, "
        f"test accuracy {run['test_acc']:.4f}"
    )

# %%
# .. only:: lang_en
#
#    **Templates.** The score of class :math:`k` is the dot product of the image with the
#    :math:`k`-th row of :math:`W` (stored as the column ``W[:, k]`` of the library's
#    :math:`x W + b`). Shown as 28 × 28 images, the rows look like blurred digits: positive
#    weights (red) where the class's strokes usually are, negative ones (blue) where the strokes
#    of other classes are. Each row is one *template* that the image is compared with.
#
# .. only:: lang_zh
#
#    **模板。** 类别 :math:`k` 的得分是图像与 :math:`W` 第 :math:`k` 行的点积（在本库的
#    :math:`x W + b` 写法中存成列 ``W[:, k]``\ ）。把每一行画成 28 × 28 的图像，看起来像模糊的
#    数字：这个类别的笔画通常所在的位置，权重为正（红色）；其他类别的笔画所在的位置，权重为负
#    （蓝色）。每一行都是一个\ *模板*\ ，图像要和它逐一比较。

fig, axes = subplots(2, 10, name="pixels-templates", figsize=(9.6, 2.6))
for row, (loss, title) in enumerate(
    [("softmax", tr("softmax", "softmax")), ("hinge", tr("hinge", "合页"))]
):
    W = runs[loss]["W"]
    limit = np.abs(W).max()
    for k, ax in enumerate(axes[row]):
        ax.imshow(W[:, k].reshape(28, 28), cmap="RdBu_r", vmin=-limit, vmax=limit)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.spines[:].set_visible(False)
        ax.set_title(f"{k}" if row == 0 else "", fontsize="small")
    axes[row][0].set_ylabel(title)
fig.suptitle(tr("The ten rows of W as 28 × 28 images", "W 的十行，画成 28 × 28 的图像"))
show()

# %%
# .. only:: lang_en
#
#    **What one template cannot do.** A linear classifier gets about nine test digits in ten
#    right, and the rest show its limit: a class has one template, but a digit can be written
#    in several ways (a 7 with or without a bar, a 4 open or closed at the top), and a slanted or
#    shifted digit puts its strokes where the template expects another class. Below are the
#    first test images the softmax classifier gets wrong, with the true and the predicted class.
#
# .. only:: lang_zh
#
#    **一个模板做不到的事。** 线性分类器在测试集上大约十个数字能认对九个，剩下的那些正好
#    暴露了它的局限：每个类别只有一个模板，可一个数字有好几种写法（7 的中间有没有一横，
#    4 的顶上是开口还是封口），写斜了或写偏了的数字又会把笔画落在模板预期属于别的类别的位置。
#    下面是 softmax 分类器认错的前几张测试图像，标出了真实类别和预测类别。

(_, _), (x_test, t_test) = load_mnist()
wrong = np.flatnonzero(runs["softmax"]["test_pred"] != t_test)[:10]
fig, axes = subplots(1, 10, name="pixels-linear-mistakes", figsize=(9.6, 1.6))
for ax, i in zip(axes, wrong, strict=True):
    ax.imshow(x_test[i].reshape(28, 28), cmap="gray_r")
    ax.set_axis_off()
    ax.set_title(f"{t_test[i]} → {runs['softmax']['test_pred'][i]}", fontsize="small")
fig.suptitle(tr("Misclassified test images: true → predicted", "认错的测试图像：真实 → 预测"))
show()
