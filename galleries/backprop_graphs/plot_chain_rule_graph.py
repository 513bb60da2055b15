r"""
The chain rule on a graph: f = (x + y) · z ‖ 计算图上的链式法则：f = (x + y) · z
===================================================================================

.. only:: lang_en

   The function :math:`f(x, y, z) = (x + y)\,z` at :math:`x = -2`, :math:`y = 5`,
   :math:`z = -4`, recorded by :class:`nnbook.graph.Graph` with an
   :class:`~nnbook.layers.AddLayer` for :math:`p = x + y` and a
   :class:`~nnbook.layers.MulLayer` for :math:`f = p\,z`. The gradient on each arrow is the
   gradient arriving at its node times that node's local derivative: the chain rule, one node
   at a time.

.. only:: lang_zh

   函数 :math:`f(x, y, z) = (x + y)\,z` 在 :math:`x = -2`、:math:`y = 5`、:math:`z = -4`
   处的计算图，由 :class:`nnbook.graph.Graph` 记录：用 :class:`~nnbook.layers.AddLayer` 计算
   :math:`p = x + y`，用 :class:`~nnbook.layers.MulLayer` 计算 :math:`f = p\,z`。
   每条箭头上的梯度，都是传到节点的梯度乘以该节点的局部导数：这就是逐个节点地应用链式法则。
"""

# %%
# .. only:: lang_en
#
#    The multiplication node sends :math:`z = -4` back to :math:`p` and :math:`p = 3` back to
#    :math:`z`. The addition node passes the :math:`-4` it receives unchanged to both
#    :math:`x` and :math:`y`: :math:`\partial f / \partial x = \partial f / \partial y = z`.
#
# .. only:: lang_zh
#
#    乘法节点把 :math:`z = -4` 传回给 :math:`p`，把 :math:`p = 3` 传回给 :math:`z`。
#    加法节点把收到的 :math:`-4` 原样传给 :math:`x` 和 :math:`y`：
#    :math:`\partial f / \partial x = \partial f / \partial y = z`。

from nnbook.graph import Graph
from nnbook.plotting import draw_graph, show, tr

graph = Graph()
x, y, z = graph.input(-2.0, "x"), graph.input(5.0, "y"), graph.input(-4.0, "z")
p = graph.add(x, y, name="p")
f = graph.mul(p, z, name="f")
graph.backward()
print(f"f = {f.value:g}, p = {p.value:g}")
print(f"df/dx = {x.grad:g}, df/dy = {y.grad:g}, df/dz = {z.grad:g}, df/dp = {p.grad:g}")

ax = draw_graph(graph, name="chain-rule-graph")
ax.set_title(tr("Backward through f = (x + y) · z", "f = (x + y) · z 的反向传播"))
show()
