"""The normalizer: one key function for both copies, with offsets back to raw text."""

from jiangbei_recon.load.normalize import fold_width, normalize, to_simplified


def test_annotation_removed_and_recorded():
    n = normalize("服務(wù)群眾")
    assert n.key == "服务群众"
    assert [(a.char, a.reading) for a in n.annotations] == [("務", "wù")]
    assert n.annotations[0].start == 2 and n.annotations[0].end == 6


def test_annotation_on_corrupted_character_is_still_removed():
    n = normalize("亂,F(xiàn)象")
    assert "(" not in n.key and n.annotations[0].char == "F" and n.annotations[0].reading == "xiàn"


def test_parenthesised_latin_and_cjk_are_not_annotations():
    assert normalize("(GDP)").key == "(GDP)"
    assert normalize("社區(村)").key == "社区(村)"
    assert normalize("你好 (ni)").key == "你好(ni)"  # no tone mark: kept


def test_width_and_space_folding():
    assert normalize("一，二：三？ 四\u3000五\u00a0六").key == normalize("一,二:三?四五六").key
    assert fold_width("Ａ") == "A" and fold_width("。") == "。"


def test_letter_spacing_collapses():
    assert normalize("核 心 提 示").key == "核心提示"


def test_script_unified_and_ambiguous_folded():
    assert normalize("隨著").key == normalize("随着").key
    assert normalize("心裡").key == normalize("心里").key
    assert normalize("於是").key == normalize("于是").key


def test_offsets_round_trip():
    raw = "  悠悠萬事,民生為大。區(qū)縣 GDP"
    n = normalize(raw)
    assert len(n.key) == len(n.key_map)
    assert all(b > a for a, b in zip(n.key_map, n.key_map[1:]))
    for k, off in enumerate(n.key_map):
        assert (
            to_simplified(fold_width(raw[off])) in (n.key[k], raw[off]) or n.key[k] == normalize(raw[off]).key
        )


def test_annotation_split_by_a_line_break_in_a_wrapped_copy():
    for raw in ("進(\njìn)小", "進(jì\nn)小", "進\n(jìn)小"):
        n = normalize(raw)
        assert n.key == "进小" and n.annotations[0].reading == "jìn"


def test_full_width_annotation_brackets_are_annotations_too():
    from jiangbei_recon.load.normalize import normalize

    half, full = normalize("社區(qū)服務(wù)"), normalize("社區（qū）服務（wù）")
    assert half.key == full.key == "社区服务"
    assert [(a.char, a.reading) for a in full.annotations] == [("區", "qū"), ("務", "wù")]
    assert normalize("（GDP）增長").key == "(GDP)增长"  # no tone mark: not an annotation


def test_seed_with_full_width_annotation_brackets_reconciles_the_same():
    from helpers import read, seed_paths
    from jiangbei_recon.api import reconcile_texts
    from jiangbei_recon.load.normalize import ANNOTATION

    web, prn = (read(p) for p in seed_paths())
    full = ANNOTATION.sub(lambda m: "（" + m.group(1) + "）", web)
    assert full != web
    a, b = reconcile_texts(web, prn), reconcile_texts(full, prn)
    assert b.verdict == "reconciled" and b.summary == a.summary
