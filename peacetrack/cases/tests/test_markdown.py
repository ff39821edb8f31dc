"""Notes and long texts render Markdown as people type it (CommonMark), sanitised."""

from __future__ import annotations

from peacetrack.cases.templatetags.peacetrack import markdown


def test_a_list_straight_under_a_line_is_a_list():
    html = markdown("What the council wants:\n- a ceasefire\n- the road reopened")
    assert "<p>What the council wants:</p>" in html
    assert "<ul>\n<li>a ceasefire</li>\n<li>the road reopened</li>\n</ul>" in html


def test_a_numbered_list_straight_under_a_line_is_a_list():
    html = markdown("Next steps:\n1. call the envoy\n2. draft the agenda")
    assert "<ol>\n<li>call the envoy</li>" in html


def test_a_year_at_the_start_of_a_line_keeps_its_number():
    # CommonMark reads "1976." as a list item: it must still show 1976, not 1.
    assert '<ol start="1976">\n<li>was a year</li>' in markdown("1976. was a year")


def test_a_year_inside_a_sentence_stays_a_sentence():
    assert markdown("The war began in\n1976. was a hard year") == (
        "<p>The war began in\n1976. was a hard year</p>\n"
    )


def test_script_tags_and_raw_html_are_shown_as_text_never_run():
    html = markdown("<script>alert(1)</script>\n\n<img src=x onerror=alert(2)> <b>bold</b>")
    assert "<script" not in html
    assert "<img" not in html
    assert "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_javascript_link_is_not_a_link():
    html = markdown("[click](javascript:alert(3)) and [ok](https://example.org)")
    assert 'href="javascript' not in html
    assert '<a href="https://example.org" rel="noopener noreferrer nofollow">ok</a>' in html


def test_a_heading_in_a_note_sits_below_the_page_headings():
    html = markdown("# Options\ntext")
    assert "<h3>Options</h3>" in html
    assert "<h1>" not in html


def test_tables_and_emphasis_render():
    html = markdown("**Council** _meets_\n\n| side | seats |\n|---|---|\n| GOV | 3 |")
    assert "<strong>Council</strong> <em>meets</em>" in html
    assert "<td>GOV</td>" in html


def test_nothing_renders_nothing():
    assert markdown("") == ""
    assert markdown(None) == ""  # type: ignore[arg-type]
