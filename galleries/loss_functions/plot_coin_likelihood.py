"""
Maximum likelihood for a coin ‖ 抛硬币的最大似然估计
====================================================

.. only:: lang_en

   A coin lands heads 7 times in 10 tosses. Which probability of heads θ explains that best?
   The likelihood answers: it is the probability of the observed tosses as a function of θ, and
   it is largest at θ = 0.7. Its negative logarithm, the kind of quantity a network minimizes,
   is smallest at the same θ.

.. only:: lang_zh

   一枚硬币抛 10 次，7 次正面朝上。正面朝上的概率 θ 取什么值最能解释这个结果？
   似然（likelihood）给出了答案：它是观测到的这串结果出现的概率，被看作 θ 的函数，
   在 θ = 0.7 处最大。它的负对数，也就是神经网络所最小化的那一类量，恰好在同一个 θ 处最小。
"""

# %%
# .. only:: lang_en
#
#    For independent tosses the probability of a particular sequence with 7 heads and 3 tails
#    is :math:`L(\theta) = \theta^7 (1-\theta)^3`. We evaluate it on a fine grid of θ for the
#    curve and on the coarse grid 0.1, 0.2, …, 0.9 for the points, and take the negative
#    logarithm :math:`-\log L(\theta) = -7 \log\theta - 3 \log(1-\theta)`, computed as a sum so
#    that no tiny product is ever formed.
#
# .. only:: lang_zh
#
#    各次抛掷相互独立时，某一串含 7 次正面、3 次反面的结果出现的概率为
#    :math:`L(\theta) = \theta^7 (1-\theta)^3`。我们在细密的 θ 网格上计算它来画曲线，
#    在 0.1, 0.2, …, 0.9 这个粗网格上计算它来画点；负对数
#    :math:`-\log L(\theta) = -7 \log\theta - 3 \log(1-\theta)` 直接写成对数之和来算，
#    这样就不会先得到一个极小的乘积。

import numpy as np

from nnbook.plotting import show, subplots, tr

heads, tails = 7, 3
theta_fine = np.linspace(0.01, 0.99, 197)
theta_grid = np.round(np.arange(1, 10) / 10, 1)


def likelihood(theta):
    return theta**heads * (1 - theta) ** tails


def negative_log_likelihood(theta):
    return -(heads * np.log(theta) + tails * np.log(1 - theta))


best = theta_grid[np.argmax(likelihood(theta_grid))]
print(f"maximum of the likelihood on the grid: theta = {best}, L = {likelihood(best):.7f}")

# %%
# .. only:: lang_en
#
#    The left panel is the likelihood, the right panel its negative logarithm. Both mark the
#    best point of the coarse grid, θ = 0.7, the share of heads in the data. The logarithm
#    turns the hill into a valley with the same lowest point, because log is increasing; it
#    also stretches the scale, so values a thousand times smaller than the peak are still easy
#    to tell apart.
#
# .. only:: lang_zh
#
#    左图是似然，右图是它的负对数。两幅图都标出了粗网格上的最优点 θ = 0.7，
#    也就是数据中正面朝上的比例。对数函数是单调递增的，所以取负对数后，山峰变成了山谷，
#    而谷底恰好就在原来的峰顶处；对数还拉开了刻度，比峰值小上千倍的似然值在右图中依然清晰可辨。

fig, (ax_l, ax_nll) = subplots(1, 2, name="coin-likelihood", figsize=(8.0, 3.4))
ax_l.plot(theta_fine, likelihood(theta_fine), label=tr("curve", "曲线"))
ax_l.plot(theta_grid, likelihood(theta_grid), "o", label=tr("θ = 0.1, …, 0.9", "θ = 0.1, …, 0.9"))
ax_l.plot(best, likelihood(best), "*", markersize=16, label=tr("maximum", "最大值"))
ax_l.set_xlabel(tr("probability of heads θ", "正面朝上的概率 θ"))
ax_l.set_ylabel(tr("likelihood L(θ)", "似然 L(θ)"))
ax_l.set_title(tr("Likelihood of 7 heads in 10 tosses", "10 次抛掷中 7 次正面的似然"))
ax_l.legend(loc="upper left")

ax_nll.plot(theta_fine, negative_log_likelihood(theta_fine))
ax_nll.plot(theta_grid, negative_log_likelihood(theta_grid), "o")
ax_nll.plot(best, negative_log_likelihood(best), "*", markersize=16)
ax_nll.set_xlabel(tr("probability of heads θ", "正面朝上的概率 θ"))
ax_nll.set_ylabel(tr("negative log-likelihood −log L(θ)", "负对数似然 −log L(θ)"))
ax_nll.set_title(tr("Negative log-likelihood", "负对数似然"))
ax_nll.set_ylim(0, 25)
show()
