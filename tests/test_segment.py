"""Segmenters on constructed input: roles from general cues, paragraphs from wrapped lines."""

from jiangbei_recon.load.printseg import PrintSegmenter
from jiangbei_recon.load.web import WebSegmenter

WEB = [
    "某某新聞網",
    "某某新聞網>>地方頻道>>要聞",
    "",
    "市裡推進老舊小區改造 居民生活更便利",
    "",
    "2023年05月02日09:30 | 來源:某某日報",
    "小字號",
    "",
    "河邊的新公園",
    "",
    "  導讀",
    "",
    "  今年以來,全市加快推進老舊小區改造,一批民生項目陸續完工。",
    "",
    "  改造提速 民生項目落地",
    "",
    "  記者走訪多個小區發現,新的電梯和停車位已經投入使用。",
    "",
    "社區活動中心一角",
    "",
    "  居民們紛紛表示,生活比以前方便多了。",
    "",
    "  張三 李四 圖片由市住建委提供",
    "",
    "(責編:王五、趙六)",
    "",
    "分享讓更多人看到",
    "",
    "返回頂部",
]


def roles(lines):
    return {p.first_line: p.role for p in WebSegmenter().segment(lines)}


def test_web_roles_from_general_cues():
    r = roles(WEB)
    assert r[1] == "chrome" and r[2] == "chrome" and r[7] == "chrome"
    assert r[4] == "title"
    assert r[6] == "dateline"
    assert r[9] == "caption"
    assert r[11] == "summary-label"
    assert r[13] == r[17] == r[21] == "body"
    assert r[15] == "heading"
    assert r[19] == "caption"
    assert r[23] == "byline" and r[25] == "byline"
    assert r[27] == "chrome" and r[29] == "chrome"


def test_web_one_paragraph_per_line():
    pars = WebSegmenter().segment(WEB)
    assert all(p.first_line == p.last_line for p in pars)
    assert [p.id for p in pars] == [f"w{i + 1}" for i in range(len(pars))]


PRINT = [
    "今年以来，全市加快推进老旧小区改造，一批",
    "民生项目陆续完工。",
    "记者走访多个小区发现，新的电梯和停车位已",
    "",
    "经投入使用，居民们纷纷点赞。",
    "“生活比以前方便多了！”",
    "",
    "改造提速 民生项目落地",
    "",
    "社区活动中心一角社区活动中心一角",
    "",
    "导 读",
]


def test_print_column_break_joined_and_recorded():
    pars = PrintSegmenter().segment(PRINT)
    texts = [p.key for p in pars]
    assert texts[0] == "今年以来,全市加快推进老旧小区改造,一批民生项目陆续完工。"
    assert texts[1].startswith("记者走访") and texts[1].endswith("居民们纷纷点赞。")
    assert [(j.kind, j.line) for j in pars[1].joins] == [("column-break", 4)]
    assert texts[2] == "“生活比以前方便多了!”"


def test_print_standalone_lines_and_duplicate():
    pars = PrintSegmenter().segment(PRINT)
    by_line = {p.first_line: p for p in pars}
    assert by_line[8].role == "heading"
    cap = by_line[10]
    assert cap.role == "caption" and cap.key == "社区活动中心一角" and cap.duplicate is not None
    assert by_line[12].role == "summary-label" and by_line[12].key == "导读"
    assert by_line[12].letter_spaced


def test_every_text_line_in_exactly_one_paragraph():
    pars = PrintSegmenter().segment(PRINT)
    covered = [n for p in pars for n in range(p.first_line, p.last_line + 1) if PRINT[n - 1].strip()]
    assert sorted(covered) == [i + 1 for i, ln in enumerate(PRINT) if ln.strip()]
    assert len(covered) == len(set(covered))
