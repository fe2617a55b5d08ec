"""Pages a scraper or a reader service gave as Markdown (stage 1, dedup.normalize): a link's
target holds no words, lines of links or images are furniture with the heading of their list,
emphasis around a line does not hide a byline, a reader service's header block is furniture;
and the page's first two lines above its header (a skip link, the site's name)."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from dedup.document import Document
from dedup.normalize import analyze, finalize, text_template_candidates, template_candidates, tokenize

BODY = [
    "A seagrass meadow in Calder Bay has more than tripled in size since 2020, according to a survey "
    "by marine scientists published in the journal [Coastal Ecology Letters](https://journals.example/cel/2025).",
    "The team used drone photography and divers to map the meadow and found it now covers 13.6 hectares, "
    "up from 4.1 hectares when the first full survey was carried out five years ago.",
    "Researchers credit the recovery largely to a ban on anchoring in the inner bay, introduced by the "
    "harbour authority in 2019, and to a volunteer replanting scheme.",
]

PAGE = "\n\n".join([
    "[![Coastwatch News](https://cdn.coastwatch.example/assets/logo.svg)](https://coastwatch.example/)",
    "* [Home](https://coastwatch.example/)\n* [Wildlife](https://coastwatch.example/wildlife/)\n"
    "* [Fisheries](https://coastwatch.example/fisheries/)",
    "# Calder Bay's seagrass is back: meadow now three times bigger than in 2020",
    "_Science desk · 15 May 2025 · 4 min read_",
    "![Divers surveying seagrass in Calder Bay](https://cdn.coastwatch.example/2025/05/seagrass.jpg)",
    BODY[0], BODY[1],
    "## An anchoring ban",
    BODY[2],
    "Tags: [seagrass](https://coastwatch.example/tag/seagrass/) [habitat](https://coastwatch.example/tag/habitat/)",
    "## Read next",
    "* [Harbour porpoises off Saltby reach record numbers](https://coastwatch.example/wildlife/porpoise/)\n"
    "* [Why microplastics are turning up in oysters](https://coastwatch.example/pollution/oysters/)",
])


def prepared(text: str):
    return finalize(analyze(Document("x", text)))


def words(text: str) -> list[str]:
    return [w for _, _, w in tokenize(text)]


def test_a_links_target_holds_no_words():
    assert words("See [the report](https://www.example.org/reports/2025-flood.pdf) now.") == ["see", "the", "report", "now"]
    assert words("[![Logo](https://cdn.x.example/logo.png)](https://x.example/)") == ["logo"]
    # a title in quotes and a path with brackets belong to the target too
    assert words('[a](https://x.example/wiki/Foo_(bar) "Title here") b') == ["a", "b"]
    # brackets and parentheses in prose are no link
    assert words("He said [sic] (in 2019) that it was fine.") == ["he", "said", "sic", "in", "2019", "that", "it",
                                                                      "was", "fine"]
    # non-ASCII text takes the same path
    assert words("Voir [le rapport](https://x.example/é) — déjà vu") == words("Voir le rapport — déjà vu")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab [](){}!/.:# \n", max_size=60))
def test_the_words_of_any_text_are_words_of_its_text(text):
    # offsets stay offsets into the text, in order, and template keys agree with the lines'
    toks = tokenize(text)
    assert all(0 <= s < e <= len(text) for s, e, _ in toks)
    assert [s for s, _, _ in toks] == sorted(s for s, _, _ in toks)
    p = analyze(Document("x", text))
    assert text_template_candidates(text)[1] == template_candidates(p)[1]


def test_lines_of_links_and_images_are_furniture_with_their_lists_heading():
    p = prepared(PAGE)
    bp = [PAGE[s.start:s.end] for s in p.boilerplate]
    joined = "\n".join(bp)
    for line in ("[![Coastwatch News]", "* [Wildlife]", "![Divers surveying", "Tags: [seagrass]",
                 "## Read next", "* [Harbour porpoises", "_Science desk · 15 May 2025"):
        assert line in joined, line
    content = [PAGE[s.start:s.end] for s in p.sentences]
    # the headline, the body with its inline link, and a section heading over text stay text
    assert any("Calder Bay's seagrass is back" in c for c in content)
    assert any("Coastal Ecology Letters" in c for c in content)
    assert any(c.startswith("## An anchoring ban") or c == "An anchoring ban" or "An anchoring ban" in c
               for c in content)
    assert "https" not in p.content and "coastwatch" not in p.content


def test_a_line_with_a_link_among_its_words_stays_text():
    text = "\n\n".join([BODY[0], "Read the [full survey](https://x.example/s.pdf) on the council's website for "
                                 "the maps and the species counts of every site.", BODY[1]])
    assert prepared(text).boilerplate == []


def test_a_reader_services_header_block_is_furniture():
    text = "\n".join(["Title: Calder Bay seagrass recovery among fastest in UK | Marine Matters",
                      "", "URL Source: https://marinematters.example/news/calder-bay-seagrass",
                      "", "Published Time: 2025-05-16T08:12:00+01:00", "", "Markdown Content:",
                      "Calder Bay seagrass recovery among fastest in UK", "", *BODY])
    bp = [text[s.start:s.end] for s in prepared(text).boilerplate]
    joined = "\n".join(bp)
    for line in ("Title: Calder Bay", "URL Source:", "Published Time:", "Markdown Content:"):
        assert line in joined, line
    # without an address or e-mail among them, three labelled lines are no header
    plain = "\n".join(["Warning: heavy rain", "Roads: closed", "Schools: shut", "", *BODY])
    assert not any("Warning" in text_ for text_ in (plain[s.start:s.end] for s in prepared(plain).boilerplate))


def test_the_pages_first_two_lines_above_its_menu_are_furniture():
    text = "\n".join(["Skip to content", "Saltby & District Gazette",
                      "Home | News | Sport | Business | Environment | Letters",
                      "Seagrass meadow in Calder Bay has tripled in size in five years",
                      "By Owen Marsh", "Thursday 15 May 2025, 6:00 am", *BODY])
    bp = "\n".join(text[s.start:s.end] for s in prepared(text).boilerplate)
    assert "Skip to content" in bp and "Saltby & District Gazette" in bp
    assert "Seagrass meadow" not in bp
    # a headline above a breadcrumb stays the headline
    text = "\n".join(["Seagrass meadow in Calder Bay has tripled", "Home › News › Science",
                      "Thursday 15 May 2025, 6:00 am", *BODY])
    bp = "\n".join(text[s.start:s.end] for s in prepared(text).boilerplate)
    assert "Seagrass meadow" not in bp


def test_a_posts_dated_line_under_its_headline_is_furniture_not_a_tables_note():
    text = "\n".join(["Former town clerk jailed for stealing council funds",
                      "Posted by newsdesk on March 14, 2025", *BODY])
    bp = "\n".join(text[s.start:s.end] for s in prepared(text).boilerplate)
    assert "Posted by newsdesk" in bp
    # a report of figures without stops: its note further down keeps its line
    table = "\n".join(["Shr 30 cts vs 36 cts", "Net 1,211,000 vs 1,428,000", "Revs 1,536,000 vs 1,743,000",
                       "NOTE: Year-ago period ended Feb 1, 1986", "Shr 1.36 dlrs vs 62 cts"])
    assert prepared(table).boilerplate == []


def test_ad_slots_of_blog_templates_and_more_scripts_are_furniture():
    for label in ("Advertisements\nREPORT THIS AD", "Anzeigen", "ໂຄສະນາ", "ကြော်ငြာ", "Сурталчилгаа", "Ìpolówó ọjà"):
        text = "\n\n".join([BODY[0], label, BODY[1], BODY[2]])
        bp = [text[s.start:s.end] for s in prepared(text).boilerplate]
        assert bp == [label], (label, bp)
    # the same words inside a sentence are text
    text = "\n\n".join([BODY[0], "The council said the anzeigen were printed in error.", BODY[1]])
    assert prepared(text).boilerplate == []


def test_a_feeds_notice_holding_the_headline_under_the_text_is_furniture():
    head = "Seagrass meadow in Calder Bay has tripled in size in five years"
    text = "\n".join([head, "Saltby Gazette » Environment", "15 May 2025, 06:00", *BODY,
                      f"The post {head} appeared first on Saltby & District Gazette."])
    bp = "\n".join(text[s.start:s.end] for s in prepared(text).boilerplate)
    assert "The post Seagrass" in bp
    # a lead that opens with the headline, or restates it inside a longer text, stays text
    lead = f"{head}, the survey published on Wednesday found, after the anchoring ban."
    text = "\n".join([head, "15 May 2025, 06:00", lead, *BODY])
    assert "survey published on Wednesday" not in "\n".join(text[s.start:s.end] for s in prepared(text).boilerplate)
    text = "\n".join([head, "15 May 2025, 06:00", *BODY[:2], f"Officials said {head} on Friday.", BODY[2]])
    assert "Officials said" not in "\n".join(text[s.start:s.end] for s in prepared(text).boilerplate)


def test_a_byline_of_a_short_word_in_lower_case_and_a_name_above_the_date_line():
    text = "\n".join(["Gelata in Val Cerrina, perso fino al 70% delle albicocche", "di Stefano Moretti",
                      "9 aprile 2025, 13:20", *BODY])
    bp = "\n".join(text[s.start:s.end] for s in prepared(text).boilerplate)
    assert "di Stefano Moretti" in bp and "Gelata" not in bp


def test_a_line_naming_a_long_web_address_with_few_other_words_is_furniture():
    line = ("This article was printed from https://www.saltbygazette.example/news/environment/"
            "seagrass-meadow-calder-bay-tripled-2025-05-15 on 16 May 2025")
    text = "\n\n".join([*BODY, line])
    assert [text[s.start:s.end] for s in prepared(text).boilerplate] == [line]


def test_a_photos_credit_under_its_caption_is_furniture():
    # a credit naming an institution with a short word in lower case, under a caption
    text = "\n\n".join([BODY[0], "Divers from the university mapping the meadow last September.",
                        "Photo: University of Eastmoor", BODY[1], BODY[2]])
    assert [text[s.start:s.end] for s in prepared(text).boilerplate] == ["Photo: University of Eastmoor"]
    # under a Markdown image's caption written without a stop
    text = "\n\n".join([BODY[0], "![Divers](https://cdn.x.example/divers.jpg)", "新工場の完成予想図",
                        "画像：浜織提供", BODY[1], BODY[2]])
    bp = [text[s.start:s.end] for s in prepared(text).boilerplate]
    assert any("画像：浜織提供" in b for b in bp) and not any("新工場" in b for b in bp)
