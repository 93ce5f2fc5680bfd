from django.template import Context, Template


def render(source: str, **context) -> str:
    return Template("{% load charts %}" + source).render(Context(context))


def test_bar_widths_are_proportional_to_the_largest_value():
    html = render("{% bar_chart rows 'Queues' %}", rows=[("Identity", 5), ("IPR", 10, "warn")])
    assert 'width="50.0"' in html and 'width="100.0"' in html
    assert "Identity" in html and "<strong>10</strong>" in html and "tone-warn" in html


def test_empty_and_zero_rows_do_not_divide_by_zero():
    assert 'width="0.0"' in render("{% bar_chart rows %}", rows=[("None yet", 0)])


def test_gauge_ticks_sit_at_each_threshold_and_fill_shows_the_points():
    marks = [(6, "Warning"), (48, "Termination")]
    html = render("{% threshold_gauge 24 marks 'Points' %}", marks=marks)
    assert 'x1="12.5%"' in html and 'x1="100.0%"' in html
    assert 'width="50.0%"' in html and "Termination" in html
    beyond = render("{% threshold_gauge 60 marks %}", marks=marks)
    assert 'width="100.0%"' in beyond and 'x1="80.0%"' in beyond
