import pytest

from zhiling.plugins.trainers._evaluate import rouge_l, units


def test_rouge_l_compares_chinese_by_character_and_english_by_word():
    # LCS 猫在垫子上 (5) of 6 and 5 characters: P = 5/6, R = 1.
    assert rouge_l("猫坐在垫子上", "猫在垫子上", "zh") == pytest.approx(10 / 11)
    # LCS "the cat" (2) of 3 and 2 words: P = 2/3, R = 1.
    assert rouge_l("The cat sat", "the cat", "en") == pytest.approx(0.8)
    assert units("apt install vim", "en") == ["apt", "install", "vim"]
    assert units("安装 vim", "zh") == ["安", "装", "v", "i", "m"]


def test_rouge_l_is_zero_for_nothing_in_common_or_empty_text():
    assert rouge_l("完全不同", "毫无关系", "zh") == 0.0
    assert rouge_l("", "something", "en") == 0.0
    assert rouge_l("same words", "same words", "en") == 1.0
