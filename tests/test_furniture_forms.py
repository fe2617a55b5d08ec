"""Page furniture in forms found by blind sets 36-38 (stage 1, dedup.normalize): Québec's
publication lines with a time written "10 h 45", a closed comments notice, a disclaimer, a
call to action."""
from __future__ import annotations

import pytest

from dedup.document import Document
from dedup.normalize import _header_line, analyze, finalize

BODY = [
    "Le festival de la bande dessinée de Vernelles a accueilli 62 000 visiteurs ce week-end, un record "
    "depuis sa création en 1994, selon les organisateurs.",
    "Les auteurs invités ont signé plus de 14 000 albums en trois jours, et les files d'attente se sont "
    "étirées jusque dans les rues voisines de la place du marché.",
]


def boilerplate(text):
    return [text[s.start:s.end] for s in finalize(analyze(Document("x", text))).boilerplate]


@pytest.mark.parametrize("line, header", [
    ("Publié le 17 mars 2025 à 10 h 45", True),
    ("Mis à jour le 17 mars 2025 à 13 h 02", True),
    ("Il a attendu 2 h 30 devant la porte", False),  # a duration, no date
    ("Le 17 mars 2025, les auteurs ont signé pendant 2 h 30 sans pause devant le public", True),  # (a date set off by a comma, as before)
])
def test_a_publication_line_with_a_time_written_with_spaces_around_its_h(line, header):
    assert _header_line(line) is header


def test_quebec_publication_lines_under_the_headline_are_furniture():
    text = "\n".join(["Record d'affluence au Festival de la BD de Vernelles", "Marie-Ève Tremblay",
                      "Publié le 17 mars 2025 à 10 h 45", "Mis à jour le 17 mars 2025 à 13 h 02", *BODY])
    bp = "\n".join(boilerplate(text))
    assert "Publié le 17 mars" in bp and "Mis à jour" in bp and "Record d'affluence" not in bp


def test_a_closed_comments_notice_under_the_text_is_furniture():
    line = "Kommentarfunktion für diesen Beitrag deaktiviert."
    text = "\n\n".join([*BODY, line])
    assert boilerplate(text) == [line]


def test_a_disclaimer_in_the_pages_last_lines_is_furniture():
    zh = ["江川大学考古团队近日利用无人机激光雷达，在青禾县北部山区发现一条长约42公里的唐代灌溉水渠，"
          "研究人员表示这是该地区迄今规模最大的古代水利遗存。",
          "团队负责人介绍，水渠沿山坡等高线修建，部分段落仍保存完好，当地村民至今仍在使用其中一段引水灌溉农田。"]
    tail = ["点赞 356\u3000|\u3000评论 42\u3000|\u3000收藏", "免责声明：本站部分内容来源于网络，版权归原作者所有，如有侵权请联系删除。",
            "今日快讯 © 2025"]
    text = "\n".join([*zh, *tail])
    assert "免责声明" in "\n".join(boilerplate(text))


EN = [
    "The Monetary Authority of Varra cut its Base Rate by a quarter of a percentage point to 3.5 per cent "
    "on Thursday, the first reduction since the autumn of 2023, as inflation eased.",
    "The Monetary Policy Committee voted four to one for the cut, and said that further reductions would "
    "depend on wage growth and on the prices of imported food and fuel over the coming months.",
    "The member who voted against the reduction judged that wage growth of 4.9 per cent in the year to "
    "December was still too strong to be consistent with the target of two per cent.",
]


def test_a_running_footer_repeated_with_its_page_number_is_furniture():
    foot1 = "Monetary Authority of Varra – Press Release 14/2025 – Page 1 of 2"
    foot2 = "Monetary Authority of Varra – Press Release 14/2025 – Page 2 of 2"
    text = "\n\n".join(["Base Rate cut to 3.5%", EN[0], EN[1], foot1, EN[2], EN[0], EN[1], EN[2], foot2])
    bp = boilerplate(text)
    assert foot1 in bp and foot2 in bp


def test_a_tables_repeated_rows_are_no_running_heads():
    table = "\n".join(["Shr 30 cts vs 36 cts", "Net 1,211,000 vs 1,428,000", "Oper shr 21 cts vs 18 cts",
                       "Avg shrs 3,141,217 vs 2,925,294", "Year", "Shr 1.36 dlrs vs 62 cts",
                       "Net 5,438,000 vs 2,498,000", "Oper shr 70 cts vs 46 cts", "Avg shrs 2,980,247 vs 2,925,294"])
    assert boilerplate(table) == []


def test_a_contact_block_under_the_text_is_furniture():
    block = ["For further information, please contact:", "Communications Office, Monetary Authority of Varra",
             "Tel. 0150 600 145 | Email press@mav.example", "Out of hours: 07700 900 318"]
    text = "\n".join(["Base Rate cut to 3.5%", *EN, *block])
    bp = "\n".join(boilerplate(text))
    assert all(line in bp for line in block)
    # a table of figures after a label is no contact block (its groups of digits follow no
    # label of letters and a stop or colon)
    from dedup.normalize import contact_blocks
    table = ["Prices per 50 kg were as follows, last week's in brackets:", " T 1405 1755(1430 1695)   E 2200 2295",
             "TT 2000 2129(1900 2303)  PB 2280 2333(2202 2349)"]
    lines = analyze(Document("x", "\n".join(["Coffee prices lower at auction", *EN, *table]))).lines
    assert contact_blocks(lines, 1) == []
    lines = analyze(Document("x", "\n".join(["Base Rate cut to 3.5%", *EN, *block]))).lines
    assert contact_blocks(lines, 1) == [4, 5, 6, 7]


def test_a_transcripts_speaker_labels_are_furniture():
    labels = ["[00:00:03] PRESENTER:", "DR PRIYA NAIR, WESTMARCH AMBULANCE SERVICE:", "VOICE OF GRAHAM PIKE (by telephone):"]
    text = "\n".join(["Drones to carry defibrillators to remote farms", labels[0], EN[0], labels[1], EN[1], labels[2], EN[2]])
    bp = boilerplate(text)
    assert all(label in bp for label in labels) and not any("Base Rate" in b for b in bp)
    # one label in capitals alone is no transcript's
    text = "\n".join(["Base Rate cut to 3.5%", EN[0], "NOTE:", EN[1], EN[2]])
    assert "NOTE:" not in boilerplate(text)


EN_BODY = [
    "Under plans approved by the hospital board on Wednesday, the emergency department at Fenwick "
    "General will close between 10pm and 8am for six months from March.",
    "Patients arriving overnight will be taken to Castlebury, 19 miles away, the trust said, adding "
    "that it could not fill enough night shifts to keep the unit safe.",
]


def test_a_subscription_boxs_fine_print_between_its_promo_lines_is_furniture():
    box = ["Subscribe to keep reading",
           "You've read your 3 free articles this month. Members get unlimited access to local news.",
           "Your first 3 months for £1, then £6.99 a month. Cancel anytime.",
           "Subscribe now"]
    text = "\n".join(["Overnight A&E closure at Fenwick General", *EN_BODY, *box,
                      "© 2025 Harrowmere Courier Media Ltd."])
    bp = "\n".join(boilerplate(text))
    assert all(line in bp for line in box)
    assert not any(line in bp for line in EN_BODY)
    # (the story's last paragraph under an inline promo, with no promo under it, stays)
    text = "\n".join(["Overnight A&E closure at Fenwick General", EN_BODY[0], "Sign up for our newsletter",
                      EN_BODY[1], "Share this article"])
    assert EN_BODY[1] not in "\n".join(boilerplate(text))


def test_a_pages_first_line_a_radio_stations_name_and_frequency_is_no_sentence():
    # (in a script written without spaces: the date line under the headline is the page's
    # header, as under a site's name)
    text = "\n".join([
        "ສະຖານີວິທະຍຸກະຈາຍສຽງ ນ້ຳເງີນ FM 103.5",
        "ຟັງສົດ | ລາຍການ | ຂ່າວ | ເພງ | ຕິດຕໍ່",
        "ລາຄາຊີ້ນໝູ ແລະ ເຂົ້າໜຽວ ທີ່ຕະຫຼາດເຊົ້າ ເພີ່ມຂຶ້ນ 20-25% ພາຍໃນ ອາທິດດຽວ",
        "ຂ່າວພາກເຊົ້າ · 15.03.2025",
        "ລາຄາສິນຄ້າອຸປະໂພກ-ບໍລິໂພກ ຢູ່ຕະຫຼາດເຊົ້າເມືອງ ແຂວງ ໄດ້ເພີ່ມຂຶ້ນຢ່າງຕໍ່ເນື່ອງ ໃນໄລຍະ ສອງອາທິດຜ່ານມາ "
        "ເຮັດໃຫ້ປະຊາຊົນ ຫຼາຍຄົນ ມີຄວາມກັງວົນ ກ່ຽວກັບ ຄ່າຄອງຊີບ ທີ່ສູງຂຶ້ນ ແລະ ລາຍຮັບ ທີ່ບໍ່ພຽງພໍ ສຳລັບ ຄອບຄົວ.",
    ])
    assert "ຂ່າວພາກເຊົ້າ · 15.03.2025" in boilerplate(text)


def test_byline_and_date_lines_under_a_standfirst_are_furniture():
    # a magazine's layout: headline, standfirst, then the byline and date lines over the text
    head = ["Texte : Hélène Vasseur · Photos : Jonas Veit", "Publié le 19 juin 2025 · Lecture 12 min"]
    text = "\n".join(["SANTÉ & TERRITOIRES", "Actualités | Enquêtes | Hôpital | Prévention", "Maternités : la France des kilomètres",
                      "En trente ans, la majorité des maternités ont fermé, et les futures mères roulent toujours plus loin.",
                      *head, *BODY])
    bp = "\n".join(boilerplate(text))
    assert all(line in bp for line in head) and "Maternités" not in bp and "En trente ans" not in bp
    # (hard-wrapped text: a line of the text holding a date is no such line)
    text = "\n".join(["McCrae Industries Inc said it", "raised its dividend on its Class A stock to 12 cts a share.",
                      "It said the dividend was payable April 20, 1987, to", "shareholders of record April 6."])
    assert boilerplate(text) == []


def test_a_japanese_pages_menu_and_the_byline_under_its_standfirst_are_furniture():
    menu = "ニュース\u3000地域\u3000政治\u3000経済\u3000教育\u3000スポーツ\u3000文化\u3000紙面ビューアー"
    head = ["佐々木美穂", "2025年10月7日 5時00分"]
    text = "\n".join([
        "白鷺日報", menu, "トップ ＞ 地域 ＞ 教育",
        "白鷺市、小学校4校を2校に統合へ\u300028年4月、児童数はピーク時の4割",
        "市教委が再編計画案を公表。11月から校区ごとに説明会を開き、来年3月の市議会に関連条例の改正案を出す方針",
        *head,
        "白鷺市教育委員会は6日、市内の小学校4校を2028年4月に2校へ統合する再編計画案を公表した。少子化で児童数が減っている。",
        "計画案によると、東町小と川原小を統合して東町小の校舎を使う。市はスクールバス3台を導入する計画だ。",
    ])
    bp = "\n".join(boilerplate(text))
    assert menu in bp and all(line in bp for line in head)
    assert "白鷺市、" not in bp and "市教委" not in bp


@pytest.mark.parametrize("mark", ["ENDS", "-ENDS-", "###", "- 30 -", "- FIN -", "-ENDE-", "以上", "Notes to editors",
                                  "Notas aos editores:", "Informacje dla redakcji"])
def test_what_follows_a_press_releases_end_mark_or_its_notes_heading_is_furniture(mark):
    notes = ["For further information, please contact the press office.",
             "1. The committee consists of the governor, the deputy governor and three external members.",
             "2. The base rate is the rate paid on reserve balances held by commercial banks."]
    text = "\n".join(["Base rate cut to 3.50 per cent", *EN_BODY,
                      "The minutes of the meeting will be published on 20 March 2025 with the committee's votes.",
                      mark, *notes])
    bp = "\n".join(boilerplate(text))
    assert all(line in bp for line in notes) and not any(line in bp for line in EN_BODY)


def test_an_end_mark_above_the_text_or_a_scene_break_ends_nothing():
    # (an end mark needs running text above it; "***", a scene break in a feature, is none)
    for mark in ["***", "ENDS", "Fine"]:
        text = "\n".join(["Base rate cut to 3.50 per cent", mark, *EN_BODY])
        assert not any(line in "\n".join(boilerplate(text)) for line in EN_BODY)
    text = "\n".join(["Base rate cut to 3.50 per cent", EN_BODY[0], "***", EN_BODY[1],
                      "The minutes of the meeting will be published on 20 March 2025 with the committee's votes."])
    assert EN_BODY[1] not in "\n".join(boilerplate(text))


def test_speaker_labels_in_a_script_without_capitals_are_furniture():
    labels = ["インタビュー（佐伯ひなたさん・高校2年）：", "声（堀内康夫さん・住民グループ代表）："]
    said = ["雪の日でも電車はほとんど止まらなかったので、バスで時間どおりに学校に着けるのか不安です。",
            "線路がなくなれば、町の景色も、みんなの思い出も消えてしまう。本当に残念です。"]
    text = "\n".join(["霞野鉄道北沢線\u30002027年春にBRT転換へ",
                      "利用者の減少が続く霞野鉄道の北沢線が、2027年春にバス高速輸送システムに転換されることが決まりました。",
                      labels[0], said[0], labels[1], said[1]])
    bp = "\n".join(boilerplate(text))
    assert all(label in bp for label in labels) and not any(line in bp for line in said)
    # (letters with case still need capitals: a label in lower case is no speaker's)
    text = "\n".join(["Base Rate cut to 3.5%", EN[0], "Note:", EN[1], "Also:", EN[2]])
    assert not any(line in ("Note:", "Also:") for line in boilerplate(text))


def test_a_dated_line_with_a_buddhist_era_year_ending_in_an_abbreviation_is_the_header():
    line = "18 ก.ย. 2568 08:30 น.   ปรับปรุงล่าสุด 18 ก.ย. 2568 10:12 น."
    text = "\n".join(["หน้าแรก › เกษตร", "ราคาข้าวโพดดิ่งเหลือ กก.ละ 6.20 บาท ชาวไร่แม่ลานทองรวมตัวเรียกร้องรัฐช่วยเหลือ", line,
                      "เมื่อวันที่ 17 ก.ย. เกษตรกรผู้ปลูกข้าวโพดเลี้ยงสัตว์ในอำเภอแม่ลานทองกว่า 300 คน ได้รวมตัวกันที่หน้าที่ว่าการอำเภอ"
                      " เพื่อเรียกร้องให้ภาครัฐเข้ามาช่วยเหลือ หลังราคาข้าวโพดตกต่ำอย่างต่อเนื่องตลอดสองสัปดาห์ที่ผ่านมา"])
    assert line in "\n".join(boilerplate(text))


@pytest.mark.parametrize("menu", [
    "หน้าแรก   ข่าวภูมิภาค   เกษตร   เศรษฐกิจ   การเมือง   อาชญากรรม   กีฬา   บันเทิง",  # Thai, 12.5 words
    "Home   World   Business   Markets   Sport   Culture   Opinion   Video   Podcasts   Weather   "
    "Newsletters   Jobs   Shop",  # 13 items
    "Actualité   Montclarieu   Val-de-Lize   Faits divers   Économie   Sports   Loisirs   Avis de décès",
])
def test_a_long_menu_between_wide_gaps_is_furniture(menu):
    # a menu's items set apart by wide gaps may run to 24 words, as one set apart by bars
    # or ideographic spaces may: a Thai menu's letters count a fraction of a word each, and
    # eight of them made more than 12
    text = "\n".join(["Sitename", menu, "Record d'affluence au Festival de la BD de Vernelles", *BODY])
    assert menu in "\n".join(boilerplate(text))


def test_a_line_of_short_items_with_a_sentence_s_stop_is_no_menu():
    line = "He said no.   She said yes.   They left at once and the meeting ended."
    text = "\n".join(["Record d'affluence au Festival de la BD de Vernelles", line, *BODY])
    assert line not in boilerplate(text)


def test_a_publication_line_ending_in_its_time_s_stop_is_furniture():
    # "6:10 a.m." ends the line with a stop, as a sentence would
    text = "\n".join(["The Cedar Hollow Ledger", "News | Schools | Sports | Business",
                      "Festival draws a record crowd", "By Jenna Kowalski | jkowalski@ledger.example",
                      "Published: April 15, 2025, 6:10 a.m.", *BODY])
    assert "Published: April 15, 2025, 6:10 a.m." in "\n".join(boilerplate(text))


def test_a_headline_ending_in_a_decimal_figure_is_no_sentence():
    # a Japanese headline ending in a magnitude ("M5.8") ended like a sentence, so no headline
    # was found and the date line under it was taken for text
    body = ["8日午前4時12分ごろ、白鷺県北部を震源とする地震があり、久留間町で震度5強の揺れを観測した。"
            "気象庁によると、震源の深さは約10キロと推定される。",
            "このほか、戸賀崎市と菱川村で震度5弱を観測した。県や各市町村が被害状況の確認を急いでいる。"]
    text = "\n".join(["ニュースの森オンライン", "トップ\u3000国内\u3000国際\u3000経済\u3000エンタメ\u3000スポーツ",
                      "白鷺県の地震、久留間町で震度5強\u3000M5.8", "2025/11/08 04:27", *body])
    bp = "\n".join(boilerplate(text))
    assert "2025/11/08 04:27" in bp and "M5.8" not in bp


@pytest.mark.parametrize("credit", ["出典：白鷺日報デジタル", "Fonte: Gazeta de Itaquará"])
def test_a_source_credit_under_the_text_s_last_paragraph_is_furniture(credit):
    # the story's source, its last line, under a long paragraph and over the page's footer
    text = "\n".join(["Festival draws a record crowd", *BODY, credit, "Publicidade", "Mais lidas",
                      "Prefeitura anuncia obras na ponte", "Chuva forte atinge a região", "Comentários (24)",
                      "Escreva um comentário", "© Jornal Online"])
    assert credit in "\n".join(boilerplate(text))


@pytest.mark.parametrize("notice", [
    "This story is developing and will be updated.", "Diese Meldung wird laufend aktualisiert.",
    "Esta noticia está en desarrollo y se irá actualizando.", "この記事は続報が入り次第更新します。",
    "هذا الخبر قيد التطوير وسيتم تحديثه.", "Информация уточняется, новость будет дополнена.",
])
def test_a_developing_story_s_notice_under_the_headline_is_furniture(notice):
    text = "\n".join(["Kelsworth Evening Post", "News | Sport | Business | What's On",
                      "Former council finance chief found guilty of fraud", "Redacción | 24/09/2025 13:07", notice, *BODY])
    bp = "\n".join(boilerplate(text))
    assert notice in bp and BODY[0] not in bp


def test_a_sentence_saying_something_will_be_updated_is_text():
    line = "The council said the list of closed roads will be updated every morning until the floods recede."
    text = "\n".join(["Floods close roads across the county", line, *BODY])
    assert line not in "\n".join(boilerplate(text))


@pytest.mark.parametrize("promo", [
    "Keine Eilmeldung mehr verpassen: Jetzt die RR-App laden und Push-Nachrichten aktivieren.",
    "Quer receber as notícias do concelho no telemóvel? Junte-se ao nosso canal de WhatsApp",
])
def test_a_push_or_channel_promo_under_the_text_is_furniture(promo):
    text = "\n".join(["Festival draws a record crowd", *BODY, promo, "Compartilhar: Facebook · X · WhatsApp",
                      "© Jornal Online 2025 | Termos de uso | Privacidade"])
    assert promo in "\n".join(boilerplate(text))


def test_a_numbered_most_read_list_of_long_headlines_is_furniture():
    items = ["1. Las fiestas de San Miguel arrancan el viernes con el pregón de la peña El Cachirulo",
             "2. Abre sus puertas el nuevo centro de salud del barrio de La Vega",
             "3. El CD Villalbarca suma su tercera victoria consecutiva"]
    text = "\n".join(["Festival draws a record crowd", *BODY, "Lo más leído", *items,
                      "© Editorial Villalbarca 2025 · Aviso legal · Política de privacidad"])
    bp = "\n".join(boilerplate(text))
    assert all(item in bp for item in items) and BODY[1] not in bp


@pytest.mark.parametrize("line", ["Avslutt abonnement | Endre innstillinger", "Odhlásiť sa | Zmeniť nastavenia",
                                  "Se désabonner · Gérer mes préférences", "Darse de baja | Preferencias"])
def test_a_newsletter_s_unsubscribe_line_is_furniture(line):
    text = "\n".join(["Regionpuls", "Festival draws a record crowd", *BODY, line])
    assert line in "\n".join(boilerplate(text))


def test_a_site_s_name_and_longer_motto_over_its_menu_are_furniture():
    text = "\n".join(["Javornícke noviny", "Spravodajstvo z Javorníka nad Hlinkou a okolia",
                      "Domov | Správy | Doprava | Samospráva | Šport | Kultúra | Inzercia",
                      "Most cez Hlinku na Mlynskej ulici je opäť prejazdný", "Autor: Martina Kollárová",
                      "8. apríla 2025, 07:45", *BODY])
    bp = "\n".join(boilerplate(text))
    assert "Spravodajstvo z Javorníka" in bp and "Javornícke noviny" in bp and "Most cez Hlinku" not in bp


@pytest.mark.parametrize("label", ["Isikhangiso", "اعلان", "Werbefläche", "מודעה"])
def test_a_lone_word_between_two_paragraphs_is_an_ad_s_label(label):
    text = "\n".join(["Festival draws a record crowd", BODY[0], label, BODY[1]])
    assert boilerplate(text) == [label]


def test_a_word_a_scraper_put_on_its_own_line_inside_a_sentence_stays():
    # BBC pages' emphasised words on lines of their own: "I" over "was" over "prime minister ..."
    text = "\n".join(["Festival draws a record crowd", BODY[0] + " I", "was",
                      "prime minister and I wanted a flesh and blood fight, says the former leader of the party."])
    assert boilerplate(text) == []


def test_a_site_s_name_over_a_menu_icon_line_and_a_via_credit_are_furniture():
    text = "\n".join(["NordNytt24", "☰ Meny   Søk", "INNENRIKS", "Festival draws a record crowd",
                      "torsdag 20. februar 2025, kl. 12.50 · NordNytt24", *BODY, "via Hessvik-Posten",
                      "Del: Facebook · X · LinkedIn", "Få de viktigste nyhetene fra nord rett i innboksen hver morgen.",
                      "NordNytt24 © 2025 · Om oss · Personvern"])
    bp = "\n".join(boilerplate(text))
    assert all(s in bp for s in ("NordNytt24\n", "INNENRIKS", "via Hessvik-Posten", "innboksen"))
    assert "Festival draws" not in bp


def test_a_site_s_name_of_one_word_with_a_figure_over_its_menu_is_furniture():
    text = "\n".join(["ValdorsaNews24", "Home   Attualità   Cultura   Eventi   Sport   Meteo",
                      "Festival draws a record crowd", "Redazione | 3 ottobre 2025 · 2 ore fa", *BODY])
    bp = "\n".join(boilerplate(text))
    assert "ValdorsaNews24" in bp and "Festival draws" not in bp


@pytest.mark.parametrize("dateline", ["Ruhnsberg (nrd)", "Villalbarca, 24 sep (AMN).",
                                      "ВЕРХНЕОЗЁРСК, 19 февраля. /СеверИнформ/.", "عين الخيزران - (مشرق) -"])
def test_an_agency_s_dateline_on_its_own_line_above_the_text_is_furniture(dateline):
    text = "\n".join(["Festival draws a record crowd", dateline, *BODY])
    bp = "\n".join(boilerplate(text))
    assert dateline in bp and "Festival draws" not in bp and BODY[0] not in bp


def test_a_line_with_words_in_parentheses_inside_the_text_is_no_dateline():
    text = "\n".join(["Festival draws a record crowd", BODY[0], "The organisers (ACV)", BODY[1]])
    assert "The organisers (ACV)" not in "\n".join(boilerplate(text))


def test_a_sign_up_box_s_text_over_its_field_and_button_is_furniture():
    box = ["ھەر كۈنى ئەتىگەندە مۇھىم خەۋەرلەرنى ئېلخېتىڭىزگە ئەۋەتىمىز.", "ئېلخەت   مۇشتەرى بولۇش"]
    text = "\n".join(["Festival draws a record crowd", *BODY, "ھەمبەھىرلەش: Telegram · WhatsApp", *box,
                      "© 2025 ئاقتېرەك گېزىتى"])
    bp = "\n".join(boilerplate(text))
    assert box[0] in bp and "Telegram · WhatsApp" in bp and BODY[1] not in bp
    # (a wire's sign-off under its last sentence is no button: the sentence stays)
    text = "\n".join(["Festival draws a record crowd", *BODY, "REUTER"])
    assert BODY[1] not in "\n".join(boilerplate(text))


def test_a_section_s_name_of_one_word_without_capitals_over_the_headline_is_furniture():
    text = "\n".join(["ئاقتېرەك گېزىتى", "باش بەت | خەۋەر | مائارىپ | تەنتەربىيە", "مائارىپ",
                      "Festival draws a record crowd", "2025-10-14 12:15", *BODY])
    at = text.index("\nمائارىپ\n") + 1
    spans = finalize(analyze(Document("x", text))).boilerplate
    assert any(s.start <= at and at + len("مائارىپ") <= s.end for s in spans)
    assert "Festival draws" not in "\n".join(text[s.start:s.end] for s in spans)


@pytest.mark.parametrize("line", [
    "ADVERTISEMENT · 18+ | Thornsby v Kelderby, Sat 3pm: Thornsby 8/11 · Draw 25/1 · Kelderby 6/5 | Odds from "
    "LineBreak Bet, subject to change, terms apply · Please gamble responsibly",
    "ANZEIGE | Sportwetten-Quoten zum Saisonstart: FC Hallbergen – SV Wendtal 1,85 | X 3,40 | 3,90 · WettKönig, "
    "Quoten freibleibend, Teilnahme ab 18 Jahren",
    "PUBBLICITÀ · Le quote di mercoledì: Pallacanestro Borgoleone – Virtus Calvena 1: 2,10 · 2: 1,70 | PuntoCanestro, "
    "gioco vietato ai minori di 18 anni",
    "LIVE SCORES ● Northern Premier: Ripley Bridge 17–15 Haworth Moor (FT) · Thornsby 31–12 Ecclesfold (FT) · "
    "Marwood Park 19–16 Sowerthwaite (FT) · Tap for all results",
])
def test_an_ad_s_line_or_a_ticker_of_results_inside_the_text_is_furniture(line):
    text = "\n".join(["Festival draws a record crowd", BODY[0], line, BODY[1]])
    assert boilerplate(text) == [line]


def test_a_headline_with_a_bar_or_a_label_in_capitals_is_no_ticker():
    for line in ["BREAKING | Fire at the old mill", "Rail | Politics"]:
        text = "\n".join([line, *BODY])
        assert BODY[0] not in "\n".join(boilerplate(text))


def test_a_motto_written_as_sentences_does_not_end_the_page_s_header():
    # "Your town. Your news." ends as a sentence does; taken for the text's first line, it
    # left the byline and date line under the headline in the text, and the page undated
    text = "\n".join(["Elderford Live", "Your town. Your news.", "News | Crime | Traffic & Travel | Sport | Contact",
                      "Crime & Courts", "Have you seen Chloe? Police fear for Elderford girl, 15",
                      "By Newsdesk · Saturday 8 November 2025, 10:14am", "Source: Wessmoor Police", *BODY])
    bp = "\n".join(boilerplate(text))
    assert "By Newsdesk · Saturday 8 November 2025, 10:14am" in bp and "Source: Wessmoor Police" in bp
    assert BODY[0] not in bp


NEWS = [
    "The Kelvale bridge on Mill Street reopened on Tuesday after eleven months of repairs that cost "
    "2.8 million euros, three weeks earlier than the contract required.",
    "The new deck is wider, carries a footpath and a cycle lane, and the town's buses will use it again "
    "from Monday, while lorries over 12 tonnes must wait for a load test.",
]


MORE_NEWS = [
    "The council's engineers said the old deck had been closed in May last year after divers found "
    "cracks in two of its piers, and that the repaired piers should last another sixty years.",
    "Shopkeepers on Mill Street, who said trade had fallen by a third during the closure, welcomed the "
    "reopening, and the council said it would waive their parking charges until the end of the month.",
]


def test_a_newsletter_s_greeting_over_its_first_item_is_furniture():
    text = "\n".join(["Morning Notes", "Daily briefing – Wednesday 9 April 2025",
                      "Good morning! Here is what happened in the region yesterday.", "TRANSPORT",
                      "Kelvale bridge reopens after repairs", *NEWS])
    bp = "\n".join(boilerplate(text))
    assert "Good morning!" in bp and "TRANSPORT" in bp and "Morning Notes" in bp
    assert "Kelvale bridge reopens" not in bp and "The Kelvale bridge" not in bp


@pytest.mark.parametrize("lines", [
    # a standfirst under its headline, then a byline: the headline is no furniture
    ["Kelvale bridge reopens after repairs", "Eleven months of work end three weeks early.",
     "By Anna Berg, Transport Reporter", *NEWS],
    # a headline ending in a question, its sentence running on into the next lines
    ["DECEMBER 16, 2008", "Herald: Council Makes Offer To Builders (8 Years?)",
     "Anna Berg reports that the town council", "have made an offer " + NEWS[0][4:], NEWS[1]],
])
def test_a_standfirst_or_a_headline_is_no_greeting(lines):
    text = "\n".join(lines)
    bp = "\n".join(boilerplate(text))
    assert lines[1] not in bp


def test_a_newsletter_s_list_of_other_items_under_the_text_is_furniture():
    tail = ["Also in today's letter:", "– Energy prices from July: what households face",
            "– Kelvale hockey team plays for the title", "– Library extends its opening hours",
            "You receive this e-mail because you signed up for Morning Notes.", "Unsubscribe | Settings"]
    text = "\n".join(["Kelvale bridge reopens after repairs", *NEWS, *MORE_NEWS, *tail])
    bp = "\n".join(boilerplate(text))
    assert all(line in bp for line in tail) and "The new deck" not in bp


def test_a_story_s_own_list_of_names_at_its_end_stays_text():
    tail = ["The main cast;", "- Jenna Holt", "- Liam Carver", "- and Josh Meyer will all be returning for the sequel!"]
    text = "\n".join(["Sequel confirmed for next year", *NEWS, *tail])
    bp = "\n".join(boilerplate(text))
    assert not any(line in bp for line in tail)


def test_an_embedded_post_s_and_player_s_lines_inside_the_text_are_furniture():
    chrome = ["View this post on Instagram", "♬ original sound - Mia Delgado", "Photo 1 of 9",
              "Guarda su YouTube", "▶ Play video", "Watch: The singer plays her new song outside the diner",
              "1:12", "Video: ClipHaus"]
    post = "Bus broke down in Harlow Springs 🚌 Dottie's Diner has pie and a big parking lot, bring a chair"
    text = "\n".join(["Pop star plays a parking-lot show", NEWS[0], chrome[0], post, chrome[1], chrome[2],
                      chrome[3], NEWS[1], *chrome[4:], "ADVERTISEMENT", NEWS[0].replace("Kelvale", "Harlow")])
    bp = "\n".join(boilerplate(text))
    assert all(line in bp for line in chrome) and post not in bp


@pytest.mark.parametrize("line", ["Trump returns to Twitter", "Photo 9 of 1"])
def test_a_headline_naming_an_app_or_a_line_of_two_figures_stays_text(line):
    text = "\n".join([line, *NEWS])
    assert line not in "\n".join(boilerplate(text))


def test_a_site_s_name_and_motto_over_its_menu_over_the_headline_are_furniture():
    top = ["The Kelvale Ledger", "Local news for Kelvale and the North Shore since 1911", "Subscribe | Sign in",
           "News   City Hall   Business   Sports   Opinion"]
    text = "\n".join([*top, "Kelvale bridge reopens to traffic after eleven months of repairs on Mill Street",
                      "Published Feb. 11, 2025 at 5:30 a.m. ET", *NEWS])
    bp = "\n".join(boilerplate(text))
    assert all(line in bp for line in top) and "Kelvale bridge reopens" not in bp


@pytest.mark.parametrize("lines", [
    # a headline over its date line and a standfirst without a stop
    ["Fire destroys historic dairy building in Palmer", "Published: August 7, 2012",
     "Warehouse was one of the last original buildings remaining from the colony", *NEWS],
    # a text broken inside its sentences, under a line of furniture
    ["Kelvale Corp said it increased its", "quarterly cash dividend to 21 cts per share, from 18 cts a", "share.",
     "The company said the dividend is payable December 18 to all of its", "shareholders of record December eight."],
])
def test_a_headline_over_its_date_line_or_a_broken_sentence_is_no_site_name(lines):
    text = "\n".join(lines)
    assert lines[0] not in "\n".join(boilerplate(text))


def test_a_page_s_imprint_as_its_last_line_ends_its_trailing_furniture():
    tail = ["Share this story", "Facebook   X   E-mail   Copy link", "Most read",
            "Cyclist fined for riding on the pavement", "Kelvale IL through to the cup quarter-final",
            "Kelvale Ledger Ltd · Editor: Tor Hammer · We follow the press code's rules for good journalism."]
    text = "\n".join(["Kelvale bridge reopens after repairs", *NEWS, *MORE_NEWS, *tail])
    bp = "\n".join(boilerplate(text))
    assert all(line in bp for line in tail) and "The new deck" not in bp


def test_a_gapped_menu_with_a_year_in_an_item_is_furniture():
    menu = "News   Election 2023   Sport   Culture   Opinion   E-paper"
    text = "\n".join(["Kelvale Ledger", menu, "Kelvale bridge reopens to traffic after eleven months of repairs",
                      *NEWS, *MORE_NEWS])
    bp = "\n".join(boilerplate(text))
    assert menu in bp and "Kelvale bridge reopens" not in bp


def test_a_page_s_links_to_print_it_open_it_in_the_app_or_go_back_and_its_first_appearance_note_are_furniture():
    links = ["Deze pagina afdrukken", "Open in de app", "« Vorige pagina", "Tags: bridge, Mill Street, council"]
    note = "This article first appeared on the Kelvale Ledger and is republished with permission."
    text = "\n".join(["Kelvale bridge reopens after repairs", links[0], links[1], *NEWS, *MORE_NEWS, links[2],
                      links[3], note, "Share this article"])
    bp = "\n".join(boilerplate(text))
    assert all(line in bp for line in [*links, note]) and "The new deck" not in bp


def test_a_quotation_opening_a_line_broken_over_lines_is_no_link_back():
    lines = ["la main, entouré d'animaux : un", "lion, un cerf, plusieurs oiseaux.",
             "« C'est presque certainement", "Orphée charmant les bêtes, un", "thème très apprécié dans les",
             "villas romaines de la région. »"]
    text = "\n".join(["Une mosaïque romaine découverte à Vernelles", *BODY, *lines, *BODY])
    assert lines[2] not in "\n".join(boilerplate(text))


def test_a_site_s_name_and_motto_are_furniture_when_the_headline_is_a_template_line():
    from dedup.normalize import prepare_batch
    top = ["The Kelvale Ledger", "Local news for Kelvale and the North Shore since 1911",
           "Home | News | Sport | Business | Opinion"]
    head = "Kelvale bridge reopens to traffic after eleven months of repairs on Mill Street"
    # the headline is on the site's other versions of the page and on copies: a template line
    # (the other five pages are other sites': the name and motto are in one text only)
    docs = [Document(f"d{k}", "\n".join([*(top if k == 0 else [f"Site {'ABCDEF'[k]} News", "Home | News | Sport"]),
                                         head, "Published 11 March 2025", *NEWS, *MORE_NEWS[:k % 2 + 1]]))
            for k in range(6)]
    p = prepare_batch(docs, 5)[0]
    bp = "\n".join(p.text[s.start:s.end] for s in p.boilerplate)
    assert all(line in bp for line in top)


@pytest.mark.parametrize("caption", [
    "Workers at the factory gates on Monday morning. / Foto: Diario de Valdemora",
    "L'entrée de l'urgence de l'hôpital régional. (Photo : Courrier, Marc-André Pelletier)",
    "관측소 망원경 돔 위로 펼쳐진 밤하늘. 이미지=브리핑 편집팀",
])
def test_a_caption_with_its_credit_after_a_slash_a_spaced_colon_or_an_equals_sign_is_furniture(caption):
    text = "\n".join(["Kelvale bridge reopens after repairs", NEWS[0], caption, NEWS[1]])
    assert caption in "\n".join(boilerplate(text))


def test_a_site_s_name_motto_and_section_over_a_headline_with_its_byline_are_furniture():
    top = ["Kelvale Ledger", "The daily paper of the whole Kelvale valley", "Home   Kelvale   Valley   Business   Sport",
           "Business"]
    text = "\n".join([*top, "Kelvale bridge reopens to traffic after eleven months of repairs on Mill Street",
                      "Anna Berg | Kelvale", "Published: 14/05/2025 07:50", *NEWS, *MORE_NEWS])
    bp = "\n".join(boilerplate(text))
    assert all(line in bp for line in top) and "Kelvale bridge reopens" not in bp


@pytest.mark.parametrize("line", ["View this email in your browser", "Ver este correo en el navegador",
                                  "Bekijk deze e-mail in je browser", "Bu e-postayı tarayıcıda görüntüle"])
def test_a_newsletter_s_view_in_browser_line_is_furniture(line):
    text = "\n".join([line, "MORNING NOTES", "Daily briefing – Wednesday 9 April 2025",
                      "Kelvale bridge reopens after repairs", *NEWS])
    bp = "\n".join(boilerplate(text))
    assert line in bp and "Kelvale bridge reopens" not in bp


def test_a_name_in_capitals_over_furniture_and_a_greeting_is_furniture():
    top = ["KELVALE-RADAR", "Im Browser ansehen | Weiterempfehlen", "Ausgabe 41 | 20. Oktober 2025"]
    text = "\n".join([*top, "Moin zusammen, hier kommt euer Überblick über das Wochenende im Tal.",
                      "BEZIRKSLIGA", "So sieht die Spitze der Liga nach dem zwölften Spieltag aus",
                      "Pl.  Verein  Sp.  Pkt.", *BODY, "Du bekommst diese E-Mail, weil du den Kelvale-Radar abonniert hast.",
                      "Abmelden | Einstellungen"])
    bp = "\n".join(boilerplate(text))
    assert top[0] in bp and top[1] in bp


HINDI_BODY = [
    "बुधवार शाम करीब आधे घंटे तक हुई तेज बारिश और ओलावृष्टि ने तहसील के तेईस गांवों में किसानों की "
    "मेहनत पर पानी फेर दिया।",
    "जिला कलेक्टर ने गुरुवार को राजस्व विभाग को प्रभावित गांवों में विशेष सर्वे कर सात दिन में रिपोर्ट "
    "देने के निर्देश दिए हैं।",
]


def test_a_most_read_list_of_long_hindi_headlines_under_the_text_is_furniture():
    """A Hindi headline of 17 words (its postpositions are words) is an item of a list under
    the text when it ends without a stop, and the list's label may be written without the
    nukta ("ज्यादा" for "ज़्यादा")."""
    items = ["सुरजनपुर मंडी में गेहूं की बंपर आवक, उठान धीमा होने से तीन दिन से डटे हैं किसान",
             "नगर पालिका ने बढ़ाया पानी का बिल, लोगों में नाराजगी",
             "बस स्टैंड के पास अतिक्रमण हटाया गया"]
    text = "\n".join(["ओलावृष्टि से फसलें खराब", *HINDI_BODY, "सबसे ज्यादा पढ़ी गई", *items])
    bp = "\n".join(boilerplate(text))
    assert all(item in bp for item in items) and HINDI_BODY[1] not in bp


def test_long_lines_under_a_label_above_the_text_s_first_sentence_stay_text():
    """Above the text's first sentence, a headline and a standfirst of more than 15 words
    under a label are no list of links, though they end without a stop."""
    headline = "Four valley primary schools will merge into two by 2028 as pupil numbers fall to forty per cent"
    standfirst = ("The education board publishes its plan and will hold meetings in every catchment "
                  "area before the council votes")
    text = "\n".join(["Valley Courier", "The independent voice of the valley towns and their people for a century",
                      "Recommended", headline, standfirst, *BODY])
    bp = "\n".join(boilerplate(text))
    assert headline not in bp and standfirst not in bp


TEASERS = [("Riapre la ferrovia per Pieve Alta: treni ogni mezz'ora e 12 minuti in meno",
            "Dopo quattordici mesi di cantiere, da stamattina i treni sono tornati a circolare sulla linea per Pieve Alta.",
            "8 settembre 2025"),
           ("Acquedotto, lavori notturni in via Garibaldi fino a venerdì",
            "I tecnici della società idrica lavoreranno di notte in via Garibaldi per sostituire 400 metri di condotta.",
            "7 settembre 2025"),
           ("Fiera di settembre, 140 bancarelle e navette gratuite dallo stadio",
            "Torna nel centro storico la tradizionale fiera di settembre con 140 espositori.",
            "6 settembre 2025")]


def test_a_topic_page_of_dated_teasers_is_furniture():
    """A tag page lists other articles, each a headline over its first sentence and its date:
    three or more such units in a row are a listing, with the labelled line above it."""
    units = [line for unit in TEASERS for line in unit]
    text = "\n".join(["Castelvaldo Notizie", "Home › Tag › Castelvaldo", "More stories: Castelvaldo",
                      *units, "Pagina 1 di 58 · Successiva »"])
    bp = "\n".join(boilerplate(text))
    assert all(line in bp for line in units) and "More stories: Castelvaldo" in bp


def test_a_related_block_of_headlines_over_their_first_sentences_is_furniture():
    """Under the text, a furniture heading over headlines, each over a one-sentence teaser,
    is a list of other articles, the last teaser too."""
    pairs = [line for h, t, _ in TEASERS[:2] for line in (h, t)]
    text = "\n".join(["Ponte sulla Lesina, senso unico alternato per sei settimane", *BODY,
                      "Articoli correlati", *pairs, "I più letti", TEASERS[2][0], "Calcio, l'Audace vince il derby"])
    bp = "\n".join(boilerplate(text))
    assert all(line in bp for line in pairs) and BODY[1] not in bp


def test_a_story_s_crossheads_over_short_paragraphs_and_its_dated_header_stay_text():
    """A story's own headline, standfirst and date, and crossheads over one-sentence
    paragraphs, are no listing: one dated unit, and the crossheads under no label."""
    lines = ["Analisi", "Quattro scuole diventano due entro il 2028",
             "Il piano della provincia prevede la chiusura di due plessi nella valle.", "9 settembre 2025",
             "I numeri", "Gli alunni sono scesi a 4.213 dai 10.582 del 1985.",
             "Le reazioni", "I genitori chiedono più autobus e un tempo pieno garantito.", *BODY]
    bp = "\n".join(boilerplate("\n".join(lines)))
    assert all(line not in bp for line in lines[1:])


def _thread(count_line, units):
    return [count_line, "Sort by: Newest | Oldest | Top",
            *[line for name, when, said, likes in units for line in (name, when, said, f"Reply · Like {likes}")],
            "Load more comments"]


COMMENTS = [("kettleriver_dan", "3 hours ago", f"“{BODY[0]}” And my paycheck will not rise at all.", 24),
            ("MargeInHF", "4 hours ago", "Good on them for at least asking the hard questions.", 17),
            ("Tom W.", "5 hours ago", "The hall is almost 50 years old. Pay now or pay later.", 31)]


def test_a_thread_of_readers_comments_under_the_text_is_furniture():
    """Under the text, a comment count over comments that each end in "Reply · Like N": the
    thread, names, times and texts (one quoting the article), is furniture."""
    thread = _thread("47 comments", COMMENTS)
    text = "\n".join(["Festival draws a record crowd", *BODY, *thread, "© 2025 Vernelles Ledger | Privacy"])
    bp = "\n".join(boilerplate(text))
    assert all(line in bp for line in thread) and BODY[0] not in bp.replace(COMMENTS[0][2], "")
    assert BODY[1] not in bp


@pytest.mark.parametrize("case", ["above the text", "rows of a table", "no count line"])
def test_lines_repeated_with_other_figures_are_no_comment_thread(case):
    """No thread: a count line above the text's first sentence, figures repeated on every
    line (a table), or comments with no count line above them (a live page's posts)."""
    if case == "above the text":
        lines = ["Festival draws a record crowd", "💬 3 comments", *BODY,
                 "Day one", "Saturday 3 pm", BODY[0].replace("62 000", "20 000"), "Visitors · Day 1",
                 "Day two", "Sunday 3 pm", BODY[1].replace("14 000", "5 000"), "Visitors · Day 2"]
        kept = lines[2:]
    elif case == "rows of a table":
        lines = ["Festival draws a record crowd", *BODY, "Visitors 3 days", "Friday 12", "Saturday 20", "Sunday 30",
                 "Total 62"]
        kept = lines[1:3]
    else:
        lines = ["Festival draws a record crowd", *BODY,
                 *[line for name, when, said, likes in COMMENTS for line in (name, when, said, f"Votes · {likes}")]]
        kept = [said for _, _, said, _ in COMMENTS] + BODY
    bp = "\n".join(boilerplate("\n".join(lines)))
    assert all(line not in bp for line in kept)


@pytest.mark.parametrize("credit", ["Source : Le Courrier de la Sorne", "Dikutip dari Kabar Seruni", "Redacción La Voz",
                                    "Stefano Moretti"])
def test_a_credit_between_the_date_line_and_the_text_is_furniture(credit):
    """Under the headline and the page's date line, a short line without a stop right above
    the text's first sentence is its credit or byline, in any language."""
    text = "\n".join(["Festival draws a record crowd", "Publié le 27/09/2025 à 20h10", credit, *BODY])
    assert credit in "\n".join(boilerplate(text))


def test_a_headline_under_the_date_line_stays_text():
    """A headline right under the page's date line (no headline above the date) is the
    text's own, though it is short and has no stop."""
    lines = ["Publié le 27/09/2025 à 20h10", "Festival draws a record crowd", *BODY]
    assert "Festival draws a record crowd" not in "\n".join(boilerplate("\n".join(lines)))


def test_a_newsletter_s_greeting_over_a_section_and_a_short_headline_is_furniture():
    """A newsletter's greeting over a section's label over its first item's headline of two
    or three words (isiXhosa, Cebuano): the greeting and the label are furniture, the
    headline is not."""
    greeting, label, headline = "Molweni! Nazi iindaba eziphambili zanamhlanje.", "UMASIPALA", "Amanzi ayabuya eDlamvuzo"
    text = "\n".join(["NDABA NGOKUFUTSHANE", "Ileta yeendaba yangentsasa · 15 July 2025", greeting, label, headline,
                      *BODY])
    bp = "\n".join(boilerplate(text))
    assert greeting in bp and label in bp and headline not in bp


def test_a_related_block_whose_teaser_is_a_long_first_sentence_is_furniture():
    """A "Notas relacionadas" block whose first teaser is its story's lead of 41 words."""
    lead = ("Cerca de 1,300 vecinos de la colonia Las Huertas tuvieron que salir de sus casas la mañana de este "
            "martes por una fuga de gas LP en las instalaciones de una gasera ubicada sobre la avenida principal, "
            "informó Protección Civil municipal en un comunicado.")
    pairs = ["Fuga en pipa de gas obliga a evacuar a 1,300 vecinos de la colonia Las Huertas", lead,
             "Choque entre tráiler y camioneta deja dos lesionados en el libramiento norte",
             "Dos personas resultaron heridas la noche del domingo en un choque en el libramiento norte."]
    text = "\n".join(["Incendio de pastizal en el cerro de La Cruz", *BODY, "Notas relacionadas", *pairs,
                      "© 2025 Editora Heraldo de Tezontla"])
    bp = "\n".join(boilerplate(text))
    assert all(line in bp for line in pairs) and BODY[1] not in bp


def _post(name, rank, posts, joined, when, text, sig=None, action="Cytuj | Zgłoś"):
    head = [name, rank, f"Posty: {posts}", f"Dołączył: {joined}", f"Wysłany: {when}"]
    return head, text, ([] if sig is None else ["_________________", sig]) + [action]


def _forum(*, article=False):
    """A thread: the title, the first post (a story told by its poster) and three replies."""
    posts = [_post("stary_mlynarz", "Bywalec", 847, 2016, "11.09.2025, 21:07", BODY, sig="Kto nie łowi, ten nie je."),
             _post("olszynianka", "Użytkownik", 212, 2021, "11.09.2025, 21:30",
                   ["U nas w Olszynce wczoraj jeszcze było pełno ludzi. Dzięki za streszczenie."]),
             _post("Rysiek_T", "Bywalec", "1 306", 2013, "11.09.2025, 22:02",
                   [f"„{BODY[0][:60]}” – to nie pierwszy raz, pamiętam podobną imprezę kilka lat temu."]),
             _post("stary_mlynarz", "Bywalec", 848, 2016, "11.09.2025, 22:15",
                   ["@Rysiek_T Warto to sprawdzić u organizatorów, niech podadzą liczby."])]
    lines = ["Forum Vernelles i okolice", "Strona główna » Forum » Sprawy bieżące"]
    lines += [*BODY, "Komentarze"] if article else ["Rekordowy festiwal komiksu w Vernelles"]
    for head, text, tail in posts:
        lines += [*head, *text, *tail]
    return lines + ["Strefa czasowa: UTC+2"], posts


def test_a_forum_thread_s_first_post_is_text_and_its_replies_furniture():
    """A thread pasted from a forum: the posts' headers (name, rank, "Posty: 847", "Dołączył:
    2016", the date: fields the other headers repeat with other figures), the first post's
    signature and action line, and the replies (one quoting the story) are furniture; the
    first post's text is the text."""
    lines, posts = _forum()
    bp = "\n".join(boilerplate("\n".join(lines)))
    head, text, tail = posts[0]
    assert all(line in bp for line in head + tail)
    assert all(line not in bp for line in text) and "Rekordowy festiwal" not in bp
    for head, text, tail in posts[1:]:
        assert all(line in bp for line in head + text + tail)


def test_posts_under_an_article_are_all_replies():
    """Under an article's running text, the thread's first post is a reply too."""
    lines, posts = _forum(article=True)
    bp = "\n".join(boilerplate("\n".join(lines)))
    for head, text, tail in posts[1:]:
        assert all(line in bp for line in head + text + tail)
    assert posts[0][0][0] in bp and "U nas w Olszynce" in bp
    assert BODY[1] not in bp.replace(posts[0][1][1], "")


def test_a_board_s_posts_with_months_in_their_fields_and_a_repeated_signature():
    """A board writing "Joined: Mar 2014" (the month differs from post to post: the field is
    its label), its posts' title line between header and text, and the first poster's
    signature without a delimiter, repeated under the poster's later reply."""
    sig = "“If the bus is late, so am I.” – my dad, 38 years on the buses"
    def post(name, rank, posts, joined, when, text, tail=()):
        return [name, rank, f"Posts: {posts}", f"Joined: {joined}", "Location: Saxby Wold",
                "Re: Mill Lane bus depot closing", "Quote · Report", f"Post by {name} » {when}", *text, *tail, "Top"]
    first = post("wolds_walker", "Frequent Poster", "2,418", "Mar 2014", "Thu 13 Mar 2025 19:40", BODY, [sig])
    replies = [post("tam_r", "Regular", 611, "Sep 2019", "Thu 13 Mar 2025 20:02",
                    ["That figure is rubbish. The 22 was rammed every school day."]),
               post("wolds_walker", "Frequent Poster", "2,419", "Mar 2014", "Thu 13 Mar 2025 20:31",
                    ["@tam_r agreed. I have emailed the council and asked what is left in the pot."], [sig])]
    lines = ["Brackenbury Online", "Mill Lane bus depot closing – 86 jobs at risk", *first,
             *[line for r in replies for line in r], "Who is online"]
    bp = "\n".join(boilerplate("\n".join(lines)))
    assert all(line not in bp for line in BODY)
    assert sig in bp and "Frequent Poster" in bp
    assert all(line in bp for r in replies for line in r)


def test_a_table_of_results_and_its_note_is_no_forum_thread():
    """A company's results for the quarter and nine months (figures repeated with one label
    per line, no date, no name) over a note of running text: no posts."""
    from dedup.normalize import _forum_posts
    note = ("NOTE: Prior quarter and nine month net reduced by 25 mln dlrs, or two cts per share, "
            "for estimated costs to reduce the workforce.")
    text = "\n".join(["Shr 47 cts vs 48 cts", "Net 505.0 mln vs 533.0 mln", "Revs 8.47 billion vs 8.43 billion",
                      "Nine mths.", "Shr 1.42 dlrs vs 1.16 dlrs", "Net 1.55 billion vs 1.31 billion",
                      "Revs 25.0 billion vs 25.56 billion", note])
    lines = analyze(Document("x", text)).lines
    assert _forum_posts(lines, [False] * len(lines)) == []
    # (the same rows with a poster's name and a date over each are a thread's headers)
    posted = text.replace("Shr 47", "mill_man\n13 Mar 2025 20:02\nShr 47").replace("Shr 1.42", "mill_man\n13 Mar 2025 21:10\nShr 1.42")
    lines = analyze(Document("x", posted)).lines
    assert _forum_posts(lines, [False] * len(lines)) != []


@pytest.mark.parametrize("case", ["one field", "no sentences", "one post"])
def test_repeated_short_lines_with_figures_are_no_forum_thread(case):
    """No thread: headers repeating one field only (a live page's times over entries), rows
    of figures without a sentence under them (a table), or a single post."""
    if case == "one field":
        lines = ["Festival: live", "14:32", "Day one", BODY[0], "15:10", "Day two", BODY[1],
                 "16:45", "Day three", BODY[0].replace("62 000", "20 000")]
        kept = [BODY[0], BODY[1], "Day one", "Day two"]
    elif case == "no sentences":
        lines = ["Rates", "STERLING", "1 month  10 9-7/8", "two  9-7/8 3/4", "three  9-13/16",
                 "US DOLLAR", "1 month  6.32/27", "two  6.33/28", "three  6.36/31", *BODY]
        kept = BODY
    else:
        lines, posts = _forum()
        lines = lines[:3] + [line for part in posts[0] for line in part]
        kept = BODY
    bp = "\n".join(boilerplate("\n".join(lines)))
    assert all(line not in bp for line in kept)


def test_a_live_page_s_entry_titles_under_their_times_stay_text():
    """A live page's entries, each a time of day over its title and text, under the last
    entry's "Share this post" and an ad's label: no list of links (the title is text); a list
    under a heading stays one when a date line and a cue line end it ("16:27, 6 FEB 2025"
    over "Bookmark")."""
    entries = [("17:12", "Bridge on the Olsza closed", BODY[0]), ("16:30", "Evacuation under way", BODY[1]),
               ("15:45", "Mayor declares an alarm", BODY[0].replace("62 000", "40 000"))]
    lines = ["Flood alarm: live", "Key points", BODY[1]]
    for when, title, said in entries:
        lines += [when, title, said, "Share this post", "ADVERTISEMENT"]
    bp = "\n".join(boilerplate("\n".join(lines)))
    assert all(title not in bp for _, title, _ in entries)
    assert "Share this post" in bp
