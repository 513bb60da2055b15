"""Shared helpers for the gradient checks: tolerances, an assertion and hypothesis settings.

The relative error itself is the library's :func:`nnbook.gradient.relative_error`, the one the
book teaches, so that the tests measure gradients exactly as the pages do.
"""

from __future__ import annotations

import numpy as np
from hypothesis import settings

from nnbook.gradient import relative_error

#: Largest relative error accepted between a backpropagated and a numerical gradient (float64).
GRAD_RTOL = 1e-6

#: Absolute error below which two gradients agree whatever their relative error. A central
#: difference of an O(1) loss is itself only accurate to about 1e-10 (rounding ~ ε·L/h,
#: truncation ~ h²·f'''), so a gradient that happens to be that small cannot be checked to a
#: relative 1e-6; a wrong backward pass errs by the size of the gradient, far above this bound.
GRAD_ATOL = 1e-9

#: Step of the central difference for checks through BatchNormalization, whose curvature grows
#: as the batch variance shrinks: the O(h²) truncation error needs a step below the default 1e-4.
BN_STEP = 1e-5

#: Smallest batch variance of a BatchNormalization input that a gradient check accepts.
BN_MIN_VAR = 1e-3

#: Settings for the hypothesis-driven gradient checks: few examples, no deadline, so that the
#: slow element-by-element numerical gradients keep the suite fast.
GRADCHECK_SETTINGS = settings(max_examples=20, deadline=None)


def assert_grad_close(
    analytic, numeric, name: str = "gradient", rtol: float = GRAD_RTOL, atol: float = GRAD_ATOL
) -> None:
    """Assert equal shapes and a relative error below `rtol` (or a negligible absolute error)."""
    analytic, numeric = np.asarray(analytic), np.asarray(numeric)
    assert analytic.shape == numeric.shape, (
        f"{name}: shape {analytic.shape} differs from numerical {numeric.shape}"
    )
    err = relative_error(analytic, numeric)
    abs_err = float(np.linalg.norm(analytic.astype(np.float64) - numeric))
    assert err < rtol or abs_err < atol, (
        f"{name}: relative error {err:.3g} is not below {rtol:g} "
        f"(absolute error {abs_err:.3g}, gradient norm {np.linalg.norm(analytic):.3g})"
    )
