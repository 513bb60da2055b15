r"""
The sigmoid as a computational graph ‖ sigmoid 的计算图
========================================================

.. only:: lang_en

   :math:`y = 1 / (1 + \exp(-x))` taken apart into four nodes: multiplication by :math:`-1`,
   :math:`\exp`, addition of 1, and division (:math:`1/u`). :class:`nnbook.graph.Graph` records
   them at :math:`x = 1` with :class:`~nnbook.layers.MulLayer`, :class:`nnbook.graph.Exp`,
   :class:`~nnbook.layers.AddLayer` and :class:`nnbook.graph.Reciprocal`, and runs them
   backward. What arrives at :math:`x` is :math:`y(1 - y)`, the backward pass of the
   :class:`~nnbook.layers.Sigmoid` layer.

.. only:: lang_zh

   把 :math:`y = 1 / (1 + \exp(-x))` 拆成四个节点：乘以 :math:`-1`、:math:`\exp`、加 1、
   取倒数（:math:`1/u`）。:class:`nnbook.graph.Graph` 在 :math:`x = 1` 处用
   :class:`~nnbook.layers.MulLayer`、:class:`nnbook.graph.Exp`、
   :class:`~nnbook.layers.AddLayer` 和 :class:`nnbook.graph.Reciprocal` 记录这四步，
   再做反向传播。最后传到 :math:`x` 的梯度是 :math:`y(1 - y)`，
   正是 :class:`~nnbook.layers.Sigmoid` 层的反向传播。
"""

# %%
# .. only:: lang_en
#
#    Read the red numbers from right to left. The division node turns the 1 at the output into
#    :math:`-1/u^2 = -y^2`; the addition node passes it on; the exp node multiplies by
#    :math:`\exp(-x)`; the multiplication node multiplies by :math:`-1`. The result,
#    :math:`y^2 \exp(-x)`, equals :math:`y(1 - y)`.
#
# .. only:: lang_zh
#
#    从右往左读红色的数字。除法节点把输出端的 1 变成 :math:`-1/u^2 = -y^2`；加法节点原样传递；
#    exp 节点乘以 :math:`\exp(-x)`；乘法节点乘以 :math:`-1`。得到的
#    :math:`y^2 \exp(-x)` 等于 :math:`y(1 - y)`。

import numpy as np

from nnbook.graph import Graph
from nnbook.layers import Sigmoid
from nnbook.plotting import draw_graph, show, tr

x_value = 1.0
graph = Graph()
x = graph.input(x_value, "x")
minus_x = graph.mul(x, graph.constant(-1.0))
e = graph.exp(minus_x)
u = graph.add(e, graph.constant(1.0), name="u")
y = graph.reciprocal(u, name="y")
graph.backward()

layer = Sigmoid()
y_layer = layer.forward(np.array(x_value))
print(f"y from the graph: {y.value:.6f}, from the Sigmoid layer: {y_layer:.6f}")
print(f"dy/dx from the graph: {x.grad:.6f}")
print(f"y (1 - y):            {y.value * (1 - y.value):.6f}")
print(f"Sigmoid.backward(1):  {layer.backward(np.array(1.0)):.6f}")

ax = draw_graph(graph, name="simple-layers-sigmoid-graph")
ax.set_title(tr("Backward through the sigmoid at x = 1", "在 x = 1 处对 sigmoid 做反向传播"))
show()
