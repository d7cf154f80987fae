"""Members by progress: bins and the bar chart's geometry."""

from ims_training.domain.histogram import bar_chart, progress_histogram


def test_percents_fall_into_fifths_and_finished_gets_its_own_bin():
    bins = progress_histogram([0, 19, 20, 55, 99, 100, 100])
    assert [(b.label, b.count) for b in bins] == [
        ("0–19 %", 2),
        ("20–39 %", 1),
        ("40–59 %", 1),
        ("60–79 %", 0),
        ("80–99 %", 1),
        ("100 %", 2),
    ]


def test_out_of_range_values_are_clamped():
    bins = progress_histogram([-5, 130])
    assert bins[0].count == 1 and bins[-1].count == 1


def test_the_tallest_bar_fills_the_plot_and_empty_bins_have_no_height():
    bars = bar_chart(progress_histogram([10, 10, 50]), width=600, height=240, axis=40)
    assert bars[0].height == 200 and bars[0].y == 0
    assert bars[2].height == 100 and bars[2].y == 100
    assert bars[1].height == 0
    assert all(b.x + b.width <= 600 for b in bars)


def test_a_cohort_without_members_draws_flat_bars():
    assert all(b.height == 0 for b in bar_chart(progress_histogram([])))
