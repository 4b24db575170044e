"""The word diff of an article's versions (archive.versions): what a reader sees of an edit."""

import re

from archive.versions import CONTEXT, word_diff


def test_a_changed_phrase_is_one_change():
    diff = word_diff("Ninh Thuận chi trả lương hưu qua bưu điện", "Ninh Thuận chi trả lương hưu tháng 11")
    assert diff == "Ninh Thuận chi trả lương hưu <del>qua bưu điện</del><ins>tháng 11</ins>"


def test_what_the_page_wrote_is_escaped_in_a_diff():
    diff = word_diff("Kẻ gian gửi tin nhắn.", "Kẻ gian gửi <script>alert(1)</script> tin nhắn.")
    assert "<script>" not in diff and "<ins>&lt;script&gt;alert(1)&lt;/script&gt; </ins>" in diff


def test_long_unchanged_stretches_are_cut_around_the_change():
    before = " ".join(f"từ{i}" for i in range(200))
    diff = word_diff(before, before.replace("từ100 ", "chữ mới "))
    assert diff.startswith("… ") and diff.endswith(" … ")
    kept = re.findall(r"từ\d+", diff)
    assert "từ99" in kept and "từ101" in kept and f"từ{100 - CONTEXT}" in kept and f"từ{100 - CONTEXT - 1}" not in kept
    assert "<del>từ100 </del><ins>chữ mới </ins>" in diff


def test_paragraphs_stay_apart_and_an_empty_field_counts_as_empty():
    assert word_diff("Đoạn một.\nĐoạn hai.", "Đoạn một.\nĐoạn ba.") == "Đoạn một.\nĐoạn <del>hai.</del><ins>ba.</ins>"
    assert word_diff(None, "Tóm tắt mới") == "<ins>Tóm tắt mới</ins>"
    assert word_diff("Giống nhau", "Giống nhau") == "Giống nhau"
