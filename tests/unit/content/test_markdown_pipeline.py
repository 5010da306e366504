"""Tests for kiosk.content.markdown_pipeline: markdown body -> sanitized HTML for Qt.

The pipeline is the kiosk's security boundary for content: links never leave the kiosk, pictures
load only from the content folder, raw HTML is cut to an allow-list. It is also where ``---``
starts a new screen. Each test renders a small body inside a content tree in tmp_path.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.content.limits import MAX_NESTING
from kiosk.content.markdown_pipeline import (
    PAGE_BREAK_OPEN,
    MarkdownPipeline,
    RenderedBody,
    split_screens,
)
from kiosk.errors import ContentError

Render = Callable[[str], RenderedBody]

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>'


@pytest.fixture
def content_root(tmp_path: Path) -> Path:
    """A content folder with the two sections, one picture (images/brain.svg) and the files
    that the link tests point to."""
    root = tmp_path / "content"
    for folder in ("learn", "treatments", "images"):
        (root / folder).mkdir(parents=True)
    (root / "images" / "brain.svg").write_text(SVG, encoding="utf-8")
    for name in (
        "learn/other-topic",
        "learn/other-topic.es",
        "learn/my topic",
        "treatments/ptsd",
        "treatments/ptsd.es",
    ):
        (root / f"{name}.md").write_text("---\ntitle: T\n---\n", encoding="utf-8")
    return root


@pytest.fixture
def render(content_root: Path) -> Render:
    """Render a body as if it were learn/topic.md in content_root."""
    pipeline = MarkdownPipeline()

    def render_body(body: str) -> RenderedBody:
        return pipeline.render(
            body,
            source=content_root / "learn" / "topic.md",
            root=content_root,
            languages=("en", "es"),
        )

    return render_body


def screen(html: str) -> str:
    """How every screen after the first is wrapped."""
    return f"{PAGE_BREAK_OPEN}{html}</div>"


# --- screens -----------------------------------------------------------------------------------


def test_split_screens_at_dash_lines() -> None:
    assert split_screens("One\n\n---\n\nTwo\n---\nThree") == ["One", "Two", "Three"]


def test_split_screens_drops_empty_screens() -> None:
    assert split_screens("---\nOne\n---\n\n---\nTwo\n---\n") == ["One", "Two"]


def test_split_screens_of_an_empty_body_is_one_empty_screen() -> None:
    assert split_screens("") == [""]
    assert split_screens("---\n---") == [""]


def test_only_a_line_of_exactly_three_dashes_splits() -> None:
    body = "a\n   ---\nb\n    ---\nc\n---  \nd\n----\ne\n- - -\nf\n***"

    assert split_screens(body) == ["a", "b\n    ---\nc", "d\n----\ne\n- - -\nf\n***"]


@pytest.mark.parametrize("fence", ["```", "~~~", "```python"])
def test_split_screens_ignores_dashes_inside_fenced_code(fence: str) -> None:
    closing = fence[:3]
    body = f"Before\n{fence}\n---\n{closing}\n---\nAfter"

    assert split_screens(body) == [f"Before\n{fence}\n---\n{closing}", "After"]


def test_a_different_fence_inside_code_does_not_close_it() -> None:
    assert split_screens("~~~\n```\n---\n~~~\n---\nz") == ["~~~\n```\n---\n~~~", "z"]


def test_a_shorter_fence_inside_a_longer_one_does_not_close_it() -> None:
    # CommonMark and Python-Markdown close a fence only with at least as many backticks, so a
    # four-backtick block may show a three-backtick example; its '---' is code, not a break.
    body = "````\n```\n---\n```\n````\n---\nAfter"

    assert split_screens(body) == ["````\n```\n---\n```\n````", "After"]


def test_each_screen_after_the_first_is_a_page_break_block(render: Render) -> None:
    result = render("One\n\n---\n\nTwo\n\n---\n\nThree")

    assert result.html == "\n".join(["<p>One</p>", screen("<p>Two</p>"), screen("<p>Three</p>")])
    assert result.warnings == []


def test_dashes_in_fenced_code_do_not_split_the_screen(render: Render) -> None:
    result = render("```\nabove\n---\nbelow\n```")

    assert result.html == "<pre><code>above\n---\nbelow\n</code></pre>"


def test_dashes_right_after_a_paragraph_split_instead_of_making_a_heading(render: Render) -> None:
    # In plain markdown 'Text\n---' is a setext <h2>; in kiosk content it is a screen break.
    result = render("Some text\n---\nNext screen")

    assert result.html == "\n".join(["<p>Some text</p>", screen("<p>Next screen</p>")])
    assert "<h2>" not in result.html


def test_content_cannot_smuggle_in_its_own_page_break_style(render: Render) -> None:
    result = render('<div style="page-break-before: always">Sneaky</div>')

    assert result.html == "<div>Sneaky</div>"


# --- links -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("href", "route"),
    [
        ("../treatments/ptsd.md", "kiosk:treatments/ptsd"),
        ("other-topic.md", "kiosk:learn/other-topic"),
        ("./other-topic.md", "kiosk:learn/other-topic"),
        ("../learn/other-topic.md", "kiosk:learn/other-topic"),
        ("other-topic.es.md", "kiosk:learn/other-topic"),
        ("../treatments/ptsd.es.md", "kiosk:treatments/ptsd"),
        ("../treatments/ptsd.md#side-effects", "kiosk:treatments/ptsd"),
        ("my%20topic.md", "kiosk:learn/my topic"),
    ],
)
def test_links_to_content_files_become_kiosk_routes(render: Render, href: str, route: str) -> None:
    result = render(f"[Read this]({href})")

    assert result.html == f'<p><a href="{route}">Read this</a></p>'
    assert result.warnings == []


def test_a_link_to_a_topic_that_does_not_exist_is_reported(render: Render) -> None:
    result = render("[Gone](gone.md)")

    assert result.html == '<p><a href="kiosk:learn/gone">Gone</a></p>'
    assert result.warnings == [
        "link to 'gone.md': there is no such file, so the link does nothing; check the file name"
    ]


def test_reference_style_links_are_routed_too(render: Render) -> None:
    result = render("See [PTSD][p].\n\n[p]: ../treatments/ptsd.md")

    assert result.html == '<p>See <a href="kiosk:treatments/ptsd">PTSD</a>.</p>'


@pytest.mark.parametrize(
    "href",
    [
        "https://example.org/page",
        "http://example.org",
        "mailto:care@example.org",
        "tel:+15551234567",
        "javascript:alert(1)",
        "file:///etc/passwd",
        "//example.org/x.md",
    ],
)
def test_links_that_would_leave_the_kiosk_lose_their_target(render: Render, href: str) -> None:
    result = render(f"[Click]({href})")

    assert result.html == '<p><a class="inert-link">Click</a></p>'
    assert result.warnings == [
        f"link to '{href}' will not open on the kiosk; put web addresses in the page's QR code "
        "instead"
    ]


@pytest.mark.parametrize(
    "href",
    [
        "../../outside.md",
        "../../../etc/passwd",
        "/etc/passwd.md",
        "../images/brain.svg",
        "../site.yaml",
        "../learn/",
        "sub/deeper.md",
        "../other/topic.md",
    ],
    ids=[
        "parent",
        "far-parent",
        "absolute",
        "picture",
        "site-yaml",
        "folder",
        "deeper",
        "no-section",
    ],
)
def test_links_that_are_not_a_topic_in_this_folder_are_dropped(render: Render, href: str) -> None:
    result = render(f"[Here]({href})")

    assert result.html == '<p><a class="inert-link">Here</a></p>'
    assert result.warnings == [
        f"link to '{href}' does not point to a topic or treatment in this folder; link to "
        "another .md file in learn/ or treatments/"
    ]


@pytest.mark.parametrize("href", ["#top", ""])
def test_in_page_and_empty_links_are_inert_without_a_warning(render: Render, href: str) -> None:
    result = render(f"[Here]({href})")

    assert result.html == '<p><a class="inert-link">Here</a></p>'
    assert result.warnings == []


def test_an_email_autolink_is_reported_as_the_address_the_admin_wrote(render: Render) -> None:
    # Python-Markdown obfuscates <care@example.org> into entity placeholders; the warning must
    # still be readable (no \x02 / \x03 placeholder bytes) and name the address.
    result = render("Write to <care@example.org>.")

    assert result.html == '<p>Write to <a class="inert-link">care@example.org</a>.</p>'
    assert len(result.warnings) == 1
    assert "care@example.org" in result.warnings[0]
    assert "\x02" not in result.warnings[0]
    assert "\x03" not in result.warnings[0]


def test_control_characters_are_removed_and_reported(render: Render) -> None:
    result = render("Text\x00 with\x07 bells [Odd](a\x00b.md)")

    assert result.html == '<p>Text with bells <a href="kiosk:learn/ab">Odd</a></p>'
    assert result.warnings == [
        "link to 'ab.md': there is no such file, so the link does nothing; check the file name",
        "3 invisible control character(s) were removed",
    ]


@pytest.mark.parametrize("body", ["[Odd](%00)", "[Odd](a%00b.md)"])
def test_a_null_byte_in_a_link_is_dropped_not_a_crash(render: Render, body: str) -> None:
    result = render(body)

    assert "href" not in result.html
    assert "Odd" in result.html
    assert len(result.warnings) == 1


@pytest.mark.parametrize(
    "body",
    ["[Clinic](https://[clinic].org)", "[Odd](http://[)", "<http://[x>", "![Pic](http://[x/y.png)"],
)
def test_a_malformed_web_address_is_dropped_not_a_crash(render: Render, body: str) -> None:
    # urllib raises ValueError ("Invalid IPv6 URL") for a '[' in the host part.
    result = render(body)

    assert "href" not in result.html
    assert "<img" not in result.html
    assert len(result.warnings) == 1


# --- pictures ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "src", ["../images/brain.svg", "../images/../images/brain.svg", "%2E%2E/images/brain.svg"]
)
def test_pictures_in_the_folder_become_kiosk_images(render: Render, src: str) -> None:
    result = render(f"![A brain]({src})")

    assert result.html == '<p><img alt="A brain" src="kiosk-image:images/brain.svg"></p>'
    assert result.images == ["images/brain.svg"]
    assert result.warnings == []


def test_picture_titles_are_kept(render: Render) -> None:
    result = render('![A brain](../images/brain.svg "Neurons")')

    assert result.html == (
        '<p><img alt="A brain" src="kiosk-image:images/brain.svg" title="Neurons"></p>'
    )


def test_every_picture_shown_is_listed_in_order(render: Render, content_root: Path) -> None:
    (content_root / "images" / "leaf.svg").write_text(SVG, encoding="utf-8")

    result = render("![](../images/leaf.svg)\n\n---\n\n![](../images/brain.svg)")

    assert result.images == ["images/leaf.svg", "images/brain.svg"]


def test_a_missing_picture_is_dropped_keeping_its_alt_text(render: Render) -> None:
    result = render("Look: ![Neurons firing](../images/missing.png) here.")

    assert result.html == "<p>Look: Neurons firing here.</p>"
    assert result.images == []
    assert result.warnings == [
        "picture '../images/missing.png' is missing (check the file name, and that the file is "
        "in the content folder); the page shows without it"
    ]


def test_a_missing_picture_without_alt_text_leaves_no_gap(render: Render) -> None:
    result = render("Look ![](../images/missing.png) here.")

    assert result.html == "<p>Look here.</p>"


def test_a_missing_picture_after_other_inline_markup_keeps_the_text_in_place(
    render: Render,
) -> None:
    result = render("**Bold** ![Alt](nope.png) tail")

    assert result.html == "<p><strong>Bold</strong> Alt tail</p>"


@pytest.mark.parametrize(
    "src", ["https://example.org/x.png", "http://example.org/x.png", "data:image/png;base64,AAAA"]
)
def test_pictures_from_the_web_are_dropped(render: Render, src: str) -> None:
    result = render(f"![Web]({src})")

    assert result.html == "<p>Web</p>"
    assert result.warnings == [
        f"picture '{src}' is not a file in the content folder; the kiosk never loads pictures "
        "from the web: copy it into images/ and refer to it there"
    ]


def test_a_leading_slash_counts_from_the_content_folder(render: Render) -> None:
    result = render("![Brain](/images/brain.svg) ![Hosts](/etc/hosts)")

    assert result.images == ["images/brain.svg"]
    assert result.warnings == [
        "picture '/etc/hosts' is missing (check the file name, and that the file is in the "
        "content folder); the page shows without it"
    ]


@pytest.mark.parametrize("src", ["../../outside.svg", "../../../../../../etc/hosts"])
def test_pictures_outside_the_folder_are_dropped(
    render: Render, content_root: Path, src: str
) -> None:
    (content_root.parent / "outside.svg").write_text(SVG, encoding="utf-8")

    result = render(f"![Out]({src})")

    assert result.html == "<p>Out</p>"
    assert result.images == []
    assert result.warnings == [
        f"picture '{src}' is outside the content folder; move it into images/"
    ]


def test_a_symlink_out_of_the_folder_is_outside(render: Render, content_root: Path) -> None:
    outside = content_root.parent / "secret.svg"
    outside.write_text(SVG, encoding="utf-8")
    (content_root / "images" / "link.svg").symlink_to(outside)

    result = render("![Link](../images/link.svg)")

    assert result.html == "<p>Link</p>"
    assert result.warnings == [
        "picture '../images/link.svg' is outside the content folder; move it into images/"
    ]


def test_a_folder_is_not_a_picture(render: Render) -> None:
    result = render("![Folder](../images)")

    assert result.html == "<p>Folder</p>"
    assert len(result.warnings) == 1
    assert result.warnings == [
        "picture '../images' is a folder, not a picture; the page shows without it"
    ]


@pytest.mark.parametrize("body", ["![Odd](%00.png)", "![Odd](a%00b.png)"])
def test_a_null_byte_in_a_picture_is_dropped_not_a_crash(render: Render, body: str) -> None:
    result = render(body)

    assert "<img" not in result.html
    assert result.images == []
    assert len(result.warnings) == 1


# --- raw HTML ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "html"),
    [
        ("<script>alert('hi')</script>\n\nText", "\n\n<p>Text</p>"),
        ("<style>p { color: red }</style>\n\nText", "\n\n<p>Text</p>"),
        ('<iframe src="https://example.org">inside</iframe>', "inside"),
        ('<object data="x.swf"></object>', ""),
        ("<form><input name=pin></form>Text", "\n<p>Text</p>"),
        ('<p onclick="steal()" style="color: red">Hi</p>', "<p>Hi</p>"),
        ('<a href="https://example.org" onclick="x()">Web</a>', "<p><a>Web</a></p>"),
        ('<img src="https://example.org/x.png" onerror="x()">', "<p><img></p>"),
        ('<img src="file:///etc/passwd">', "<p><img></p>"),
        ('<a href="javascript:alert(1)">JS</a>', "<p><a>JS</a></p>"),
        ("<!-- admin note -->\nText", "\n<p>Text</p>"),
        ('<svg><script>alert(1)</script></svg>', "<p></p>"),
        (
            '<div class="note" id="n1" title="T" style="x" data-x="1">Kept</div>',
            '<div class="note" id="n1" title="T">Kept</div>',
        ),
    ],
    ids=[
        "script", "style-tag", "iframe", "object", "form", "onclick-style", "raw-web-link",
        "raw-web-image", "raw-file-image", "raw-js-link", "comment", "svg-script", "allowed-attrs",
    ],
)  # fmt: skip
def test_raw_html_is_cut_to_the_allow_list(render: Render, body: str, html: str) -> None:
    result = render(body)

    assert result.html == html


def test_attribute_lists_cannot_add_style_or_event_handlers(render: Render) -> None:
    result = render('A paragraph\n{: .note style="color: red" onclick="x()" }')

    assert result.html == '<p class="note">A paragraph</p>'


def test_attribute_lists_on_headings_keep_ids_and_classes(render: Render) -> None:
    assert render("## Side effects {: #side .big }").html == (
        '<h2 class="big" id="side">Side effects</h2>'
    )


def test_code_shows_html_as_text(render: Render) -> None:
    result = render("Type `<script>` here.")

    assert result.html == "<p>Type <code>&lt;script&gt;</code> here.</p>"


# --- markdown features -------------------------------------------------------------------------


def test_tables(render: Render) -> None:
    result = render("| Drug | Dose |\n|------|------|\n| A | 1 mg |")

    assert result.html == (
        "<table>\n<thead>\n<tr>\n<th>Drug</th>\n<th>Dose</th>\n</tr>\n</thead>\n"
        "<tbody>\n<tr>\n<td>A</td>\n<td>1 mg</td>\n</tr>\n</tbody>\n</table>"
    )


def test_table_column_alignment_survives_sanitizing(render: Render) -> None:
    # The allow-list keeps 'align' on th/td for this; Python-Markdown must be asked to emit it
    # (by default it writes style="text-align: ...", which the sanitizer removes).
    result = render("| Drug | Dose |\n|:-----|-----:|\n| A | 1 mg |")

    assert result.html == (
        "<table>\n<thead>\n<tr>\n"
        '<th align="left">Drug</th>\n<th align="right">Dose</th>\n'
        "</tr>\n</thead>\n<tbody>\n<tr>\n"
        '<td align="left">A</td>\n<td align="right">1 mg</td>\n'
        "</tr>\n</tbody>\n</table>"
    )


def test_smart_quotes_dashes_and_ellipses(render: Render) -> None:
    result = render("\"Hello,\" she said -- it's 'fine' --- really...")

    assert result.html == "<p>“Hello,” she said – it’s ‘fine’ — really…</p>"


def test_definition_lists(render: Render) -> None:
    assert render("Ketamine\n: A medicine").html == (
        "<dl>\n<dt>Ketamine</dt>\n<dd>A medicine</dd>\n</dl>"
    )


def test_the_pipeline_never_searches_installed_packages_for_extensions(
    monkeypatch: pytest.MonkeyPatch, content_root: Path
) -> None:
    # Extensions given by name make Python-Markdown read every installed package's entry
    # points, 40 ms of the first topic a kiosk opens; the pipeline hands it instances.
    import markdown.util

    def searched() -> None:
        raise AssertionError("looked up extensions by name")

    monkeypatch.setattr(markdown.util, "get_installed_extensions", searched)
    pipeline = MarkdownPipeline()

    result = pipeline.render(
        "| a |\n|:--|\n| b |", source=content_root / "learn" / "t.md", root=content_root
    )
    assert '<td align="left">b</td>' in result.html


def nested_list(levels: int) -> str:
    return "\n".join("    " * depth + "- item" for depth in range(levels))


def test_lists_nested_as_deep_as_a_screen_has_room_for_are_shown(render: Render) -> None:
    assert render(nested_list(MAX_NESTING)).html.count("<ul>") == MAX_NESTING


@pytest.mark.parametrize(
    "body",
    [
        nested_list(MAX_NESTING + 1),
        nested_list(300),  # Python-Markdown 3.11.4 converts this without a RecursionError
        ">" * (MAX_NESTING + 1) + " deep",
        "<div>"
        + "<blockquote>" * (MAX_NESTING + 1)
        + "raw"
        + "</blockquote>" * (MAX_NESTING + 1)
        + "</div>",
    ],
    ids=["lists", "300 levels", "quotes", "raw HTML"],
)
def test_lists_or_quotes_nested_deeper_are_refused_by_name(render: Render, body: str) -> None:
    with pytest.raises(ContentError, match=r"topic\.md:1: is nested too deeply .* room for 20"):
        render(body)


def test_sane_lists_keep_ordered_and_bulleted_lists_apart(render: Render) -> None:
    assert render("1. one\n2. two\n\n* dot").html == (
        "<ol>\n<li>one</li>\n<li>two</li>\n</ol>\n<ul>\n<li>dot</li>\n</ul>"
    )


def test_ordered_lists_keep_their_start(render: Render) -> None:
    assert render("3. three\n4. four").html == (
        '<ol start="3">\n<li>three</li>\n<li>four</li>\n</ol>'
    )


# --- reuse -------------------------------------------------------------------------------------


def test_each_render_starts_fresh(render: Render) -> None:
    first = render("[Web](https://example.org) ![Gone](gone.png)\n\n[p]: ../treatments/ptsd.md")
    second = render("[Still a reference?][p] ![Brain](../images/brain.svg)")

    assert len(first.warnings) == 2
    assert second.warnings == []
    assert second.images == ["images/brain.svg"]
    assert "kiosk:treatments/ptsd" not in second.html


def test_the_source_file_decides_where_relative_links_point(content_root: Path) -> None:
    pipeline = MarkdownPipeline()

    from_learn = pipeline.render(
        "[x](y.md)", source=content_root / "learn" / "a.md", root=content_root
    )
    from_treatments = pipeline.render(
        "[x](y.md)", source=content_root / "treatments" / "a.md", root=content_root
    )

    assert from_learn.html == '<p><a href="kiosk:learn/y">x</a></p>'
    assert from_treatments.html == '<p><a href="kiosk:treatments/y">x</a></p>'


# --- properties --------------------------------------------------------------------------------

MARKDOWNISH = st.text(
    alphabet=st.sampled_from(
        [*"abc XYZ\n\t-*_`~#>|:!()[]{}<>/.%\"'&;=\\0123456789", "\x00", "é", "\u2028"]
    ),
    max_size=300,
)
# Whole pieces of markdown syntax, so that links, pictures, fences and breaks actually form.
MARKDOWN_TOKENS = st.lists(
    st.one_of(
        st.sampled_from(
            ["[a](", "![b](", ")", "](", "../", "learn/", "images/brain.svg", ".md", "#x", "%",
             "%00", "%2E", "\x00", "---\n", "```\n", "~~~\n", "\n\n", "<script>", "</a>",
             '<a href="', '<img src="', '">', "{: ", " }", "| a | b |\n|---|---|\n", "https://",
             "mailto:", "<x@y.z>", "*", "> ", "1. ", "- "]
        ),
        st.text(max_size=5),
    ),
    max_size=40,
).map("".join)  # fmt: skip


@settings(
    max_examples=300, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=st.one_of(st.text(max_size=300), MARKDOWNISH, MARKDOWN_TOKENS))
def test_any_text_renders_to_html_without_raising(render: Render, body: str) -> None:
    result = render(body)

    assert isinstance(result.html, str)
    assert "<script" not in result.html.lower()
    assert all(isinstance(warning, str) for warning in result.warnings)
