"""
Softmax and hinge loss on three images ‖ 三张图像上的 softmax 与合页损失
=========================================================================

.. only:: lang_en

   A linear classifier has scored three images — a cat, a car and a frog — for the three
   classes cat, car and frog. The same scores give two different losses: the cross-entropy of
   their softmax probabilities, and the multiclass SVM (hinge) loss, whose per-image values
   2.9, 0 and 12.9 are the worked example of the book.

.. only:: lang_zh

   一个线性分类器为三张图像（一只猫、一辆汽车、一只青蛙）在猫、汽车、青蛙三个类别上打了分。
   同一组得分可以算出两种不同的损失：一种是 softmax 概率的交叉熵，另一种是多类别 SVM
   损失（合页损失），后者在三张图像上的值 2.9、0 和 12.9 正是书中的例题。
"""

# %%
# .. only:: lang_en
#
#    Row :math:`i` of ``scores`` holds the three class scores of image :math:`i`, and
#    ``labels[i]`` its correct class. :func:`nnbook.functions.softmax` turns every row into
#    probabilities, :func:`nnbook.functions.cross_entropy_error` takes the negative log of the
#    probability of the correct class, and :func:`nnbook.functions.hinge_loss` adds up, over the
#    wrong classes, how far each score comes within the margin Δ = 1 of the correct score.
#
# .. only:: lang_zh
#
#    ``scores`` 的第 :math:`i` 行是第 :math:`i` 张图像在三个类别上的得分，``labels[i]``
#    是它的正确类别。:func:`nnbook.functions.softmax` 把每一行变成概率，
#    :func:`nnbook.functions.cross_entropy_error` 取正确类别概率的负对数，
#    :func:`nnbook.functions.hinge_loss` 则对每个错误类别，计算它的得分比“正确得分减去间隔
#    Δ = 1”高出多少，再把这些超出量加起来。

import numpy as np

from nnbook.functions import cross_entropy_error, hinge_loss, softmax
from nnbook.plotting import show, subplots, tr

classes = [tr("cat", "猫"), tr("car", "汽车"), tr("frog", "青蛙")]
scores = np.array([[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]])
labels = np.array([0, 1, 2])

probabilities = softmax(scores)
ce = np.array([cross_entropy_error(p, t) for p, t in zip(probabilities, labels, strict=True)])
hinge = hinge_loss(scores, labels, reduce=False)
print("hinge loss per image:  ", hinge.round(6))
print("cross-entropy per image:", ce.round(4))

# %%
# .. only:: lang_en
#
#    The top row shows the scores of each image, the correct class in orange. The dashed line
#    lies one margin below the correct score: every wrong score above it adds to the hinge loss.
#    The car's correct score beats the others by more than the margin, so its hinge loss is 0;
#    the frog's correct score is the lowest of all, and both wrong scores cross the line by a
#    lot. The bottom row shows the softmax probabilities. They never reach exactly 0 or 1, so
#    the cross-entropy of the car is small but not 0.
#
# .. only:: lang_zh
#
#    上排是每张图像的得分，正确类别用橙色标出。虚线位于正确得分下方一个间隔处：
#    凡是高过这条线的错误得分，都会计入合页损失。汽车的正确得分比其他得分高出不止一个间隔，
#    所以它的合页损失为 0；青蛙的正确得分是三个得分中最低的，两个错误得分都远远越过了虚线。
#    下排是 softmax 概率，它永远不会恰好等于 0 或 1，所以汽车的交叉熵虽小，却不为 0。

fig, axes = subplots(2, 3, name="worked-losses", figsize=(8.0, 5.4), sharey="row")
positions = np.arange(len(classes))
for i, label in enumerate(labels):
    colours = ["tab:orange" if k == label else "tab:blue" for k in positions]
    ax_s, ax_p = axes[0, i], axes[1, i]
    ax_s.bar(positions, scores[i], color=colours)
    ax_s.axhline(scores[i, label] - 1.0, color="black", linestyle="--", linewidth=1.2)
    ax_s.axhline(0.0, color="gray", linewidth=0.8)
    ax_s.set_title(
        tr(
            f"image: {classes[label]}, hinge loss {hinge[i]:.1f}",
            f"图像：{classes[label]}，合页损失 {hinge[i]:.1f}",
        )
    )
    ax_p.bar(positions, probabilities[i], color=colours)
    ax_p.set_title(tr(f"cross-entropy {ce[i]:.2f}", f"交叉熵 {ce[i]:.2f}"))
    for ax in (ax_s, ax_p):
        ax.set_xticks(positions, classes)
    ax_p.set_xlabel(tr("class", "类别"))
axes[0, 0].set_ylabel(tr("score", "得分"))
axes[1, 0].set_ylabel(tr("softmax probability", "softmax 概率"))
axes[1, 0].set_ylim(0.0, 1.0)
fig.suptitle(
    tr(
        "Orange: the correct class. Dashed: the correct score minus the margin Δ = 1",
        "橙色：正确类别；虚线：正确得分减去间隔 Δ = 1",
    )
)
show()

# %%
# .. only:: lang_en
#
#    Side by side, the per-image losses. Both losses rank the images the same way, from the
#    car (nearly right) to the frog (badly wrong), but on different scales: the hinge loss is
#    exactly 0 once the margin is met and grows linearly with the scores, while the
#    cross-entropy is never 0 and grows like the negative logarithm of a probability.
#
# .. only:: lang_zh
#
#    把每张图像的两种损失并排画出。两种损失对三张图像的排序相同，从几乎正确的汽车到错得离谱的青蛙；
#    但尺度不同：一旦满足间隔，合页损失就恰好为 0，否则随得分线性增长；交叉熵则永远不为 0，
#    随概率的负对数增长。

fig, ax = subplots(name="worked-losses-compared", figsize=(6.4, 3.6))
width = 0.38
ax.bar(positions - width / 2, hinge, width, label=tr("hinge loss", "合页损失"))
ax.bar(positions + width / 2, ce, width, label=tr("cross-entropy", "交叉熵"))
for x, h, c in zip(positions, hinge, ce, strict=True):
    ax.annotate(f"{h:.1f}", (x - width / 2, h), ha="center", va="bottom")
    ax.annotate(f"{c:.2f}", (x + width / 2, c), ha="center", va="bottom")
ax.set_xticks(positions, [tr(f"image: {c}", f"图像：{c}") for c in classes])
ax.set_ylabel(tr("loss", "损失"))
ax.set_title(tr("Loss of each image", "每张图像的损失"))
ax.legend()
show()
