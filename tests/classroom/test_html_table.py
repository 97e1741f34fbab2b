"""The one way tables are written: every cell escaped unless the program marked it as markup."""

from alliance_sim.classroom.html_table import Cell, Markup, Row, escape, table, table_content


def test_text_is_escaped_and_only_markup_goes_in_as_it_is():
    assert escape("<b>Ann</b> & co") == "&lt;b&gt;Ann&lt;/b&gt; &amp; co"
    assert escape(Markup("<b>Ann</b>")) == "<b>Ann</b>"
    assert escape(0.5) == "0.5"


def test_a_table_has_its_head_bodies_caption_and_columns():
    page = table(
        ("Name", Cell("Share", {"scope": "col"})),
        [("<script>", Cell(Markup("<b>1</b>"), {"class": "num"}))],
        [Row([Cell("Group", {"colspan": 2}, header=True)], {"class": "group"})],
        attributes={"class": "shares", "data-issue": "pow"},
        caption="Runs & <more>",
        columns=("what", None),
    )
    assert page == (
        '<table class="shares" data-issue="pow"><caption>Runs &amp; &lt;more&gt;</caption>'
        '<colgroup><col class="what"><col></colgroup>'
        '<thead><tr><th>Name</th><th scope="col">Share</th></tr></thead>'
        '<tbody><tr><td>&lt;script&gt;</td><td class="num"><b>1</b></td></tr></tbody>'
        '<tbody><tr class="group"><th colspan="2">Group</th></tr></tbody></table>'
    )
    assert isinstance(page, Markup)


def test_attribute_values_are_escaped_and_none_leaves_an_attribute_out():
    content = table_content(None, [[Cell("x", {"data-run": 'O\'Brien "&"', "class": None})]])
    assert content == '<tbody><tr><td data-run="O&#x27;Brien &quot;&amp;&quot;">x</td></tr></tbody>'
