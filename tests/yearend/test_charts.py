"""Charts fit a board's real titles: long labels wrap, nothing leaves the figure, nothing overlaps,
"$" is a dollar sign, and drawing prints no warnings."""

import warnings

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.transforms import Bbox

from tests.yearend.conftest import SLUG, get_report_file
from yearend import charts
from yearend.charts import Chart, Series

# 150 characters of what boards write: accents, curly quotes, an en dash, an emoji, a line break.
PHRASE = (
    "Children and young people are protected from \N{LEFT DOUBLE QUOTATION MARK}Child Sexual Exploitation\N{RIGHT DOUBLE QUOTATION MARK} \N{EN DASH} going missing, "
    "and from Care 😀 leavers\N{RIGHT SINGLE QUOTATION MARK} harm;\nÆrøskøbing naïve café rôle "
)
LONG = (PHRASE * 3)[:150]
RAG = (("Red", "#d4351c"), ("Amber", "#f47738"), ("Green", "#00703c"), ("Blue", "#1d70b8"), ("Not rated", "#b1b4b6"))


def attendance(categories: list[str], title: str = LONG) -> Chart:
    """Attendance by agency: two years side by side, as rates with their figure at the bar's end."""
    n = len(categories)
    return Chart(
        key="attendance-test",
        title=title,
        categories=tuple(categories),
        series=(
            Series("2024-25", tuple(None if i % 3 == 0 else 0.5 for i in range(n)), "#9aa0a6"),
            Series("2025-26", tuple(1.0 if i % 2 else 0.75 for i in range(n)), "#0b3558"),
        ),
        unit="%",
        category_label="Agency",
    )


def rag(categories: list[str], title: str = LONG, levels=RAG) -> Chart:
    """Actions by rating and priority: stacked counts."""
    return Chart(
        key="rag-test",
        title=title,
        categories=tuple(categories),
        series=tuple(
            Series(label, tuple((i + k) % 4 for i in range(len(categories))), colour)
            for k, (label, colour) in enumerate(levels)
        ),
        unit="count",
        stacked=True,
        category_label="Priority",
    )


def counts(categories: list[str], title: str = LONG) -> Chart:
    """Any other chart: plain counts side by side."""
    return Chart(
        key="counts-test",
        title=title,
        categories=tuple(categories),
        series=(Series("Meetings held", tuple(range(len(categories))), "#0b3558"),),
        unit="count",
    )


KINDS = {"attendance": attendance, "rag": rag, "counts": counts}


def labels(n: int, text: str = LONG) -> list[str]:
    return [f"{i + 1}. {text}"[:150] for i in range(n)]


def drawn_texts(figure):
    """Every text the figure draws: its own, the key's, the axes' figures, labels and tick labels."""
    texts = [*figure.texts]
    for key in figure.legends:
        texts += key.get_texts()
    for axes in figure.axes:
        texts += [*axes.texts, axes.title, axes.xaxis.label, axes.yaxis.label]
        for axis in (axes.xaxis, axes.yaxis):
            if axis.get_visible():
                # The ticks the axis draws (those within its limits): matplotlib's own choice.
                texts += [label for tick in axis._update_ticks() for label in (tick.label1, tick.label2)]
    return [text for text in texts if text.get_visible() and text.get_text()]


def inside(box: Bbox, outer: Bbox) -> bool:
    return (
        outer.x0 - 0.5 <= box.x0 and box.x1 <= outer.x1 + 0.5 and outer.y0 - 0.5 <= box.y0 and box.y1 <= outer.y1 + 0.5
    )


def overlap(one: Bbox, other: Bbox) -> bool:
    return one.x0 < other.x1 and other.x0 < one.x1 and one.y0 < other.y1 and other.y0 < one.y1


@pytest.mark.parametrize("n", [1, 5, 30])
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_chart_fits_150_character_labels_with_nothing_outside_or_overlapping(kind, n):
    chart = KINDS[kind](labels(n))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a layout warning (or any other) fails the test
        figure = charts._draw(chart)
        # Laid out once, the same at the PNG's resolution, a screen's and a printer's.
        for dpi in (72, 150, 300):
            figure.set_dpi(dpi)
            canvas = FigureCanvasAgg(figure)
            canvas.draw()
            renderer = canvas.get_renderer()
            texts = drawn_texts(figure)
            assert len(texts) >= n + 2  # the title, the key, a label per category at least
            for text in texts:
                box = text.get_window_extent(renderer)
                assert inside(box, figure.bbox), (dpi, text.get_text()[:40], box, figure.bbox)
            title = figure.texts[0].get_window_extent(renderer)
            key = figure.legends[0].get_window_extent(renderer)
            plot = figure.axes[0].get_tightbbox(renderer)
            assert not overlap(title, key) and not overlap(title, plot) and not overlap(key, plot), dpi
            assert title.y0 >= key.y1 - 0.5 and key.y0 >= plot.y1 - 0.5  # title, then its key, then the plot
        assert charts.svg.__wrapped__(chart).count("<text") >= n + 2
        assert charts.png.__wrapped__(chart).startswith(b"\x89PNG")


def test_long_titles_and_labels_wrap_and_only_an_absurd_one_is_shortened():
    real = (
        "Children and young people are protected from Child Sexual Exploitation, going missing, "
        "and from Care leavers being drawn into harm, with every agency's part set out"
    )
    absurd = "Priority " + "and so on " * 100
    chart = rag([f"1. {real}", f"2. {absurd}"], title=f"Business plan 2025-28: {real}")
    figure = charts._draw(chart)
    title = figure.texts[0].get_text()
    assert title.count("\n") >= 1 and " ".join(title.split()) == f"Business plan 2025-28: {real}"
    whole, shortened = (label.get_text() for label in figure.axes[0].get_yticklabels())
    assert " ".join(whole.split()) == f"1. {real}"  # wrapped, every word kept: nothing cut at the left
    assert 3 <= whole.count("\n") + 1 <= charts.LABEL_LINES
    assert shortened.count("\n") + 1 == charts.LABEL_LINES and shortened.endswith("…")
    # The table under the chart and in the appendix keeps every label whole.
    assert chart.table()[1][1][0] == f"2. {absurd}"


def test_a_word_longer_than_the_label_column_is_broken_not_left_to_run_out():
    word = "https://www.example.org/safeguarding/" + "x" * 200
    figure = charts._draw(counts([word, "Police"]))
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    label = figure.axes[0].get_yticklabels()[0]
    assert label.get_text().replace("\n", "").rstrip("…") in word
    assert inside(label.get_window_extent(canvas.get_renderer()), figure.bbox)


@pytest.mark.parametrize(
    "text", [r"Costs $\frac{1$ and more", r"Police $\sqrt[$", "$5 and $10 a head", r"50% of $x^2$ \n"]
)
def test_dollar_signs_are_drawn_as_written_never_read_as_mathematics(text):
    chart = rag([text, "Health"], title=f"Plan: {text}", levels=((f"{text} rated", "#d4351c"), ("Green", "#00703c")))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        drawn = charts.svg.__wrapped__(chart)
        assert charts.png.__wrapped__(chart).startswith(b"\x89PNG")
    words = text.replace("&", "&amp;").split()
    for word in words:
        assert drawn.count(word) >= 3  # the title, the label and the key, each as written
    assert f'aria-label="Plan: {text}"' in drawn
    assert "font-family: 'DejaVu Sans', sans-serif" in drawn


def test_a_key_label_beginning_with_an_underscore_is_still_shown():
    chart = rag(["Police"], levels=(("_Not yet due", "#b1b4b6"), ("Green", "#00703c")))
    assert [text.get_text() for text in charts._draw(chart).legends[0].get_texts()] == ["_Not yet due", "Green"]


def test_a_character_no_font_has_draws_without_a_warning_and_stays_in_the_svg():
    chart = counts(["警察 Police", "Health"], title="Board 委员会: meetings")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        drawn = charts.svg.__wrapped__(chart)
        charts.png.__wrapped__(chart)
    assert caught == []
    assert "警察 Police" in drawn and "Board 委员会: meetings" in drawn


def test_the_key_wraps_into_rows_when_its_labels_are_long():
    levels = tuple((f"Level {n}: {LONG[:60]}", colour) for n, (_, colour) in enumerate(RAG))
    figure = charts._draw(rag(labels(3), levels=levels))
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    key = figure.legends[0].get_window_extent(canvas.get_renderer())
    assert inside(key, figure.bbox)
    one_row = charts._draw(rag(labels(3))).legends[0].get_window_extent(canvas.get_renderer())
    assert key.height > 1.5 * one_row.height
    # Read left to right, then down, the key gives the levels in the plan's order.
    texts = figure.legends[0].get_texts()
    places = {text.get_text().split(":")[0]: text.get_window_extent(canvas.get_renderer()) for text in texts}
    reading = sorted(places, key=lambda name: (-round(places[name].y1), places[name].x0))
    assert reading == [f"Level {n}" for n in range(len(levels))]


def test_a_chart_without_categories_still_draws():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert "<svg" in charts.svg.__wrapped__(rag([]))


@pytest.mark.django_db  # the drawings are kept in the database cache (yearend.charts)
def test_drawings_are_cached_by_the_charts_data_and_the_table_stays_whole():
    chart = attendance(labels(2))
    again = attendance(labels(2))
    assert charts.svg(chart) is charts.svg(again)
    assert charts.png(chart) is charts.png(again)
    header, rows = chart.table()
    assert header == ["Agency", "2024-25", "2025-26"]
    assert rows == [[labels(2)[0], "n/a", "75%"], [labels(2)[1], "50%", "100%"]]


def test_the_figure_is_as_tall_as_its_labels_need():
    short = charts._draw(attendance(["Police", "Health"]))
    long = charts._draw(attendance(labels(2)))
    many = charts._draw(attendance(labels(30)))
    assert short.get_figwidth() == long.get_figwidth() == many.get_figwidth()
    assert short.get_figheight() < long.get_figheight() < many.get_figheight()


@pytest.mark.django_db
@pytest.mark.parametrize("output_format", ["pdf", "docx"])
def test_the_yearend_command_draws_real_titles_without_a_warning(board, output_format, tmp_path, caplog):
    from django.core.management import call_command

    from businessplan.models import Priority
    from governance.models import Agency, Group

    real = (
        "Children and young people are protected from Child Sexual Exploitation, going missing, and from "
        "Care leavers being drawn into harm, with every agency's part set out (costs $\\frac{1$ and more)"
    )
    Priority.objects.filter(number=1).update(title=real)
    Group.objects.filter(name="Safeguarding Board").update(name=f"Safeguarding Board {LONG}")
    Agency.objects.filter(name="Constabulary").update(name=LONG, short_name="")
    target = tmp_path / f"report.{output_format}"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        call_command("yearend", "2015-16", "--format", output_format, "--output", str(target))
    assert target.stat().st_size > 0
    assert [record for record in caplog.records if record.levelno >= 30] == []


@pytest.mark.django_db
def test_a_dollar_in_a_priority_or_an_agencys_short_name_takes_no_page_or_download_down(
    board, client_for, board_member, django_assert_max_num_queries
):
    """Issue 13, finding 1: with maths parsing on, every one of these answered 500."""
    from django.urls import reverse

    from businessplan.models import Priority
    from governance.models import Agency

    Priority.objects.filter(number=1).update(title=r"Costs $\frac{1$ and more")
    Agency.objects.filter(name="Constabulary").update(short_name=r"Police $\sqrt[$")
    client = client_for(board_member)
    client.raise_request_exception = False  # a 500 is an answer here: every page's is listed below
    charts.svg.cache_clear()
    charts.png.cache_clear()

    answers = {}
    # The boards (lscb.boards) and the dashboard's 22 (its dataset tile, whether the reader chairs
    # groups, and the plans' charts read from the drawings every process shares and kept there).
    with django_assert_max_num_queries(23):
        home = client.get(reverse("board-home", args=[SLUG]))
    answers["dashboard"] = home.status_code
    # The report page's budget (tests/yearend/test_report.py): its figures and the year check.
    # The page's 23 and 4 for learning and assurance (reviews, recommendations, audits, evidence).
    # And 5 for training, money and the dataset (their totals and lines; none this year).
    # And 2 for its charts: the year's drawings read from the store, and those drawn here kept (yearend.charts).
    with django_assert_max_num_queries(36):  # the boards (lscb.boards), the joint groups' boards, the page's 32
        page = client.get(reverse("yearend:report", args=[SLUG, "2015-16"]))
    answers["year-end page"] = page.status_code
    downloads = {fmt: get_report_file(client, SLUG, "2015-16", fmt) for fmt in ("pdf", "docx")}
    answers.update({fmt: response.status_code for fmt, response in downloads.items()})
    assert answers == {"dashboard": 200, "year-end page": 200, "pdf": 200, "docx": 200}

    # Drawn as written: in the dashboard's chart, and the year-end page's charts and tables.
    assert r"1. Costs $\frac{1$ and more" in home.content.decode()
    html = page.content.decode()
    assert r"Police $\sqrt[$" in html and r"1. Costs $\frac{1$ and more" in html
    assert downloads["pdf"]["Content-Type"] == "application/pdf"
    assert "wordprocessingml" in downloads["docx"]["Content-Type"]
    for response in downloads.values():
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert len(body) > 1000
