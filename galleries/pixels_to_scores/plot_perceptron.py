"""
The perceptron and XOR ‖ 感知机与异或
=====================================

.. only:: lang_en

   Rosenblatt's perceptron (:class:`~nnbook.nets.Perceptron`) outputs 1 when the weighted sum
   of its inputs plus a bias is positive and 0 otherwise, and its learning rule moves the
   weights only when it makes a mistake. It learns two clouds of points that a line separates,
   and the logic gates AND, OR and NAND from their truth tables, but not XOR. Three perceptrons
   in two layers compute XOR, and a two-layer network with the sigmoid instead of the step
   function learns it by gradient descent.

.. only:: lang_zh

   Rosenblatt 的感知机（:class:`~nnbook.nets.Perceptron`）在输入的加权和加上偏置为正时输出 1，
   否则输出 0；它的学习规则只在出错时才移动权重。两团能用一条直线分开的点，它学得会；
   与门、或门、与非门，它从真值表里也学得会；异或却学不会。三个感知机排成两层就能算出异或，
   而把阶跃函数换成 sigmoid 的两层网络可以用梯度下降把异或学出来。
"""

# %%
# .. only:: lang_en
#
#    **Separable data.** Two Gaussian clouds of 20 points each, around (1, 3) (class 0) and
#    (3, 1) (class 1), in a random order. The perceptron starts from zero weights with
#    learning rate 1. Each call of :meth:`~nnbook.nets.Perceptron.learn` is one pass over the
#    40 points that returns the number of mistakes; the loop stops after the first pass without
#    one. The training function is wrapped in :func:`nnbook.util.cached`, so that the book's
#    two languages share one run. The widest margin of the data, the distance from the best
#    separating line to the nearest point, is found by trying 3 600 directions of the line;
#    with it, the convergence theorem bounds the number of updates before the run.
#
# .. only:: lang_zh
#
#    **线性可分的数据。** 两团高斯分布的点，各 20 个，分别在 (1, 3)（类别 0）和 (3, 1)
#    （类别 1）周围，顺序随机打乱。感知机从全零的权重出发，学习率为 1。
#    每调用一次 :meth:`~nnbook.nets.Perceptron.learn` 就把 40 个点过一遍，返回这一遍里出错的
#    次数；一遍下来不再出错，循环就停下。训练函数包在 :func:`nnbook.util.cached` 里，本书的
#    两种语言共用同一次训练。数据的最大间隔，即最好的分隔直线到最近的点的距离，通过尝试直线的
#    3 600 个方向求出；有了它，收敛定理在训练之前就给出了更新次数的上限。

import numpy as np

from nnbook.functions import step
from nnbook.gradient import numerical_gradient
from nnbook.nets import Perceptron, TwoLayerNet
from nnbook.optimizers import SGD
from nnbook.plotting import show, subplots, tr
from nnbook.util import cached


def train_perceptron(x, t, max_passes):
    """Passes of the perceptron rule until one without mistakes; return w, b and the mistakes."""
    perceptron = Perceptron(x.shape[1])
    history = []
    for _ in range(max_passes):
        mistakes = perceptron.learn(x, t)
        history.append(mistakes)
        if mistakes == 0:
            break
    return perceptron.w, perceptron.b, history


def learned(name, x, t, max_passes):
    """The perceptron that `train_perceptron` learns (one cached run), and its mistakes."""
    w, b, history = cached(name, train_perceptron, x=x, t=t, max_passes=max_passes)
    return Perceptron(x.shape[1], weights=w, bias=b), history


def widest_margin(x, t, n_directions=3600):
    """The separating line u · x = c with the widest margin over unit normals u; (margin, u, c)."""
    angles = np.linspace(0, 2 * np.pi, n_directions, endpoint=False)
    normals = np.stack([np.cos(angles), np.sin(angles)], axis=1)
    scores = x @ normals.T
    low, high = scores[t == 0].max(axis=0), scores[t == 1].min(axis=0)
    best = np.argmax(high - low)
    return (high[best] - low[best]) / 2, normals[best], (high[best] + low[best]) / 2


rng = np.random.default_rng(0)
x_blobs = np.concatenate([rng.normal((1, 3), 0.6, (20, 2)), rng.normal((3, 1), 0.6, (20, 2))])
t_blobs = np.repeat([0, 1], 20)
order = rng.permutation(40)
x_blobs, t_blobs = x_blobs[order], t_blobs[order]

blob_margin, u, c = widest_margin(x_blobs, t_blobs)
print(f"separable data, widest margin {blob_margin:.2f}")

# Novikoff's bound (R / gamma)^2 with the inputs extended by a constant 1, z = (x, 1), and the
# widest-margin line as the unit vector v = (u, -c) / |(u, -c)|.
z_blobs = np.column_stack([x_blobs, np.ones(len(x_blobs))])
v = np.append(u, -c) / np.hypot(1, c)
radius = np.linalg.norm(z_blobs, axis=1).max()
gamma = np.min((2 * t_blobs - 1) * (z_blobs @ v))
bound = (radius / gamma) ** 2
print(f"R = {radius:.2f}, gamma = {gamma:.3f}: at most {bound:.0f} updates")

blobs, blob_mistakes = learned("pixels_perceptron_blobs", x_blobs, t_blobs, max_passes=100)
print(f"mistakes per pass {blob_mistakes}: {len(blob_mistakes)} passes, ", end="")
print(f"{sum(blob_mistakes)} updates; w = {blobs.w.round(2)}, b = {blobs.b:g}")
print(f"training accuracy {np.mean(blobs.predict(x_blobs) == t_blobs):.2f}")

# %%
# .. only:: lang_en
#
#    **Logic gates.** The four inputs (0, 0), (1, 0), (0, 1), (1, 1) and the outputs of AND,
#    OR and NAND are just another data set of four points, and the same loop learns each gate.
#
# .. only:: lang_zh
#
#    **逻辑门。** 四个输入 (0, 0)、(1, 0)、(0, 1)、(1, 1) 和与门、或门、与非门的输出，
#    不过是另一个只有四个点的数据集，同一个循环把每个门都学了出来。

x_gates = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
truth_tables = {
    "AND": np.array([0, 0, 0, 1]),
    "OR": np.array([0, 1, 1, 1]),
    "NAND": np.array([1, 1, 1, 0]),
}
gates, gate_mistakes = {}, {}
for name, t_gate in truth_tables.items():
    gates[name], gate_mistakes[name] = learned(
        f"pixels_perceptron_{name}", x_gates, t_gate, max_passes=100
    )
    print(f"{name:4s} mistakes per pass {gate_mistakes[name]}; w = {gates[name].w}, ", end="")
    print(f"b = {gates[name].b:g}, outputs {gates[name].predict(x_gates)}")

# %%
# .. only:: lang_en
#
#    **XOR.** Its outputs are 0, 1, 1, 0: 1 when exactly one input is 1. The same loop, for
#    20 passes.
#
# .. only:: lang_zh
#
#    **异或。** 它的输出是 0、1、1、0：恰好有一个输入为 1 时输出 1。还是同一个循环，跑 20 遍。

t_xor = np.array([0, 1, 1, 0])
xor_perceptron, xor_mistakes = learned("pixels_perceptron_xor", x_gates, t_xor, max_passes=20)
print(f"XOR  mistakes per pass {xor_mistakes}")
print(f"XOR  last weights w = {xor_perceptron.w}, b = {xor_perceptron.b:g}, ", end="")
print(f"outputs {xor_perceptron.predict(x_gates)}")

# %%
# .. only:: lang_en
#
#    It never gets through a pass without a mistake. From the third pass on it makes four
#    mistakes in every pass and ends each pass with the same weights: it goes round in a
#    cycle. No line can do better than three points out of four, because XOR puts (0, 0) and
#    (1, 1) on one side and (1, 0) and (0, 1) on the other (Minsky and Papert).
#
#    **A hidden layer.** XOR is AND(NAND(x1, x2), OR(x1, x2)). The NAND and OR perceptrons
#    learned above form a hidden layer of two units, the AND perceptron reads their outputs.
#
# .. only:: lang_zh
#
#    它一遍也没有做到全对。从第三遍起，每一遍都错四次，每一遍结束时的权重都一样：它在兜圈子。
#    没有哪条直线能分对四个点中的三个以上，因为异或要把 (0, 0) 和 (1, 1) 放在一边，
#    把 (1, 0) 和 (0, 1) 放在另一边（Minsky 和 Papert）。
#
#    **隐藏层。** 异或就是 AND(NAND(x1, x2), OR(x1, x2))。上面学到的与非门和或门两个感知机
#    组成一个有两个单元的隐藏层，与门感知机读取它们的输出。

hidden = np.stack([gates["NAND"].predict(x_gates), gates["OR"].predict(x_gates)], axis=1)
stacked = gates["AND"].predict(hidden)
print(f"hidden layer (NAND, OR) {hidden.tolist()}, output {stacked}, XOR {t_xor}")

# %%
# .. only:: lang_en
#
#    The weights of this network were not found by descending a gradient. With the step
#    function they could not have been: take a network of the same shape, two step units and
#    one step output, with random weights, and its mean squared error on XOR. The central
#    differences of :func:`~nnbook.gradient.numerical_gradient` are zero for all nine weights,
#    because a small change of a weight changes no output.
#
# .. only:: lang_zh
#
#    这个网络的权重不是沿着梯度下降找到的，用阶跃函数也不可能这样找到：取一个形状相同的网络，
#    两个阶跃单元加一个阶跃输出，权重随机，看它在异或上的均方误差。
#    :func:`~nnbook.gradient.numerical_gradient` 算出的中心差分对全部九个权重都是零，
#    因为权重的微小变化不会改变任何一个输出。

theta = np.random.default_rng(0).standard_normal(9)


def step_network_error(theta):
    """Mean squared error on XOR of the 2-2-1 network of step units with weights `theta`."""
    w1, b1, w2, b2 = theta[:4].reshape(2, 2), theta[4:6], theta[6:8], theta[8]
    y = step(step(x_gates @ w1 + b1) @ w2 + b2)
    return float(np.mean((y - t_xor) ** 2))


step_error = step_network_error(theta)
step_gradient = numerical_gradient(step_network_error, theta)
print(f"step network: error {step_error:g}, gradient {step_gradient}")

# %%
# .. only:: lang_en
#
#    **A differentiable hidden layer.** :class:`~nnbook.nets.TwoLayerNet` has four sigmoid units
#    and a softmax output over the two classes. The loop takes 2 000 steps of gradient descent
#    (:class:`~nnbook.optimizers.SGD`, learning rate 1) on all four XOR points at once, and
#    records the loss and the accuracy after every step.
#
# .. only:: lang_zh
#
#    **可微的隐藏层。** :class:`~nnbook.nets.TwoLayerNet` 有四个 sigmoid 单元，输出层对两个
#    类别做 softmax。循环在全部四个异或点上一起做 2 000 步梯度下降
#    （:class:`~nnbook.optimizers.SGD`，学习率为 1），记下每一步的损失和之后的准确率。


def train_xor_net(hidden_size, activation, lr, steps, seed):
    """Full-batch gradient descent on XOR; return the weights, the losses and accuracies."""
    x = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    t = np.array([0, 1, 1, 0])
    net = TwoLayerNet(2, hidden_size, 2, activation=activation, weight_init_std=1.0, rng=seed)
    optimizer = SGD(lr=lr)
    losses, accuracies = [], []
    for _ in range(steps):
        grads = net.gradient(x, t)
        losses.append(net.last_loss)
        optimizer.update(net.params, grads)
        accuracies.append(net.accuracy(x, t))
    return {key: p.copy() for key, p in net.params.items()}, np.array(losses), np.array(accuracies)


xor_params, xor_losses, xor_accuracies = cached(
    "pixels_perceptron_xor_net",
    train_xor_net, hidden_size=4, activation="sigmoid", lr=1.0, steps=2000, seed=0,
)  # fmt: skip
xor_net = TwoLayerNet(2, 4, 2, activation="sigmoid", rng=0)
for key, p in xor_params.items():
    xor_net.params[key][...] = p  # the layers hold these arrays
xor_net_classes = xor_net.predict(x_gates).argmax(axis=1)
first_perfect = int(np.argmax(xor_accuracies == 1.0)) + 1  # steps until all four are right
print(f"two-layer net: loss {xor_losses[0]:.3f} -> {xor_losses[-1]:.4f}, ", end="")
print(f"all four right after step {first_perfect}", end="")
print(f" and at every later step: {bool(np.all(xor_accuracies[first_perfect - 1 :] == 1))}")
print(f"classes of the four points {xor_net_classes}")

# %%
# .. only:: lang_en
#
#    The background shows the class a model outputs: orange for 1, blue for 0. **Left**, the
#    separable clouds and the line :math:`w \cdot x + b = 0` the perceptron ended with.
#    **Middle**, the perceptron's last line on XOR: it runs through (0, 1) and (1, 1), both
#    given the output 0, and gets two of the four points wrong. **Right**, the regions of the
#    trained two-layer network: class 1 is a band between two boundaries, a region that no
#    single line can draw.
#
# .. only:: lang_zh
#
#    背景颜色表示模型输出的类别：橙色为 1，蓝色为 0。\ **左图**\ 是两团可分的点，
#    以及感知机最后得到的直线 :math:`w \cdot x + b = 0`\ 。\ **中图**\ 是感知机在异或上的
#    最后一条直线：它穿过 (0, 1) 和 (1, 1)，这两个点都得到输出 0，四个点里错了两个。
#    **右图**\ 是训练好的两层网络的区域：类别 1 是夹在两条边界之间的一条带，
#    这样的区域任何一条直线都画不出来。

markers = {0: {"marker": "o", "color": "C0"}, 1: {"marker": "^", "color": "C1"}}
region_colours = ["#dbe8f5", "#fde3c8"]  # light versions of C0 and C1


def plot_points(ax, x, t):
    """Class 0 as blue circles, class 1 as orange triangles, both with black edges."""
    for c in (0, 1):
        ax.scatter(
            *x[t == c].T, s=45, edgecolors="black", linewidths=0.7, zorder=3,
            label=tr(f"class {c}", f"类别 {c}"), **markers[c],
        )  # fmt: skip


def plot_regions(ax, classify, lims):
    """Shade the regions of the two predicted classes on a grid."""
    g1, g2 = np.meshgrid(np.linspace(*lims, 300), np.linspace(*lims, 300))
    classes = classify(np.column_stack([g1.ravel(), g2.ravel()])).reshape(g1.shape)
    ax.contourf(g1, g2, classes, levels=[-0.5, 0.5, 1.5], colors=region_colours)


def plot_line(ax, perceptron, lims):
    """The line w · x + b = 0 of a perceptron."""
    (w1, w2), b = perceptron.w, perceptron.b
    if abs(w2) > abs(w1):
        x1 = np.array(lims)
        ax.plot(x1, -(w1 * x1 + b) / w2, color="black", linewidth=1.2)
    else:
        x2 = np.array(lims)
        ax.plot(-(w2 * x2 + b) / w1, x2, color="black", linewidth=1.2)


fig, axes = subplots(1, 3, name="pixels-perceptron", figsize=(9.6, 3.7))
panels = [
    (x_blobs, t_blobs, blobs.predict, (-0.5, 4.5), tr("Separable data", "线性可分的数据")),
    (x_gates, t_xor, xor_perceptron.predict, (-0.5, 1.5), tr("XOR: perceptron", "异或：感知机")),
    (
        x_gates, t_xor, lambda x: xor_net.predict(x).argmax(axis=1), (-0.5, 1.5),
        tr("XOR: two-layer network", "异或：两层网络"),
    ),
]  # fmt: skip
for ax, (x, t, classify, lims, title) in zip(axes, panels, strict=True):
    plot_regions(ax, classify, lims)
    plot_points(ax, x, t)
    ax.set_xlim(lims)
    ax.set_ylim(lims)
    ax.set_aspect("equal")
    ax.set_xlabel(r"$x_1$")
    ax.set_title(title)
plot_line(axes[0], blobs, (-0.5, 4.5))
plot_line(axes[1], xor_perceptron, (-0.5, 1.5))
axes[0].set_ylabel(r"$x_2$")
for ax in axes[1:]:
    ax.set_xticks([0, 1])
    ax.set_yticks([0, 1])
axes[0].legend(loc="upper right", fontsize="small")
show()

# %%
# .. only:: lang_en
#
#    The mistakes per pass: on the separable data they reach zero and the loop stops; on XOR
#    they settle at four, every one of the four points in every pass from the third on.
#
# .. only:: lang_zh
#
#    每一遍出错的次数：在可分的数据上降到零，循环随之停下；在异或上稳定在四次，
#    从第三遍起，每一遍里四个点个个都错。

fig, ax = subplots(name="pixels-perceptron-mistakes", figsize=(6.4, 3.2))
ax.plot(
    range(1, len(blob_mistakes) + 1), blob_mistakes, marker="o", color="C0",
    label=tr("separable data (40 points)", "线性可分的数据（40 个点）"),
)  # fmt: skip
ax.plot(
    range(1, len(xor_mistakes) + 1), xor_mistakes, marker="^", linestyle="--", color="C1",
    label=tr("XOR (4 points)", "异或（4 个点）"),
)  # fmt: skip
ax.set_xticks(range(0, len(xor_mistakes) + 1, 5))
ax.set_xlabel(tr("pass over the data", "遍历数据的次数"))
ax.set_ylabel(tr("mistakes in the pass", "这一遍的出错次数"))
ax.set_title(tr("Perceptron learning rule", "感知机学习规则"))
ax.legend()
show()
