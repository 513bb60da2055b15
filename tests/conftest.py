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


@pytest.fixture(params=["en", "zh"])
def gallery_lang(request, monkeypatch, tmp_path):
    """A language of the book, set as ``NNBOOK_LANG``, and an empty working directory.

    A gallery script run under this fixture labels its figures in that language and must not
    depend on being started from its own folder, as the issue on the gallery asks.
    """
    monkeypatch.setenv("NNBOOK_LANG", request.param)
    monkeypatch.chdir(tmp_path)
    return request.param
