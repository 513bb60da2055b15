"""
Early stopping ‖ 提前停止
=========================

.. only:: lang_en

   The overfitting experiment of :ref:`sphx_glr_gallery_regularization_plot_overfitting.py`
   (a network with six hidden layers learns 300 MNIST images with SGD for 200 epochs) with a
   validation set: 1 000 other training images, never trained on, on which the accuracy is
   measured after every epoch. Early stopping watches that accuracy and stops when it has not
   improved for a while; the network then gets back the weights of its best epoch.

.. only:: lang_zh

   把 :ref:`sphx_glr_gallery_regularization_plot_overfitting.py` 中的过拟合实验（一个有 6
   个隐藏层的网络用 SGD 学习 300 张 MNIST 图像，训练 200 个轮次）加上验证数据再做一遍：
   另外 1 000 张从不参与训练的训练图像，每个轮次结束后在它们上面测量准确率。提前停止盯着
   这个准确率，当它有一段时间不再提高时就停止训练，并把最好那个轮次的权重还给网络。
"""

# %%
# .. only:: lang_en
#
#    :func:`nnbook.experiments.train_small_mnist` takes the validation images from the end of
#    the training set (``n_val=1000``: images 59 000 to 59 999; the network learns images 0 to
#    299) and hands them to the :class:`~nnbook.trainer.Trainer` as the data it evaluates after
#    every epoch. With ``patience=20`` the Trainer stops when the validation accuracy has not
#    risen above its best for 20 epochs, and restores the parameters of the best epoch. Test
#    images play no part in the decision; the 2 000 test images of the regularization chapter
#    are used only once, at the end, to measure the network that is returned. We run the
#    experiment twice, with and without early stopping; the validation set changes nothing in
#    the training itself, so the two runs are the same up to the epoch where the first stops.
#
# .. only:: lang_zh
#
#    :func:`nnbook.experiments.train_small_mnist` 从训练集的末尾取出验证图像（``n_val=1000``\ ：
#    第 59 000 到 59 999 张；网络学习的是第 0 到 299 张），把它们交给
#    :class:`~nnbook.trainer.Trainer`\ ，作为每个轮次结束后评估的数据。取 ``patience=20`` 时，
#    验证准确率连续 20 个轮次没有超过此前的最好值，训练器就停下来，并恢复最好那个轮次的参数。
#    测试图像不参与这个决定：正则化一章的那 2 000 张测试图像只在最后用一次，测量返回的网络。
#    我们把实验做两遍，一遍提前停止，一遍不提前停止；验证数据丝毫不影响训练本身，
#    所以两次训练在前者停下之前完全相同。
#
# .. nnbook-code:: nnbook.experiments.train_small_mnist

import numpy as np

from nnbook.experiments import train_small_mnist
from nnbook.plotting import show, subplots, tr
from nnbook.util import cached

settings = {
    "n_train": 300,
    "n_test": 2_000,
    "epochs": 200,
    "lr": 0.01,
    "weight_decay": 0.0,
    "dropout_ratio": 0.0,
    "seed": 0,
    "n_val": 1_000,
}
full = cached("diagnosing_early_stopping", train_small_mnist, **settings)
stopped = cached("diagnosing_early_stopping", train_small_mnist, patience=20, **settings)
val_acc = 100 * np.array(full["history"].test_acc)  # the validation accuracy of every epoch
best_epoch = stopped["history"].best_epoch
stop_epoch = stopped["history"].stopped_epoch
print(
    f"best validation accuracy over 200 epochs: {val_acc.max():.1f} % (epoch {val_acc.argmax()})"
)
print(f"early stopping: best epoch {best_epoch}, stopped after epoch {stop_epoch}, ", end="")
print(f"validation accuracy {val_acc[best_epoch]:.1f} %")
print(f"test accuracy of the restored network:    {100 * stopped['test_acc']:.2f} %")
print(f"test accuracy after all 200 epochs:       {100 * full['test_acc']:.2f} %")

# %%
# .. only:: lang_en
#
#    **Left**, the training accuracy (pale) and the validation accuracy of the run without early
#    stopping. **Right**, the validation accuracy from epoch 60 on, with the best epoch early
#    stopping chose (dot) and the epoch after which it stopped (dashed line). On this setup the
#    validation accuracy does not fall once the 300 training images are learned (from epoch 100
#    on): it creeps up, by about one and a half points over the last hundred epochs. Early
#    stopping ends on a flat stretch of that slope, 36 epochs before the end, at a validation
#    accuracy 0.3 points below the best of all 200 epochs, and the restored network's test
#    accuracy differs from the full run's by one of the 2 000 test images: here it saves time,
#    not accuracy.
#
# .. only:: lang_zh
#
#    **左图**\ 是不提前停止那次训练的训练准确率（浅色）和验证准确率。
#    **右图**\ 是从第 60 个轮次起的验证准确率，圆点标出提前停止选中的最好轮次，虚线标出它在哪个
#    轮次之后停下。在这个设置下，300 张训练图像全部学会之后（从第 100 个轮次起），验证准确率并没有
#    下降，而是还在慢慢上升，最后一百个轮次里升了大约一个半百分点。提前停止停在这段缓坡上一个
#    平坦的地方，比计划早 36 个轮次，此时的验证准确率比 200 个轮次中的最好值低 0.3 个百分点；
#    恢复后的网络的测试准确率与完整训练的只差 2 000 张测试图像中的一张：
#    在这里，它省下的是时间，而不是换来了准确率。

epochs = np.arange(len(val_acc))
fig, (ax_all, ax_zoom) = subplots(1, 2, name="diagnosing-early-stopping", figsize=(9.6, 3.8))
ax_all.plot(
    epochs,
    100 * np.array(full["history"].train_acc),
    color="0.6",
    label=tr("training data (300 images)", "训练数据（300 张）"),
)
ax_all.plot(
    epochs, val_acc, color="C0", label=tr("validation data (1 000)", "验证数据（1 000 张）")
)
ax_all.set_ylim(0, 102)
ax_all.set_title(tr("Without early stopping", "不提前停止"))
ax_all.legend(loc="lower right")
zoom = epochs >= 60
ax_zoom.plot(epochs[zoom], val_acc[zoom], color="C0", label=tr("validation data", "验证数据"))
ax_zoom.plot(
    best_epoch,
    val_acc[best_epoch],
    "o",
    color="C3",
    label=tr(f"best epoch ({best_epoch})", f"最好的轮次（{best_epoch}）"),
)
ax_zoom.axvline(
    stop_epoch,
    color="C3",
    linestyle="--",
    label=tr(f"stopped after epoch {stop_epoch}", f"在第 {stop_epoch} 个轮次后停止"),
)
ax_zoom.set_title(tr("Early stopping, patience 20", "提前停止，patience = 20"))
ax_zoom.legend(loc="lower right")
for ax in (ax_all, ax_zoom):
    ax.set_xlabel(tr("epoch", "轮次"))
    ax.set_ylabel(tr("accuracy (%)", "准确率（%）"))
show()
