"""
Gradient norms per layer ‖ 每一层的梯度范数
===========================================

.. only:: lang_en

   Four networks with five hidden layers of 100 units learn the first 1 000 MNIST training
   images with plain SGD: sigmoid units with tiny initial weights, ReLU units with He
   initialization, the same with Batch Normalization, and ReLU units with initial weights that
   are too large. The :class:`~nnbook.trainer.Trainer` records the norm of the gradient of every
   weight matrix at every step (``record_grad_norms=True``).

.. only:: lang_zh

   四个有 5 个隐藏层、每层 100 个单元的网络，用朴素 SGD 学习 MNIST 的前 1 000 张训练图像：
   初始权重很小的 sigmoid 网络、He 初始化的 ReLU 网络、再加上批归一化的同一个网络，
   以及初始权重过大的 ReLU 网络。:class:`~nnbook.trainer.Trainer` 在每一步记下每个权重矩阵的
   梯度范数（``record_grad_norms=True``）。
"""

# %%
# .. only:: lang_en
#
#    One loop trains the networks side by side: it draws a mini-batch of 100 images, and each
#    network's trainer computes the gradients on it, records their norms and updates the
#    weights (:meth:`~nnbook.trainer.Trainer.train_step`). All networks start from the seed 0
#    and see the same 200 mini-batches. A fifth run, the network with too large weights again
#    but with its gradients clipped, belongs to the last section. The loop is wrapped in
#    :func:`nnbook.util.cached`, so that the book's two languages share one run.
#
# .. only:: lang_zh
#
#    一个循环让这些网络并排训练：每次抽出一个 100 张图像的小批量，每个网络的训练器在它上面
#    计算梯度、记下梯度的范数并更新权重（:meth:`~nnbook.trainer.Trainer.train_step`）。
#    所有网络都从种子 0 出发，看到的是相同的 200 个小批量。第五次训练还是那个初始权重过大的
#    网络，只是梯度经过裁剪，留到最后一节再看。这个循环包在 :func:`nnbook.util.cached` 里，
#    本书的两种语言共用同一次训练。

import numpy as np

from nnbook.datasets import load_mnist
from nnbook.nets import MultiLayerNetExtend
from nnbook.plotting import show, subplots, tr
from nnbook.trainer import Trainer
from nnbook.util import cached


def train_side_by_side(settings, steps, seed):
    """Train one network per setting on the same mini-batches; return histories, accuracies."""
    (x_train, t_train), _ = load_mnist()
    x, t = x_train[:1000], t_train[:1000]
    trainers = {}
    for name, (kw, max_grad_norm) in settings.items():
        network = MultiLayerNetExtend(784, [100] * 5, 10, rng=seed, **kw)
        trainers[name] = Trainer(
            network, x, t, optimizer_params={"lr": 0.1}, record_grad_norms=True,
            max_grad_norm=max_grad_norm, rng=seed,
        )  # fmt: skip
    rng = np.random.default_rng(seed)
    for _ in range(steps):
        batch = rng.choice(len(x), size=100, replace=False)
        for trainer in trainers.values():
            trainer.train_step(x[batch], t[batch])
    return {
        name: {"history": trainer.history, "accuracy": trainer.network.accuracy(x, t)}
        for name, trainer in trainers.items()
    }


large = {"activation": "relu", "weight_init_std": 0.2}
settings = {
    "sigmoid, std 0.01": ({"activation": "sigmoid", "weight_init_std": 0.01}, None),
    "ReLU, He": ({"activation": "relu", "weight_init_std": "he"}, None),
    "ReLU, He, BatchNorm": (
        {"activation": "relu", "weight_init_std": "he", "use_batchnorm": True},
        None,
    ),
    "ReLU, std 0.2": (large, None),
    "ReLU, std 0.2, clipped": (large, 5.0),
}
runs = cached("diagnosing_grad_norms", train_side_by_side, settings=settings, steps=200, seed=0)
for name, run in runs.items():
    norms = " ".join(f"{run['history'].grad_norms[f'W{i}'][0]:.1e}" for i in range(1, 7))
    loss = np.mean(run["history"].train_loss[-20:])
    print(f"{name:22s} first-step norms W1..W6: {norms}; last loss {loss:.3f}, ", end="")
    print(f"accuracy {run['accuracy']:.3f}")

# %%
# .. only:: lang_en
#
#    **Left**, the norm of each layer's weight gradient at the first step. With sigmoid units
#    and tiny weights it falls by more than an order of magnitude per layer towards the input,
#    so that the first layers do not learn at all (*vanishing gradients*). With ReLU and He's
#    scale the norms are about the same in every layer, and Batch Normalization keeps them so.
#    Weights that are too large make every layer's gradient tens of times larger than He's
#    (*exploding gradients*). **Right**, the first layer's gradient norm during training.
#
# .. only:: lang_zh
#
#    **左图**\ 是第一步时每一层权重梯度的范数。用 sigmoid 单元和很小的权重时，越靠近输入，
#    范数每层缩小一个数量级以上，前面几层根本学不动（\ *梯度消失*\ ）。用 ReLU 和 He 的尺度时，
#    各层的范数大致相同，批归一化也让它们保持这样。初始权重过大时，每一层的梯度都比 He
#    初始化时大几十倍（\ *梯度爆炸*\ ）。
#    **右图**\ 是训练过程中第一层梯度的范数。

fig, (ax_layers, ax_steps) = subplots(1, 2, name="diagnosing-grad-norms", figsize=(9.6, 3.8))
for name in list(settings)[:4]:
    grad_norms = runs[name]["history"].grad_norms
    ax_layers.plot(
        range(1, 7), [grad_norms[f"W{i}"][0] for i in range(1, 7)], marker="o", label=name
    )
    ax_steps.plot(grad_norms["W1"], linewidth=1, label=name)
for ax in (ax_layers, ax_steps):
    ax.set_yscale("log")
ax_layers.set_xlabel(tr("layer (1 = next to the input)", "层（1 = 紧挨输入）"))
ax_layers.set_ylabel(tr("gradient norm at the first step", "第一步的梯度范数"))
ax_layers.set_title(tr("Gradient norm per layer", "每一层的梯度范数"))
ax_steps.set_xlabel(tr("iteration", "迭代次数"))
ax_steps.set_ylabel(tr("norm of the W1 gradient", "W1 梯度的范数"))
ax_steps.set_title(tr("First layer during training", "训练中的第一层"))
ax_layers.legend(fontsize="small")
show()

# %%
# .. only:: lang_en
#
#    **Clipping.** The network with too large weights still learns, but its first steps are
#    huge. :func:`~nnbook.optimizers.clip_grad_norm` bounds the global norm of the gradients
#    before every update (``max_grad_norm``); the fifth run trained that network from the same
#    weights, with the gradients clipped to a norm of 5.
#
# .. only:: lang_zh
#
#    **梯度裁剪。** 初始权重过大的网络也能学习，但它最初几步的步子大得离谱。
#    :func:`~nnbook.optimizers.clip_grad_norm` 在每次更新之前限制梯度的全局范数
#    （``max_grad_norm``）；第五次训练从相同的权重出发训练这个网络，把梯度裁剪到范数 5 以内。

clipping = {
    "no clipping": runs["ReLU, std 0.2"],
    "clipped to norm 5": runs["ReLU, std 0.2, clipped"],
}
for name, run in clipping.items():
    loss = np.mean(run["history"].train_loss[-20:])
    print(f"{name:18s} loss of the last 20 steps {loss:.3f}, accuracy {run['accuracy']:.3f}")

# %%
# .. only:: lang_en
#
#    Both runs start from the same weights and the same large loss. Without clipping, the first
#    updates are as large as those gradients; with clipping the network moves by bounded steps,
#    and its loss falls lower.
#
# .. only:: lang_zh
#
#    两次训练从相同的权重、相同的很大的损失出发。不裁剪时，最初几次更新和那些梯度一样大；
#    裁剪之后，每一步的大小都有上限，损失降得更低。

fig, ax = subplots(name="diagnosing-clipping", figsize=(6.4, 3.6))
labels = {
    "no clipping": tr("no clipping", "不裁剪"),
    "clipped to norm 5": tr("clipped to norm 5", "裁剪到范数 5"),
}
for name, run in clipping.items():
    ax.plot(run["history"].train_loss, linewidth=1, label=labels[name])
ax.set_yscale("log")
ax.set_xlabel(tr("iteration", "迭代次数"))
ax.set_ylabel(tr("mini-batch loss", "小批量损失"))
ax.set_title(tr("ReLU, std 0.2: gradient clipping", "ReLU、标准差 0.2：梯度裁剪"))
ax.legend()
show()
