import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.text import fold, nfc

# Layout, signatures, settings and text: the database engine cannot change the outcome (CI's
# PostgreSQL run leaves these out, see .ci/run).
pytestmark = pytest.mark.engine_agnostic


def test_fold_examples():
    assert fold("Nguyễn Văn A") == "nguyen van a"
    assert fold("ĐẶNG Thị Đào") == "dang thi dao"
    assert fold("  Phường   Hoàn Kiếm ") == "phuong hoan kiem"


@given(st.text())
def test_fold_is_idempotent_and_ascii_for_vietnamese(text):
    once = fold(text)
    assert fold(once) == once


@given(st.text(alphabet="aăâeêioôơuưyAĂÂEÊIOÔƠUƯYdđĐ \u0300\u0301\u0303\u0309\u0323"))
def test_fold_leaves_no_vietnamese_marks(text):
    folded = fold(text)
    assert all(unicodedata.category(ch) != "Mn" for ch in folded)
    assert "đ" not in folded


def test_nfc_composes():
    assert nfc("Vie\u0323\u0302t") == "Việt"
