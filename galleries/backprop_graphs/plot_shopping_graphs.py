"""
Shopping bills as computational graphs ‖ 把购物账单画成计算图
=============================================================

.. only:: lang_en

   Two small bills, computed with :class:`~nnbook.layers.MulLayer` and
   :class:`~nnbook.layers.AddLayer` while :class:`nnbook.graph.Graph` records every step, then
   run backward and drawn with :func:`nnbook.plotting.draw_graph`. Above each arrow is the value
   the forward pass carried along it; below it, in red, the gradient that the backward pass
   brought back: how much the price at the end changes per unit change of that value.

.. only:: lang_zh

   两张小账单：用 :class:`~nnbook.layers.MulLayer` 和 :class:`~nnbook.layers.AddLayer` 计算，
   同时由 :class:`nnbook.graph.Graph` 记下每一步，然后做反向传播，再用
   :func:`nnbook.plotting.draw_graph` 画出来。每条箭头上方是正向传播沿它传递的值；下方的红色数字是
   反向传播传回来的梯度，即这个值每变化一个单位，最后的支付金额变化多少。
"""

# %%
# .. only:: lang_en
#
#    Two apples at 100 each, with 10 % consumption tax. The graph has two multiplication nodes:
#    price of the apples times their number, then times the tax factor 1.1.
#
# .. only:: lang_zh
#
#    买 2 个苹果，每个 100 元，另加 10% 的消费税。计算图里有两个乘法节点：
#    苹果的单价乘以个数，再乘以税率因子 1.1。

from nnbook.graph import Graph
from nnbook.plotting import draw_graph, show, tr

apples = Graph()
apple = apples.input(100, tr("apple price", "苹果单价"))
apple_num = apples.input(2, tr("number of apples", "苹果个数"))
tax = apples.input(1.1, tr("tax factor", "税率因子"))
apple_price = apples.mul(apple, apple_num)
price = apples.mul(apple_price, tax, name=tr("price", "支付金额"))
apples.backward()
print(f"price: {price.value:.2f}")
print(f"gradients: apple price {apple.grad:.4g}, number {apple_num.grad:.4g}, tax {tax.grad:.4g}")

# %%
# .. only:: lang_en
#
#    Backward propagation starts with 1 at the output (the price changes one for one with
#    itself) and multiplies by a local derivative at every node. A multiplication node sends
#    each input the incoming gradient times the *other* input: the tax factor receives 200 (the
#    price before tax), the apples' total receives 1.1, and from there the apple price receives
#    1.1 × 2 = 2.2 and the number of apples 1.1 × 100 = 110.
#
# .. only:: lang_zh
#
#    反向传播从输出端的 1 开始（支付金额对它自身的导数是 1），
#    每经过一个节点就乘上该节点的局部导数。
#    乘法节点传给每个输入的，是传入的梯度乘以\ **另一个**\ 输入：税率因子得到 200（税前金额），
#    苹果总价得到 1.1；再往回，苹果单价得到 1.1 × 2 = 2.2，苹果个数得到 1.1 × 100 = 110。

ax = draw_graph(apples, name="cg-apples")
ax.set_title(tr("Two apples with 10 % tax", "2 个苹果，消费税 10%"))

# %%
# .. only:: lang_en
#
#    Now 2 apples at 100 and 3 oranges at 150, the same tax. An addition node joins the two
#    subtotals; its local derivatives are 1, so it passes the gradient 1.1 unchanged to both.
#
# .. only:: lang_zh
#
#    再买 2 个每个 100 元的苹果和 3 个每个 150 元的橘子，税率不变。一个加法节点把两笔小计加起来；
#    它的局部导数都是 1，所以把梯度 1.1 原样传给两个输入。

fruit = Graph()
apple = fruit.input(100, tr("apple price", "苹果单价"))
apple_num = fruit.input(2, tr("number of apples", "苹果个数"))
orange = fruit.input(150, tr("orange price", "橘子单价"))
orange_num = fruit.input(3, tr("number of oranges", "橘子个数"))
tax = fruit.input(1.1, tr("tax factor", "税率因子"))
subtotal = fruit.add(fruit.mul(apple, apple_num), fruit.mul(orange, orange_num))
price = fruit.mul(subtotal, tax, name=tr("price", "支付金额"))
fruit.backward()
print(f"price: {price.value:.2f}")
for edge in (apple, apple_num, orange, orange_num, tax):
    print(f"d price / d {edge.name}: {edge.grad:.4g}")

ax = draw_graph(fruit, name="cg-fruit")
ax.set_title(tr("Apples and oranges with 10 % tax", "苹果和橘子，消费税 10%"))
show()
