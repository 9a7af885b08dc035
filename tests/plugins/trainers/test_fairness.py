import pytest

from zhiling.plugins.trainers._fairness import data_male_share


def test_data_pronoun_count_skips_qita_and_counts_english_forms():
    rows = [
        {"lang": "zh", "output": "其他用户可以帮她，他也可以。"},
        {"lang": "en", "output": "She said his shell and her editor were fine; the theme is dark."},
    ]
    shares = data_male_share(rows)
    assert shares["zh"] == {"male": 1, "female": 1, "male_share": 0.5}
    assert shares["en"] == {"male": 1, "female": 2, "male_share": pytest.approx(1 / 3, abs=1e-4)}
