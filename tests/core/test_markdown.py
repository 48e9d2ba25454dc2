import pytest

from deliberate.core.markdown import render_markdown

HOSTILE = [
    ("<script>alert(1)</script>正文", "<script"),
    ('<img src="x" onerror="alert(1)">', "onerror"),
    ("[点我](javascript:alert(1))", "javascript:"),
    ('<a href="JaVaScRiPt:alert(1)">x</a>', "javascript"),
    ("![图](data:image/svg+xml;base64,PHN2Zz4=)", "data:"),
    ('<svg onload="alert(1)"></svg>', "onload"),
    ('<p style="background:url(javascript:alert(1))">x</p>', "style"),
    ('<iframe src="https://example.org"></iframe>', "iframe"),
]


@pytest.mark.parametrize(("text", "forbidden"), HOSTILE)
def test_sanitizer_removes_executable_content(text, forbidden):
    html = str(render_markdown(text))
    assert forbidden.lower() not in html.lower()


def test_markdown_features_survive():
    html = str(render_markdown("# 标题\n\n**加粗** 与 [链接](https://example.org)\n\n- 一\n- 二\n\n"
                               "| 甲 | 乙 |\n|---|---|\n| 1 | 2 |"))
    assert "<h1>标题</h1>" in html and "<strong>加粗</strong>" in html
    assert 'href="https://example.org"' in html and 'rel="noopener noreferrer nofollow"' in html
    assert "<li>一</li>" in html and "<table>" in html


def test_empty_text():
    assert str(render_markdown(None)) == "" and str(render_markdown("")) == ""


def test_jinja_filter_is_the_renderer(app):
    rendered = app.jinja_env.from_string("{{ t|markdown }}").render(t="<script>x</script>*a*")
    assert "<script" not in rendered and "<em>a</em>" in rendered
