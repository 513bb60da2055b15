"""Fixtures shared by the test modules."""

from __future__ import annotations

import os

import numpy as np
import pytest

from nnbook.datasets import load_mnist


@pytest.fixture(scope="session")
def mnist():
    """The real MNIST data, normalised and flattened, with integer labels.

    Skips when ``NNBOOK_DATA`` is unset; CI always sets it.
    """
    if not os.environ.get("NNBOOK_DATA"):
        pytest.skip("NNBOOK_DATA is not set; point it at a directory holding the MNIST files")
    return load_mnist(normalize=True, flatten=True, one_hot_label=False, dtype=np.float64)
