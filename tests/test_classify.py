"""Each divergence kind on a constructed pair (not the seed)."""

import pytest

from jiangbei_recon.api import reconcile_texts
from jiangbei_recon.classify.mojibake import explain_span
from jiangbei_recon.load.normalize import converter

PARAS = [
    "今年以来，全市加快推进老旧小区改造，一批民生项目陆续完工，居民生活更加便利。",
    "记者走访多个小区发现，新的电梯和停车位已经投入使用，居民们纷纷点赞。",
    "社区负责人表示，下一步将继续听取意见，把好事办好、实事办实。",
    "据了解，全市今年计划改造老旧小区一百二十个，涉及居民三万余户。",
]


def half(s: str) -> str:
    return s.translate(str.maketrans("，：；？！（）", ",:;?!()"))


def web_text(paras=PARAS) -> str:
    lines = ["某某網>>要聞", "", "市裡推進老舊小區改造", ""]
    for p in paras:
        lines += ["  " + half(converter("s2t").convert(p)), ""]
    return "\n".join(lines) + "\n"


def print_text(paras=PARAS, width=14) -> str:
    out = []
    for p in paras:
        out += [p[i : i + width] for i in range(0, len(p), width)] + [""]
    out += ["市里推进老旧小区改造", ""]
    return "\n".join(out)


def kinds(report, category=None):
    return sorted(d.kind for d in report.divergences if category is None or d.category == category)


def test_clean_pair_reconciles_with_no_artifacts():
    r = reconcile_texts(web_text(), print_text())
    assert r.verdict == "reconciled"
    assert kinds(r, "wording") == [] and kinds(r, "artifact") == []
    assert len(r.alignment) == len(PARAS) + 1  # paragraphs and title


def test_wording_edit_is_found_with_lines():
    paras = list(PARAS)
    paras[2] = paras[2].replace("听取", "征求")
    r = reconcile_texts(web_text(), print_text(paras))
    wording = [d for d in r.divergences if d.kind == "wording"]
    assert len(wording) == 1 and r.verdict == "diverged"
    assert wording[0].web.text == "聽取" and wording[0].print.text == "征求"
    assert wording[0].web.lines == (9, 9)


def test_script_variant_for_one_to_many_conversion():
    web = web_text().replace("推進老舊小區改造,一批", "推進老舊小區改造,隨著一批")
    prn = print_text([PARAS[0].replace("改造，一批", "改造，随着一批")] + PARAS[1:])
    r = reconcile_texts(web, prn)
    assert "script-variant" in kinds(r) and r.verdict == "reconciled"


def test_variant_character():
    r = reconcile_texts(
        web_text().replace("記者", "記者周娘娘"),
        print_text([PARAS[0], PARAS[1].replace("记者", "记者周孃孃")] + PARAS[2:]),
    )
    assert "variant-character" in kinds(r, "artifact") and r.verdict == "reconciled"


def test_quote_direction_and_punctuation():
    web = web_text().replace("紛紛點贊。", "紛紛說”好“。")
    prn = print_text([PARAS[0], PARAS[1].replace("纷纷点赞。", "纷纷说“好”！")] + PARAS[2:])
    r = reconcile_texts(web, prn)
    assert kinds(r, "artifact").count("quote-direction") == 2
    assert "punctuation" in kinds(r, "artifact")
    assert r.verdict == "reconciled"


def test_punctuation_width_and_annotation_are_normalization():
    web = web_text().replace("小區", "小區(qū)")
    r = reconcile_texts(web, print_text())
    assert "pinyin-annotation" in kinds(r, "normalization")
    assert "punctuation-width" in kinds(r, "normalization")
    assert all("(qū)" not in p.key for p in r.web.paragraphs)


def corrupt(text: str, drop_at: int) -> str:
    data = text.encode("gb18030")
    return (data[:drop_at] + data[drop_at + 1 :]).decode("gb18030", errors="jiangbei-skip1")


def test_mojibake_byte_shift_is_proven():
    clean = converter("s2t").convert("完工。”記者走訪")
    broken = corrupt(clean, clean.encode("gb18030").index("。".encode("gb18030")))
    exp = explain_span(
        broken[2:-2], "。”记者", web_context=(broken[:2], broken[-2:]), print_context=("完工", "走访")
    )
    assert exp.confidence == "proven" and any("byte-shift" in e for e in exp.evidence)


def test_mojibake_in_a_pair_is_artifact_with_repaired_text():
    trad = half(converter("s2t").convert(PARAS[1]))
    pos = trad.encode("gb18030").index("點".encode("gb18030"))
    broken = corrupt(trad, pos)
    web = web_text().replace(trad, broken)
    r = reconcile_texts(web, print_text())
    moj = [d for d in r.divergences if d.kind == "mojibake"]
    assert len(moj) == 1 and r.verdict == "reconciled"
    assert moj[0].details["confidence"] == "proven" and "点" in moj[0].details["repaired"]


@pytest.mark.parametrize(
    "web_span,confidence", [("巯F", "suspected"), ("\ue226好", "suspected"), ("征求", None)]
)
def test_suspicious_characters_alone_are_only_suspected(web_span, confidence):
    assert explain_span(web_span, "听取").confidence == confidence


def test_one_sided_paragraph():
    r = reconcile_texts(web_text(), print_text(PARAS[:3]))
    assert r.web_only and "one-sided" in kinds(r, "wording") and r.verdict == "diverged"


def test_not_a_pair():
    other = [
        "天气预报说明天有雨，请大家出门带伞，注意交通安全。",
        "本周末博物馆延长开放时间，欢迎市民前往参观。",
    ] * 2
    r = reconcile_texts(web_text(), print_text(other))
    assert r.verdict == "not-a-pair" and r.divergences == []
