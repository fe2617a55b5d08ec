"""A page's own date read from its furniture (dedup.pagedate), and how ranking uses it: a
wire's flash before its update, which holds all of the flash and more."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

from dedup import Index, Options, batch
from dedup.cli import main
from dedup.document import Document, Span
from dedup.original import rank
from dedup.pagedate import PageDates, line_dates, line_times, months, page_dates, ranking_dates

UPDATES = Path(__file__).parent / "fixtures" / "updates"


def dates(line):
    return [d.isoformat() for _, _, d in line_dates(line)]


def times(line):
    return [t.strftime("%H:%M") for _, _, t in line_times(line, line_dates(line))]


@pytest.mark.parametrize("line, want", [
    ("2024-05-14", ["2024-05-14"]),
    ("Stand: 20.06.2024, 16:05 Uhr", ["2024-06-20"]),
    ("Publicado: 03/06/2024 08:31", ["2024-06-03"]),  # day first when both could be the month
    ("5/14/2024 9:41 am", ["2024-05-14"]),  # month first when the day cannot be
    ("15. 1. 2025", ["2025-01-15"]),
    ("2024年5月14日 15:10", ["2024-05-14"]),
    ("2024년 5월 14일", ["2024-05-14"]),
    ("Published 07:12 BST, Tuesday 14 May 2024", ["2024-05-14"]),
    ("Lunes, 3 de junio de 2024, 10:48", ["2024-06-03"]),
    ("Tuesday, May 14, 2024 — 9:41 am", ["2024-05-14"]),
    ("Castrovega, 30 may. 2024 · 07:52", ["2024-05-30"]),
    ("11.mar.2025 às 14h20", ["2025-03-11"]),  # with stops and no spaces
    ("Atualizado 2.set.2024 - 9h05", ["2024-09-02"]),
    ("v1.2.mar.2025", []),  # no day (a version number before it)
    ("Donnerstag, 20. Juni 2024 – 12:58 Uhr", ["2024-06-20"]),
    ("15 maja 2024", ["2024-05-15"]),  # a genitive, as dates write it
    ("18 กรกฎาคม 2568", ["2025-07-18"]),  # the Buddhist era
    ("۲۲ اکتبر ۲۰۲۴", ["2024-10-22"]),  # Persian digits
    ("18. 2. 2025 22:47 | Aktualizováno 19. 2. 2025 7:05", ["2025-02-18", "2025-02-19"]),
    ("31/02/2024", []),  # no such day
    ("Publié le 9 juillet à 22h04", []),  # no year: no whole date
    ("2024. gada 14. novembris, 18:05", ["2024-11-14"]),  # the year first
    ("2025 m. gegužės 27 d., 12:10", ["2025-05-27"]),
    ("2024. november 14.", ["2024-11-14"]),
    ("Sunday, November 27 - 2005 at 16: 12", ["2005-11-27"]),
    ("प्रकाशित: 22 अगस्त 2024, 11:40 AM IST", ["2024-08-22"]),  # a month's name with vowel signs
    ("Cập nhật: 11:20 thứ Hai, ngày 13 tháng 1 năm 2025", ["2025-01-13"]),  # a word and the month's number
    ("13 tháng 1, 2025 | 16:45", ["2025-01-13"]),
    ("Published 14th May 2025 07:45", ["2025-05-14"]),  # an ordinal day
    ("Updated 1st March 2025", ["2025-03-01"]),
    ("14 Flugzeuge 2024", []),  # not a month's name
    ("In 2024 the board met 12 times", []),
    # the Gregorian months Sri Lankan pages write (CLDR names only the traditional ones)
    ("2025 අගෝස්තු 20 බදාදා, පෙ.ව. 8.45", ["2025-08-20"]),
    ("බදාදා, අගෝස්තු 20, 2025", ["2025-08-20"]),
    ("12 අප්\u200dරේල් 2025", ["2025-04-12"]),  # a zero-width joiner inside the name
    # the month's number before a word for "month" (Mongolian, CLDR's "7-р сар")
    ("2025 оны 7-р сарын 7, Даваа гараг 09:40", ["2025-07-07"]),
    ("Д.Хулан | 2025 оны 7 сарын 8", ["2025-07-08"]),
    # a month's name glued to a word for "month", in scripts written without spaces: Khmer
    # "the 23rd, month September, year 2025"; Burmese "2025 year, June month, 2 day"
    ("ចុះផ្សាយ៖ ថ្ងៃអង្គារ ទី២៣ ខែកញ្ញា ឆ្នាំ២០២៥ វេលាម៉ោង ១០:១៥ ព្រឹក", ["2025-09-23"]),
    ("၂၀၂၅ ခုနှစ်၊ ဇွန်လ ၂ ရက် (တနင်္လာနေ့) နံနက် ၁၁:၃၀", ["2025-06-02"]),
    ("2025 ခုနှစ်၊ ဇွန်လ 3 ရက် · ဖတ်ရှုချိန် 4 မိနစ်", ["2025-06-03"]),
    ("၂၀၂၅ ခုနှစ်၊ ကျောင်းသား ၂ ဦး", []),  # no month's name
    # CLDR's forms: Uzbek "d-MMMM, y" with "yil" (year), Basque "y('e')'ko' MMMM'ren' d('a')",
    # Hausa with "ga" between the day and the month
    ("18-sentabr, 2025-yil, 09:30", ["2025-09-18"]),
    ("2025-yil 18-sentabr, 14:40", ["2025-09-18"]),
    ("2025eko urtarrilaren 30a, osteguna | 09:15", ["2025-01-30"]),
    ("Alhamis, 3 ga Yuli, 2025 | 8:05 na safe", ["2025-07-03"]),
    ("2024 marathon 12", []),
    # CLDR's long and medium forms in more languages (written by Babel for 18 September 2025)
    ("18 ก.ย. 2568", ["2025-09-18"]),  # Thai: an abbreviation with stops inside, the Buddhist era
    ("18 กันยายน ค.ศ. 2025", ["2025-09-18"]),  # an era's abbreviation before the year
    ("18 ກ.ຍ. 2025", ["2025-09-18"]),
    ("18\u200f/09\u200f/2025", ["2025-09-18"]),  # Arabic: right-to-left marks
    ("18 בספטמבר 2025", ["2025-09-18"]),  # Hebrew: "in September"
    ("18 בספט׳ 2025", ["2025-09-18"]),  # and its abbreviation, with a geresh
    ("18 सित॰ 2025", ["2025-09-18"]),  # Devanagari's abbreviation sign
    ("dijous, 18 de setembre del 2025", ["2025-09-18"]),
    ("Il-Ħamis, 18 ta\u2019 Settembru 2025", ["2025-09-18"]),
    ("18, సెప్టెంబర్ 2025, గురువారం", ["2025-09-18"]),
    ("2025-ж., 18-сентябрь, бейшемби", ["2025-09-18"]),
    ("Déardaoin 18 Meán Fómhair 2025", ["2025-09-18"]),  # a month's name of two words
    ("2025\u202fоны есдүгээр сарын 18, пүрэв гараг", ["2025-09-18"]),
    ("Ọjọ́bọ, 18 Oṣù Owewe 2025", ["2025-09-18"]),
    ("On 18 Irish Sea 2025 crossings", []),
    ("13 בנוב' 2025 08:05", ["2025-11-13"]),  # an apostrophe for the geresh
    ("Dimarts, 14 d’octubre de 2025, 07.45 h", ["2025-10-14"]),  # "de" elided and glued
    ("2025-жылдын 21-октябры, 17:40", ["2025-10-21"]),
    ("நவ. 26, 2025", ["2025-11-26"]),  # two letters and a stop
    ("中華民國114年1月14日（星期二）下午7:10", ["2025-01-14"]),  # the Republic of China's years
    ("令和7年1月14日 午前9:40", ["2025-01-14"]),  # Japan's Reiwa era
])
def test_line_dates(line, want):
    assert dates(line) == want


@pytest.mark.parametrize("line, want", [
    ("Published 07:12 BST, Tuesday 14 May 2024", ["07:12"]),
    ("Tuesday, May 14, 2024 — 9:41 am", ["09:41"]),
    ("May 14, 2024 at 4:20 pm", ["16:20"]),
    ("Publié le 9 juillet à 22h04, mis à jour le 10 juillet à 07h15", ["22:04", "07:15"]),
    ("Diperbarui Kamis, 12/9/2024 pukul 18.05", ["18:05"]),  # a stop, on a line with a date
    ("Skor akhir 18.05", []),  # ... and not on a line without one
    ("20.06.2024", []),  # a date's own digits are no time
    ("Score 3:1 after 90 minutes", []),
    ("2025년 11월 6일 오후 2:35", ["14:35"]),
    ("2025年2月4日 午前9:40", ["09:40"]),
    ("১৭ জুলাই ২০২৫, ০২:১০ পিএম", ["14:10"]),  # a language's word for after noon, after the time
    ("10 Φεβ 2025 • 7:15 μ.μ.", ["19:15"]),
    ("8:30 Uhr", ["08:30"]),
    ("Published 03/04/2025 11:52 a.m. ET | Updated 03/05/2025 8:05 p.m. ET", ["11:52", "20:05"]),
    # the day's half before the time, as Sinhala writes it (p.m., a.m.); not a Latin word
    ("2025 අගෝස්තු 20 | ප.ව. 3.10 | ලියූයේ: නිරෝෂා සමරවීර", ["15:10"]),
    ("2025 අගෝස්තු 20 බදාදා, පෙ.ව. 8.45", ["08:45"]),
    ("14 May 2024 de 10:00 a 12:00", ["10:00", "12:00"]),
    ("14 May 2024 9.41 pm", ["21:41"]),
    # a language's word for the evening or the morning (CLDR's day periods), before or after
    ("ದಿನಾಂಕ: ೧೦-೦೯-೨೦೨೫  ಸಮಯ: ಸಂಜೆ ೫:೧೫", ["17:15"]),  # Kannada: evening 5:15
    ("14 mai 2024, 8:30 du soir", ["20:30"]),
    ("14 mai 2024, 8:30 du matin", ["08:30"]),
    ("An wallafa: 3 ga Yuli, 2025 - 4:40 na yamma", ["16:40"]),  # the day's half after a short word
    ("18\u200f/09\u200f/2025، 2:40 م", ["14:40"]),  # Arabic's one-letter word for after noon
    ("18.9.2025 14.40.00", ["14:40"]),  # a time written with stops, its seconds too
    ("बुधवार, 9 अप्रैल 2025 | सुबह 7:20 बजे", ["07:20"]),
    ("நவ. 26, 2025 இரவு 7:45", ["19:45"]),  # a word for the night: 7:45 in the evening
    ("14 mai 2024, 11:30 du soir", ["23:30"]),
])
def test_line_times(line, want):
    assert times(line) == want


def test_month_names_cover_many_languages_and_keep_one_month_each():
    names = months()
    assert len(names) > 3000
    for name, number in [("may", 5), ("mai", 5), ("mar", 3), ("junio", 6), ("märz", 3), ("мая", 5),
                         ("toukokuuta", 5), ("listopada", 11), ("ağustos", 8), ("септември", 9)]:
        assert names[name] == number, name
    assert set(names.values()) == set(range(1, 13))


def _furniture(text, *lines):
    """Spans of the given lines of ``text`` (as stage 1 would mark them furniture)."""
    out = []
    for line in lines:
        a = text.index(line)
        out.append(Span(a, a + len(line)))
    return sorted(out, key=lambda s: s.start)


def test_page_dates_first_published_and_last_updated():
    text = ("WIRE\nFire at the docks\nFirst published 07:12 · Updated 09:05 BST, 14 May 2024\n"
            "A fire broke out at the docks on 12 May 2024 at 23:50, the brigade said.\n© Wire 2024\n")
    bp = _furniture(text, "WIRE", "First published 07:12 · Updated 09:05 BST, 14 May 2024", "© Wire 2024")
    assert page_dates(text, bp)[:2] == ("2024-05-14T07:12", "2024-05-14T09:05")
    # the content sentence's date is never read
    assert page_dates(text, _furniture(text, "WIRE", "© Wire 2024")) is None
    # each time goes with the date next to it: published on the 18th, updated on the 19th
    text = "18. 2. 2025 22:47 | Aktualizováno 19. 2. 2025 7:05\nBody text.\n"
    assert page_dates(text, _furniture(text, text.splitlines()[0]))[:2] == ("2025-02-18T22:47", "2025-02-19T07:05")
    # a time on a nearby line of the same block goes with the line's date
    text = "Dienstag, 18.06.2024\nErstmeldung 11:47 Uhr · Aktualisiert 12:20 Uhr\nBody.\n"
    assert page_dates(text, _furniture(text, *text.splitlines()[:2]))[:2] == ("2024-06-18T11:47", "2024-06-18T12:20")
    # of a line of cells, only the cell holding the date counts its words
    text = ("Community release | 02/10/2024 13:40 | Source: Larkmoor Food Network via PR Newsdesk Direct\n"
            "Body.\n")
    assert page_dates(text, _furniture(text, text.splitlines()[0]))[:2] == ("2024-10-02T13:40", "2024-10-02T13:40")
    text = "Community release on 02/10/2024 13:40 from Larkmoor Food Network via PR Newsdesk Direct\nBody.\n"
    assert page_dates(text, _furniture(text, text.splitlines()[0])) is None  # one cell of ten words
    # a date with no time is a day
    text = "Domácí | 19. 2. 2025\nBody.\n"
    assert page_dates(text, _furniture(text, text.splitlines()[0]))[:2] == ("2025-02-19", "2025-02-19")


def test_a_live_page_s_entry_times_are_no_publication_times():
    """A copy of a live page's latest entries under its own date line: the times alone over
    each entry (three or more such lines) are the entries', not when the page was published;
    a single time alone under the date line still is."""
    entries = [("12:35", "Next launch set for September", "The chairman said the company plans another launch."),
               ("12:18", "Launch declared a success", "All six satellites are healthy, the company said."),
               ("12:06", "Satellites separate", "About 14 minutes into the flight the satellites separated.")]
    lines = ["Rocket puts six satellites into orbit", "2025-06-18 13:05 · Tech desk", "Source: East River Observer"]
    for when, title, said in entries:
        lines += [when, title, said]
    text = "\n".join(lines) + "\n"
    bp = _furniture(text, lines[1], lines[2], *(when for when, _, _ in entries))
    assert page_dates(text, bp)[:2] == ("2025-06-18T13:05", "2025-06-18T13:05")
    one = "\n".join(lines[:3] + list(entries[0])) + "\n"
    assert page_dates(one, _furniture(one, lines[1], lines[2], "12:35"))[:2] == ("2025-06-18T12:35", "2025-06-18T13:05")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789 :./-|,\n年月日APMapmhMayJuniojulliet")), max_size=120),
       st.lists(st.tuples(st.integers(0, 120), st.integers(0, 40)), max_size=4))
def test_page_dates_never_fails_and_orders_its_two_dates(text, cuts):
    spans = sorted({Span(min(a, len(text)), min(a + n, len(text))) for a, n in cuts}, key=lambda s: (s.start, s.end))
    found = page_dates(text, spans)
    if found is not None:
        first, last = found[:2]
        assert first <= last or (len(first) == 10 and last.startswith(first))
        for value in found[:2] + (found.month_first or ()):
            dt.datetime.fromisoformat(value)


def test_ranking_dates_fill_only_when_every_member_can_be_dated():
    pages = {0: PageDates("2024-05-14T07:12", "2024-05-14T07:12"), 1: PageDates("2024-05-14T07:12", "2024-05-14T09:05"),
             2: None}
    assert ranking_dates([None, None], pages.get) == (["2024-05-14T07:12"] * 2,
                                                      ["2024-05-14T07:12", "2024-05-14T09:05"])
    assert ranking_dates([None, None, None], pages.get) == ([None] * 3, [None] * 3)  # one page has none
    assert ranking_dates(["2024-01-01", None], pages.get) == (["2024-01-01", "2024-05-14T07:12"],
                                                              ["2024-01-01", "2024-05-14T09:05"])
    assert ranking_dates([None, None], pages.get, enabled=False) == ([None, None], [None, None])
    assert ranking_dates(["2024-01-01", "2024-01-02"], pages.get) == (["2024-01-01", "2024-01-02"],) * 2


def test_ranking_dates_read_a_date_either_way_as_the_other_members_days_say():
    # "03/04/2025" on a page that says nothing else: 3 April, or March 4
    either = PageDates("2025-04-03T11:52", "2025-05-03T08:05", ("2025-03-04T11:52", "2025-03-05T08:05"))
    plain = {1: PageDates("2025-03-04T16:30", "2025-03-04T16:30"), 2: PageDates("2025-03-05T02:40", "2025-03-05T02:40")}
    pages = {0: either, **plain}
    first, later = ranking_dates([None] * 3, pages.get)
    assert first == ["2025-03-04T11:52", "2025-03-04T16:30", "2025-03-05T02:40"]
    assert later[0] == "2025-03-05T08:05"
    # the others read day first: so is it
    pages = {0: either, 1: PageDates("2025-04-03T16:30", "2025-04-03T16:30")}
    assert ranking_dates([None] * 2, pages.get)[0][0] == "2025-04-03T11:52"
    # every member either way: the reading that spreads them over fewer days
    pages = {0: either, 1: PageDates("2025-04-03T16:30", "2025-04-03T16:30", ("2025-03-04T16:30",) * 2),
             2: PageDates("2025-12-02T10:00", "2025-12-02T10:00", ("2025-02-12T10:00",) * 2)}
    assert ranking_dates([None] * 3, pages.get)[0] == ["2025-03-04T11:52", "2025-03-04T16:30", "2025-02-12T10:00"]


def test_page_dates_skip_lists_of_dated_links_and_credit_lines():
    text = ("LATEST FROM THE LEDGER\n"
            "03/05/2025  School board delays vote on new bus contract\n"
            "03/05/2025  Harbor dredging bids come in over budget\n"
            "Mill fire destroys landmark\n"
            "Originally published by The Harbor Ledger on March 2, 2025. Summarized by the Briefline team.\n"
            "Posted March 4, 2025 4:30 PM EST\n"
            "A fire destroyed the old mill on Tuesday night, officials said.\n")
    lines = text.splitlines()
    found = page_dates(text, _furniture(text, *lines[:3], lines[4], lines[5]))
    assert found[:2] == ("2025-03-04T16:30", "2025-03-04T16:30")
    # a page of dated links alone has no date of its own
    assert page_dates(text, _furniture(text, *lines[:3])) is None
    # a page writing dates either way, and nothing telling how: both readings are kept
    text = "Published 03/04/2025 11:52 a.m. | Updated 03/05/2025 8:05 a.m.\nBody.\n"
    found = page_dates(text, _furniture(text, text.splitlines()[0]))
    assert found == PageDates("2025-04-03T11:52", "2025-05-03T08:05", ("2025-03-04T11:52", "2025-03-05T08:05"))
    # ... unless another date on the page tells: 03/15/2025 is month first
    text = "Published 03/04/2025 11:52 a.m.\nBody.\nArchive | 03/15/2025\n"
    found = page_dates(text, _furniture(text, *text.splitlines()[::2]))
    assert found == PageDates("2025-03-04T11:52", "2025-03-04T11:52")


def test_rank_orders_one_first_date_by_the_last_and_leaves_outsiders_last():
    sim = [[1.0, 0.8, 0.3], [0.8, 1.0, 0.3], [0.3, 0.3, 1.0]]
    import numpy as np
    sim = np.array(sim)
    first = ["2024-05-14T07:12", "2024-05-14T07:12", "2024-05-10T19:55"]
    later = ["2024-05-14T07:12", "2024-05-14T09:05", "2024-05-10T19:55"]
    r = rank(sim, None, first, ["b", "a", "c"], date_first=True, later=later)
    assert r.order == [2, 0, 1]  # c is the earliest; a and b were first published together
    r = rank(sim, None, first, ["b", "a", "c"], date_first=True, later=later, outsiders={2})
    assert r.order == [0, 1, 2] and r.by_date  # the text would put a first (the earlier id)
    assert rank(sim, None, first, ["b", "a", "c"], date_first=True).order == [2, 1, 0]


def _docs(folder=UPDATES, **dated):
    return [Document(p.stem, p.read_text(encoding="utf-8"), date=dated.get(p.stem))
            for p in sorted(folder.glob("*.txt"))]


def _story(result):
    (story,) = [c for c in result.clusters if len(c.members) > 1]
    return story, {m.id: m for m in story.members}


def test_batch_ranks_a_flash_before_its_update_by_the_dates_its_pages_write():
    story, members = _story(batch(_docs()))
    assert story.original == "flash"
    assert story.reasons == ["date: published first, as the pages' date lines write it "
                             "(the text alone would pick another member)"]
    assert members["update"].parent == "flash" and members["update"].relation != "related"
    # the earlier story on the same beat, dated first, is related to every member: it does not head the story
    assert members["earlier"].relation == "related"
    # the text alone reads the longer update (or its verbatim pickup) as the source
    story, _ = _story(batch(_docs(), Options(page_dates=False)))
    assert story.original in {"update", "pickup"}


def test_own_dates_come_before_the_pages_dates():
    # dated by the caller, the flash comes last: the page's own line is not read
    story, _ = _story(batch(_docs(flash="2025-03-04T00:00", update="2025-03-03T11:25",
                                  pickup="2025-03-03T12:10", earlier="2025-02-27T19:05")))
    assert story.original == "update"
    # one member undated and its page writing no date: the text decides, as without dates
    docs = _docs()
    docs = [Document(d.id, d.text.replace("Published 06:40 GMT, Monday 3 March 2025", "Monday morning"))
            if d.id == "flash" else d for d in docs]
    story, _ = _story(batch(docs))
    assert story.original != "flash"


def test_cli_page_dates_can_be_turned_off():
    runner = CliRunner()
    out = runner.invoke(main, ["batch", str(UPDATES), "-o", "-", "--format", "json"])
    assert out.exit_code == 0, out.output
    on = json.loads(out.stdout)
    out = runner.invoke(main, ["batch", str(UPDATES), "-o", "-", "--format", "json", "--set", "page_dates=false"])
    assert out.exit_code == 0, out.output
    off = json.loads(out.stdout)
    first = [c["original"] for c in on["clusters"] if len(c["members"]) > 1]
    assert first == ["flash"]
    assert [c["original"] for c in off["clusters"] if len(c["members"]) > 1] != ["flash"]
    assert on["options"]["page_dates"] is True and off["options"]["page_dates"] is False


@pytest.mark.parametrize("page_dates_on", [True, False])
def test_filter_names_the_flash_original_when_its_update_was_indexed_first(tmp_path, page_dates_on):
    docs = {d.id: d for d in _docs()}
    with Index(str(tmp_path / "i.dedup"), Options(page_dates=page_dates_on)) as index:
        index.add(docs["update"])
        match = next(m for m in index.check(docs["flash"]).matches if m.id == "update")
    assert match.original == ("flash" if page_dates_on else "update")


def test_derived_head_leaves_out_earlier_members_only_related_to_the_others():
    import numpy as np
    from dedup.original import derived_head
    sim = np.array([[1.0, 0.3, 0.3, 0.3], [0.3, 1.0, 0.8, 0.6], [0.3, 0.8, 1.0, 0.6], [0.3, 0.6, 0.6, 1.0]])
    dates = ["2025-01-01T08:00", "2025-01-02T08:00", "2025-01-02T09:00", "2025-01-03T08:00"]
    ids = ["a", "b", "c", "d"]

    def rerank(outsiders):
        return rank(sim, None, dates, ids, date_first=True, outsiders=outsiders)

    first = rerank(set())
    assert first.order[0] == 0
    # a is related to every member; b heads c and d
    derived = {(2, 1), (3, 1), (3, 2)}  # (member, the one it derives from)

    def heads(head, outsiders):
        return any((b, head) in derived for b in range(4) if b != head and b not in outsiders)

    assert derived_head(first, rerank, heads).order == [1, 2, 3, 0]
    # every member only related: the earliest stays first
    assert derived_head(first, rerank, lambda head, outsiders: False) is first
    # the earliest heads a derived member: unchanged
    assert derived_head(first, rerank, lambda head, outsiders: True) is first
    # b too related to all: c heads d
    derived = {(3, 2)}
    assert derived_head(first, rerank, heads).order[:2] == [2, 3]


@pytest.mark.parametrize("page_dates_on", [True, False])
def test_compare_names_the_flash_the_source_of_its_update(page_dates_on):
    from dedup.api import compare
    docs = {d.id: d for d in _docs()}
    c = compare(docs["update"], docs["flash"], Options(page_dates=page_dates_on))
    assert c.relation not in {None, "related"}
    assert c.source == ("flash" if page_dates_on else "update")


def test_a_date_without_its_year_takes_the_year_the_story_gives():
    text = "Séisme : le bilan s'alourdit\nPublié le 9 juillet à 22h04, mis à jour le 10 juillet à 07h15\nCorps.\n"
    line = text.splitlines()[1]
    found = page_dates(text, _furniture(text, line))
    assert found == PageDates("--07-09T22:04", "--07-10T07:15")
    # a whole date in the top bar gives the year to the days and times under the headline
    text2 = "Mardi 9 juillet 2024\n" + text
    assert page_dates(text2, _furniture(text2, "Mardi 9 juillet 2024", line)) == PageDates(
        "2024-07-09T22:04", "2024-07-10T07:15")
    pages = {0: PageDates("2024-07-09T22:04", "2024-07-09T22:04"), 1: found,
             2: PageDates("2024-07-10T07:50", "2024-07-10T07:50")}
    assert ranking_dates([None] * 3, pages.get) == (
        ["2024-07-09T22:04", "2024-07-09T22:04", "2024-07-10T07:50"],
        ["2024-07-09T22:04", "2024-07-10T07:15", "2024-07-10T07:50"])
    # the year nearest the others' days: 31 December beside 2 January 2025 is in 2024
    pages = {0: PageDates("--12-31T23:00", "--12-31T23:00"), 1: PageDates("2025-01-02", "2025-01-02")}
    assert ranking_dates([None] * 2, pages.get)[0] == ["2024-12-31T23:00", "2025-01-02"]
    # nothing gives the year: no page dates
    assert ranking_dates([None] * 2, {0: found, 1: found}.get) == ([None] * 2, [None] * 2)
    assert [d.isoformat() for _, _, d in line_dates("5월 14일 오후 3:20", yearless=True)] == ["0004-05-14"]


def test_a_top_bar_with_the_day_the_page_was_viewed_does_not_date_it():
    # a site's top bar shows the day it was viewed; the byline under the headline, when it
    # was published: both are read, and the page was first published at the earlier
    text = ("Thursday, 21 November 2024\nHome | News | Region\n"
            "Mill fire destroys landmark\n"
            "By Ann Lee | Published 14 November 2024, 07:12 GMT\n"
            "A fire destroyed the old mill on Tuesday night, officials said after crews worked until dawn.\n"
            "Read more: Harbour works delayed (2 October 2024)\n"
            "Crews stayed at the scene through the morning, the brigade said in a statement.\n")
    lines = text.splitlines()
    found = page_dates(text, _furniture(text, lines[0], lines[1], lines[3], lines[5]))
    # (the last update: the latest time given; the top bar's day has none)
    assert found[:2] == ("2024-11-14T07:12", "2024-11-14T07:12")
    # a column of dates (a table's) is no publication line
    text = "Results\nMAY 5\nSEP 3\nNOV 9\nBody of the report, with the figures of each month, as the board gave them.\n"
    assert page_dates(text, _furniture(text, *text.splitlines()[:4])) is None
    # a date without its year counts only with a time beside it
    text = "Ny rabatordning for øboere træder i kraft 1. april\nBody.\n"
    assert page_dates(text, _furniture(text, text.splitlines()[0])) is None


def test_a_top_bar_s_time_and_short_words_of_a_publication_line():
    # a top bar with the time the page was viewed, above the headline: the byline's date
    # under the headline gives both when the page was published and when it was last updated
    text = ("Thứ Bảy, 18/1/2025, 09:12 (GMT+7)\nTrang chủ | Thời sự\nCháy lớn tại chợ trung tâm\n"
            "Thứ Hai, 13/1/2025, 04:45 (GMT+7)\n"
            "Một đám cháy lớn đã bùng phát tại chợ trung tâm vào rạng sáng thứ Hai, lực lượng cứu hỏa cho biết.\n")
    lines = text.splitlines()
    assert page_dates(text, _furniture(text, lines[0], lines[1], lines[3]))[:2] == ("2025-01-13T04:45",) * 2
    # a letter alone is no word of a publication line: "a las 07:35 h"
    text = ("Publicado el 10 de marzo de 2025 a las 05:52 h · Actualizado a las 07:35 h\n"
            "La ceniza del volcán obligó a cerrar el aeropuerto durante la madrugada, informaron las autoridades.\n")
    assert page_dates(text, _furniture(text, text.splitlines()[0]))[:2] == ("2025-03-10T05:52", "2025-03-10T07:35")


def test_a_page_writing_times_alone_takes_the_day_of_the_page_first_published_then():
    # an agency's update page repeats its flash's time, without any date
    text = "Urteil gegen Ex-OB Brantner\nErstmeldung 11:47 Uhr · Aktualisiert 12:20 Uhr\n" + \
        "Das Landgericht hat den früheren Oberbürgermeister zu vier Jahren Haft verurteilt, teilte es mit.\n"
    found = page_dates(text, _furniture(text, text.splitlines()[1]))
    assert found == PageDates("T11:47", "T12:20")
    pages = {0: PageDates("2024-06-20T11:47", "2024-06-20T11:47"), 1: found,
             2: PageDates("2024-06-20T12:58", "2024-06-20T12:58")}
    assert ranking_dates([None] * 3, pages.get) == (
        ["2024-06-20T11:47", "2024-06-20T11:47", "2024-06-20T12:58"],
        ["2024-06-20T11:47", "2024-06-20T12:20", "2024-06-20T12:58"])
    # no member first published at 11:47: no page dates for the story
    pages[0] = PageDates("2024-06-20T11:45", "2024-06-20T11:45")
    assert ranking_dates([None] * 3, pages.get) == ([None] * 3, [None] * 3)
    # a line of times below the article's first paragraph is not read
    text = "Urteil\nDas Landgericht hat den früheren Oberbürgermeister zu vier Jahren Haft verurteilt, teilte es mit.\n" + \
        "Erstmeldung 11:47 Uhr\n"
    assert page_dates(text, _furniture(text, text.splitlines()[2])) is None


def test_a_publication_line_with_the_year_first_and_the_month_in_words_dates_the_page():
    # stage 1 takes the line for the page's header (its date read as dedup.pagedate reads it),
    # so the page has a date: Mongolian "2025, month 7, day 8", Sinhala "2025 August 20"
    from dedup.normalize import prepare_batch
    body = ("Сумын төвд болсон баяр наадамд есөн мянга гаруй хүн ирж, оролцогч, үзэгч болсон байна. "
            "Бөхийн барилдаанд нийт 512 бөх зодоглож, хурдан морины уралдаанд 280 морь өрсөлдлөө.")
    for line, want in [("Д.Хулан | 2025 оны 7 сарын 8", "2025-07-08"),
                       ("2025 අගෝස්තු 20 බදාදා, පෙ.ව. 8.45", "2025-08-20T08:45")]:
        text = f"НҮҮДЭЛ НЬЮС\nМэдээ | Бизнес | Дэлхий | Видео\nНаадамд 512 бөх барилдав\n{line}\n{body}\n"
        p = prepare_batch([Document(id="a", text=text)])[0]
        assert any(text[s.start:s.end].strip() == line for s in p.boilerplate), line
        assert page_dates(text, p.boilerplate).first == want


def test_a_twelve_hour_time_with_an_unknown_word_for_its_half_is_not_read():
    # "2:15 na rana" (Hausa: in the afternoon) read as 02:15 put a copy before its original;
    # the page then compares by day. A padded hour, a letter or a capitalised word after it stay.
    def first(line):
        text = f"{line}\nAn buɗe sashen haihuwa mai gadaje 120 a asibitin Gidan Dorawa ranar Laraba, in ji jami'ai.\n"
        return page_dates(text, _furniture(text, line)).first
    assert first("03/07/2025 | 2:15 na rana") == "2025-07-03"
    assert first("An wallafa: 3 ga Yuli, 2025 - 4:40 na yamma") == "2025-07-03T16:40"  # a known word
    assert first("03/07/2025 | 05:52 h") == "2025-07-03T05:52"
    assert first("03/07/2025 | 9:30 Uhr") == "2025-07-03T09:30"
    assert first("03/07/2025 | 9:30 GMT") == "2025-07-03T09:30"
    assert first("Cập nhật: 11:20 thứ Hai, ngày 13 tháng 1 năm 2025") == "2025-01-13T11:20"  # a day's name


def test_a_publication_line_and_its_update_line_are_no_list_of_dated_links():
    # two dated lines of three words or more each looked like a list of dated links, and the
    # page had no date; a publication and its update give one day with times
    text = ("By Carla Jimenez\nPublished: Mar. 11, 2025 at 7:42 PM EDT\nUpdated: Mar. 11, 2025 at 8:05 PM EDT\n"
            "Water customers in Brennan Falls should expect higher bills this summer after the council vote.\n")
    lines = text.splitlines()
    assert page_dates(text, _furniture(text, *lines[:3]))[:2] == ("2025-03-11T19:42", "2025-03-11T20:05")
    # (a list of dated links on other days stays one)
    text = ("Council approves the budget for 2025 - 3 March 2025\nNew bridge opens to traffic - 5 March 2025\n"
            "Water customers in Brennan Falls should expect higher bills this summer after the council vote.\n")
    assert page_dates(text, _furniture(text, *text.splitlines()[:2])) is None


def test_a_date_with_a_two_digit_year_takes_the_year_the_story_gives():
    # "19 ก.ย. 68" (Buddhist era 2568) and "12.11.25" left their pages undated, and so the
    # whole story's pages; read as dates without their year, the other pages give it
    from dedup.normalize import prepare_batch
    for line, want in [("19 ก.ย. 68 07:20 น.", "--09-19T07:20"), ("פורסם: 12.11.25, 15:30", "--11-12T15:30"),
                       ("Eilmeldung · 10.09.24, 23:05", "--09-10T23:05"), ("5 Mar 25, 10:00", "--03-05T10:00")]:
        text = f"{line}\nThe council voted on Tuesday to close the children's emergency room at night for lack of nurses.\n"
        assert page_dates(text, _furniture(text, line)).first == want, line
    pages = {0: PageDates("2025-09-18T08:30", "2025-09-18T10:12"), 1: PageDates("--09-19T07:20", "--09-19T07:20")}
    assert ranking_dates([None] * 2, pages.get)[0] == ["2025-09-18T08:30", "2025-09-19T07:20"]
    # a version number, or slashes (month first on some sites), are no such date
    assert line_dates("v2.10.15 12:00", yearless=True) == []
    assert line_dates("11/12/25 10:00", yearless=True) == []
    # stage 1 takes the Thai line for the header though it ends with a stop ("น.", o'clock)
    body = ("เมื่อวันที่ 17 ก.ย. เกษตรกรผู้ปลูกข้าวโพดเลี้ยงสัตว์กว่า 300 คน เดินทางมารวมตัวที่ศาลากลางจังหวัด "
            "เพื่อยื่นหนังสือถึงผู้ว่าราชการจังหวัดให้เร่งแก้ปัญหาราคาข้าวโพด")
    text = f"เกษตรทูเดย์\nราคาข้าวโพดวูบ ชาวไร่ขาดทุนหนัก\n19 ก.ย. 68 07:20 น.\n{body}\n"
    p = prepare_batch([Document(id="a", text=text)])[0]
    assert any(text[s.start:s.end].strip() == "19 ก.ย. 68 07:20 น." for s in p.boilerplate)


def test_money_beside_a_dated_line_is_no_time():
    # "3.28 ₪" (a dollar's rate in a top bar) was read as 03:28 and put an aggregator's copy
    # before its original; "£1.20" (a newspaper's price) as 01:20
    assert times("☀ 19°   |   דולר 3.28 ₪   |   יום רביעי 12.11.2025") == []
    assert times("THE HARTWELL GAZETTE   Wednesday, April 15, 2026   £1.20") == []
    assert times("Le 12.11.2025, le taux passe à 2.35 %") == []
    assert times("Eingestellt am 17.02.2026 um 13.30 Uhr") == ["13:30"]


def test_a_day_s_name_and_words_around_the_time_on_a_publication_line():
    # Thai writes the day's name and "ที่" before the date, "เวลา" (time) before the time and
    # "น." after it: the page's header, so the page has a date
    from dedup.normalize import prepare_batch
    line = "วันพฤหัสบดีที่ 18 กันยายน พ.ศ. 2568 เวลา 10.05 น."
    body = ("เมื่อวันที่ 17 ก.ย. เกษตรกรผู้ปลูกข้าวโพดเลี้ยงสัตว์กว่า 300 คน มาชุมนุมที่ศาลากลางจังหวัด "
            "เพื่อยื่นหนังสือถึงผู้ว่าราชการจังหวัดให้เร่งแก้ปัญหาราคาข้าวโพด")
    text = f"ข่าวเหนือวันนี้\nชาวไร่ข้าวโพดร้องผู้ว่าฯ หลังราคารับซื้อร่วง\n{line}\n{body}\n"
    p = prepare_batch([Document(id="a", text=text)])[0]
    assert any(text[s.start:s.end].strip() == line for s in p.boilerplate)
    assert page_dates(text, p.boilerplate).first == "2025-09-18T10:05"


def test_a_live_page_s_list_of_timed_posts_does_not_date_it():
    # "Key updates": each line a time and another post's headline; they gave the page the
    # first post's time (10:05), before the flash it quotes (11:52)
    lines = ["10:05am  Bus lane cameras switched on in Brackenford", "11:15am  Lorry fire closes Kelsworth ring road",
             "12:26pm, 17 June 2025"]
    text = "\n".join(["LIVE: Midshire news as it happens", *lines,
                      "A former finance director of the council has been found guilty of fraud, the court heard today."])
    assert page_dates(text, _furniture(text, "\n".join(lines)))[:2] == ("2025-06-17T12:26", "2025-06-17T12:26")
    # (a publication line's own times stay: "Erstmeldung 11:47 Uhr · Aktualisiert 12:20 Uhr")
    text = "\n".join(["17. Juni 2025", "Erstmeldung 11:47 Uhr · Aktualisiert 12:20 Uhr",
                      "Der frühere Finanzchef der Stadt ist wegen Betrugs verurteilt worden, teilte das Gericht mit."])
    assert page_dates(text, _furniture(text, "17. Juni 2025\nErstmeldung 11:47 Uhr · Aktualisiert 12:20 Uhr"))[:2] == (
        "2025-06-17T11:47", "2025-06-17T12:20")
