"""
Why zero-centred activations matter ‖ 为什么激活值要以零为中心
===============================================================

.. only:: lang_en

   A unit computes :math:`s = w \\cdot x` and receives the gradient
   :math:`\\partial L / \\partial s` from above; the gradient of its weights is
   :math:`(\\partial L / \\partial s)\\, x`. When every input :math:`x_i` is positive, as
   the outputs of sigmoid units are, all components of that gradient have the sign of
   :math:`\\partial L / \\partial s`: one step moves all weights up or all weights down. First
   a unit with two weights learns by SGD a target of mixed sign, once from all-positive inputs
   and once from the same inputs with their mean subtracted; then two networks with three
   hidden layers, one of sigmoid units and one of tanh units, learn MNIST.

.. only:: lang_zh

   一个单元计算 :math:`s = w \\cdot x`，从上游收到梯度 :math:`\\partial L / \\partial s`；它的
   权重的梯度是 :math:`(\\partial L / \\partial s)\\, x`。如果每个输入 :math:`x_i` 都是正数，
   就像 sigmoid 单元的输出那样，这个梯度的所有分量都和 :math:`\\partial L / \\partial s` 同号：
   一步要么让所有权重一起变大，要么一起变小。先让一个有两个权重的单元用 SGD 学习一个
   分量符号相反的目标，一次用全为正的输入，一次用减去均值后的同样的输入；然后让两个有
   三个隐藏层的网络学习 MNIST，一个用 sigmoid 单元，一个用 tanh 单元。
"""

# %%
# .. only:: lang_en
#
#    **A unit with two weights.** The inputs are sigmoid outputs, :math:`x = \sigma(z)` for
#    standard normal :math:`z`, one new input per step. The target is :math:`y = w^* \cdot x`
#    with :math:`w^* = (1, -1)`, the loss of one input :math:`L = \tfrac12 (s - y)^2`, so
#    :math:`\partial L / \partial s = s - y`. SGD starts at :math:`w = (0, 0)`; its loop is
#    short enough to show whole. The zero-centred inputs are the same inputs minus their mean
#    (about 0.5).
#
# .. only:: lang_zh
#
#    **有两个权重的单元。** 输入是 sigmoid 的输出 :math:`x = \sigma(z)`\ ，:math:`z` 服从
#    标准正态分布，每一步用一个新的输入。目标是 :math:`y = w^* \cdot x`\ ，其中
#    :math:`w^* = (1, -1)`\ ；单个输入的损失为 :math:`L = \tfrac12 (s - y)^2`\ ，所以
#    :math:`\partial L / \partial s = s - y`\ 。SGD 从 :math:`w = (0, 0)` 出发；它的循环很短，
#    下面完整列出。以零为中心的输入，就是同样的输入减去它们的均值（约为 0.5）。

import numpy as np

from nnbook.datasets import load_mnist
from nnbook.functions import sigmoid
from nnbook.nets import MultiLayerNet
from nnbook.plotting import show, subplots, tr
from nnbook.trainer import Trainer
from nnbook.util import cached, smooth_curve

rng = np.random.default_rng(0)
x_positive = sigmoid(rng.standard_normal((300, 2)))  # sigmoid outputs: all in (0, 1)
x_centred = x_positive - x_positive.mean(axis=0)  # the same inputs, zero-centred
inputs = {"positive": x_positive, "centred": x_centred}
w_star = np.array([1.0, -1.0])


def sgd_path(x, lr):
    """SGD from w = (0, 0), one input per step; the weights after every step."""
    w = np.zeros(2)
    path = [w]
    for x_n in x:
        dL_ds = w @ x_n - w_star @ x_n  # s − y for s = w·x, y = w*·x
        w = w - lr * dL_ds * x_n  # ∂L/∂w = (∂L/∂s) x
        path.append(w)
        if np.abs(w).max() > 1e3:  # the run has diverged
            break
    return np.array(path)


def steps_to_target(path, tol=0.1):
    """Number of steps until w is within `tol` of w*, or None if it never gets there."""
    near = np.linalg.norm(path - w_star, axis=1) < tol
    return int(np.argmax(near)) if near.any() else None


lr = 2.0
paths = {name: sgd_path(x, lr) for name, x in inputs.items()}
same_sign, steps_needed, length_ratio = {}, {}, {}
for name, path in paths.items():
    steps_needed[name] = steps_to_target(path)
    steps = np.diff(path[: steps_needed[name] + 1], axis=0)  # the steps on the way to w*
    same_sign[name] = float(np.mean(np.sign(steps[:, 0]) == np.sign(steps[:, 1])))
    length_ratio[name] = float(np.linalg.norm(steps, axis=1).sum() / np.linalg.norm(w_star))
    print(
        f"{name:8s} lr {lr:g}: steps with both components of one sign {same_sign[name]:.2f}; "
        f"within 0.1 of w* after {steps_needed[name]} steps; "
        f"path {length_ratio[name]:.1f} times as long as the straight line"
    )

# %%
# .. only:: lang_en
#
#    The contour lines are those of the loss averaged over all inputs,
#    :math:`\tfrac12 (w - w^*)^\top H (w - w^*)` with :math:`H` the mean of
#    :math:`x x^\top`. Their eigenvalues say how curved the loss is along each direction.
#
# .. only:: lang_zh
#
#    等高线画的是对全部输入取平均的损失
#    :math:`\tfrac12 (w - w^*)^\top H (w - w^*)`\ ，:math:`H` 是 :math:`x x^\top` 的均值。
#    它的特征值给出损失沿各个方向的弯曲程度。

curvature = {name: x.T @ x / len(x) for name, x in inputs.items()}
for name, H in curvature.items():
    print(f"{name:8s} eigenvalues of H: {np.round(np.linalg.eigvalsh(H), 3)}")

fig, axes = subplots(1, 2, name="pixels-zigzag", figsize=(9.6, 4.4))
titles = {
    "positive": tr("All-positive inputs (sigmoid outputs)", "全为正的输入（sigmoid 输出）"),
    "centred": tr("The same inputs minus their mean", "同样的输入减去均值"),
}
w1, w2 = np.meshgrid(np.linspace(-0.6, 1.6, 200), np.linspace(-1.6, 0.6, 200))
offset = np.stack([w1 - w_star[0], w2 - w_star[1]], axis=-1)
for ax, (name, path) in zip(axes, paths.items(), strict=True):
    loss = 0.5 * np.einsum("...i,ij,...j->...", offset, curvature[name], offset)
    ax.contour(w1, w2, loss, levels=np.geomspace(1e-3, 1, 10) * loss.max(), colors="0.75")
    shown = path[: steps_needed[name] + 1]
    ax.plot(shown[:, 0], shown[:, 1], marker="o", markersize=3, linewidth=1, color="C0")
    ax.quiver(
        shown[:-1, 0], shown[:-1, 1], *np.diff(shown, axis=0).T, angles="xy",
        scale_units="xy", scale=1, width=0.004, headwidth=5, headlength=6, color="C0",
    )  # fmt: skip
    ax.plot(0, 0, "o", color="C2", label=tr("start w = (0, 0)", "起点 w = (0, 0)"))
    ax.plot(
        *w_star,
        "*",
        color="C3",
        markersize=12,
        label=tr("target w* = (1, −1)", "目标 w* = (1, −1)"),
    )
    ax.set_title(titles[name])
    ax.set_xlabel("$w_1$")
    ax.set_aspect("equal")
axes[0].set_ylabel("$w_2$")
axes[0].legend(loc="upper right", fontsize="small")
show()

# %%
# .. only:: lang_en
#
#    **Left**, with all-positive inputs every step points into the first or the third quadrant,
#    up and right or down and left, and the path to :math:`(1, -1)`, which lies in the fourth,
#    has to zig-zag. **Right**, steps of the zero-centred inputs point in any direction and the
#    path heads for the target. At this learning rate both arrive in a similar number of steps:
#    on average the sideways parts of the zig-zag cancel out. What they cost is the learning
#    rate. The mean of the inputs adds a large curvature along :math:`(1, 1)`, the direction of
#    every step on the left (the large eigenvalue of :math:`H`), and that direction limits the
#    learning rate, as the steep direction of an elongated bowl does. Without the mean, that
#    curvature is gone and much larger learning rates still converge:
#
# .. only:: lang_zh
#
#    **左图**\ 中输入全为正，每一步都指向第一或第三象限，即右上或左下；而目标
#    :math:`(1, -1)` 在第四象限，路径只能走“之”字形。\ **右图**\ 中以零为中心的输入让步子
#    可以指向任何方向，路径径直奔向目标。在这个学习率下，两者用的步数相近：平均下来，
#    “之”字形中横向的部分互相抵消了。真正的代价在学习率上。输入的均值沿 :math:`(1, 1)`
#    方向，也就是左图每一步的方向，加上了很大的曲率（\ :math:`H` 的那个大特征值）；和狭长碗的
#    陡峭方向一样，这个方向限制了学习率。去掉均值，这个曲率就没有了，大得多的学习率也能收敛：

learning_rates = [0.5, 1, 2, 4, 8, 16]
sweep = {
    name: [steps_to_target(sgd_path(x, r)) for r in learning_rates] for name, x in inputs.items()
}
print("learning rate      " + " ".join(f"{r:>5g}" for r in learning_rates))
for name, counts in sweep.items():
    cells = " ".join(f"{'-' if n is None else n:>5}" for n in counts)
    print(f"{'steps, ' + name:18s} {cells}")

# %%
# .. only:: lang_en
#
#    A dash means that the run never came within 0.1 of :math:`w^*`: it diverged.
#
#    **tanh against sigmoid.** The same holds inside a network: a layer that follows sigmoid
#    units receives only positive inputs. Two networks with three hidden layers of 100 units,
#    one of sigmoid and one of tanh units, both with Xavier's initial scale, learn the first
#    10 000 MNIST training images by plain SGD (learning rate 0.1, mini-batches of 100) for 20
#    epochs. One loop trains them side by side on the same mini-batches
#    (:meth:`~nnbook.trainer.Trainer.train_step`); it is wrapped in :func:`nnbook.util.cached`,
#    so that the book's two languages share one run.
#
# .. only:: lang_zh
#
#    短横线表示这次训练从未进入 :math:`w^*` 的 0.1 范围之内：它发散了。
#
#    **tanh 与 sigmoid。** 在网络内部也是一样：紧跟在 sigmoid 单元后面的层，收到的输入全是
#    正数。两个网络各有三个隐藏层、每层 100 个单元，一个用 sigmoid，一个用 tanh，初始权重都用
#    Xavier 的尺度，用朴素 SGD（学习率 0.1，批大小 100）学习 MNIST 的前 10 000 张训练图像，
#    共 20 个轮次。一个循环让它们在相同的小批量上并排训练
#    （:meth:`~nnbook.trainer.Trainer.train_step`）；这个循环包在 :func:`nnbook.util.cached`
#    里，本书的两种语言共用同一次训练。


def train_side_by_side(activations, epochs, lr, seed):
    """Train one network per activation on the same mini-batches; losses and test accuracy."""
    (x_train, t_train), (x_test, t_test) = load_mnist()
    x, t = x_train[:10000], t_train[:10000]
    trainers = {}
    for activation in activations:
        network = MultiLayerNet(
            784, [100, 100, 100], 10, activation=activation, weight_init_std="xavier", rng=seed
        )
        trainers[activation] = Trainer(network, x, t, optimizer_params={"lr": lr}, rng=seed)
    test_acc = {activation: [] for activation in activations}
    rng = np.random.default_rng(seed)
    for _ in range(epochs):
        order = rng.permutation(len(x))
        for start in range(0, len(x), 100):
            batch = order[start : start + 100]
            for trainer in trainers.values():
                trainer.train_step(x[batch], t[batch])
        for activation, trainer in trainers.items():
            test_acc[activation].append(trainer.network.accuracy(x_test, t_test))
    return {
        activation: {
            "loss": np.array(trainer.history.train_loss),
            "test_acc": test_acc[activation],
        }
        for activation, trainer in trainers.items()
    }


runs = cached(
    "pixels_tanh_sigmoid", train_side_by_side, activations=("sigmoid", "tanh"), epochs=20,
    lr=0.1, seed=0,
)  # fmt: skip
smoothed = {activation: smooth_curve(run["loss"], window=51) for activation, run in runs.items()}
below_one = {activation: int(np.argmax(loss < 1.0)) for activation, loss in smoothed.items()}
for activation, run in runs.items():
    print(
        f"{activation:8s} smoothed loss below 1 after {below_one[activation]} iterations; "
        f"test accuracy after 1 epoch {run['test_acc'][0]:.4f}, "
        f"after 20 epochs {run['test_acc'][-1]:.4f}"
    )

# %%
# .. only:: lang_en
#
#    The sigmoid network's loss stays near ln 10 for hundreds of iterations before it starts to
#    fall; the tanh network's falls at once, and it ends far ahead. Two things differ between
#    the networks, though: :math:`\tanh(a) = 2\sigma(2a) - 1` is the sigmoid shifted to be
#    centred on zero *and* four times as steep at 0 (slope 1, not 1/4), so the gradient also
#    shrinks less in every layer it passes on the way back. This experiment shows the two
#    effects together. And the pixels, in [0, 1], are all-positive inputs of the first layer in
#    both networks.
#
# .. only:: lang_zh
#
#    sigmoid 网络的损失在 ln 10 附近停留了几百次迭代才开始下降；tanh 网络的损失一开始就下降，
#    最后遥遥领先。不过两个网络之间有两处不同：:math:`\tanh(a) = 2\sigma(2a) - 1` 是把
#    sigmoid 平移到以零为中心、\ *并且*\ 在 0 处陡了四倍（斜率为 1 而不是 1/4）的结果，所以
#    梯度在反向传播经过的每一层中也缩小得更少。这个实验展示的是两种效应合在一起的结果。
#    另外，像素值在 [0, 1] 之间，在两个网络里都是第一层的全为正的输入。

fig, ax = subplots(name="pixels-tanh-sigmoid", figsize=(6.4, 3.6))
for activation, loss in smoothed.items():
    ax.plot(np.arange(1, len(loss) + 1), loss, label=activation)
ax.axhline(np.log(10), color="0.5", linestyle="--", linewidth=1, label="ln 10")
ax.set_xlabel(tr("iteration", "迭代次数"))
ax.set_ylabel(tr("mini-batch loss (moving average of 51)", "小批量损失（51 次的移动平均）"))
ax.set_title(tr("Three hidden layers, SGD, learning rate 0.1", "三个隐藏层，SGD，学习率 0.1"))
ax.legend()
show()
