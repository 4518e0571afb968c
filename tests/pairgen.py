"""Truth-known mirror pairs built from generated text (never from the seed).

``make_pair(seed, ...)`` writes an original Simplified-Chinese news-like
article from a built-in vocabulary (sentences with full-width punctuation,
paragraphs of 1-6 sentences, sections opened by a short unpunctuated heading,
a title first), then renders it twice:

* the **web copy**: Traditional script (OpenCC ``s2t``), one paragraph per line
  indented by two spaces with a blank line between paragraphs, most inner
  punctuation half-width (``，`` -> ``,``), optional pinyin annotations glued
  after every occurrence of a chosen share of characters (``區(qū)``, as on
  the real page), optional chrome lines at the top and bottom, and optional
  GBK byte-shift corruption made the way ``classify/mojibake.py`` describes
  the real one: the Traditional text (full-width punctuation, annotations) is
  encoded in GB18030 (``mojibake_codec``), one byte is lost at the start of a 3-6
  character span that ends right before an ASCII byte (an annotation's ``(``,
  a digit, a Latin letter: where the decoder falls back in step), the bytes are
  decoded skipping what cannot be read, and the site's clean-up runs after it
  (private-use and U+FFFD dropped, full-width ASCII forms folded - which is
  also why the web copy's inner punctuation is half-width);
* the **print copy**: the Simplified text hard-wrapped at ``width`` CJK cells
  (ASCII counts half; closing punctuation never starts a line), a blank line
  between paragraphs except ``drop_blanks`` of them (only after a short line
  ending a sentence, as a page really does), ``column_breaks`` blank lines
  inserted right after a full line that ends mid-sentence, one section moved to
  the front (``move_section``), headings and the title on a line of their own
  (gathered at the end with ``headings_at_end``).

``GeneratedPair.truth`` records what the tool should find:

``paragraphs``      Simplified text of every paragraph in web order (title,
                    headings, body; no chrome)
``roles``           "title" / "heading" / "body" per paragraph
``web_lines``       1-based web file line of each paragraph
``print_lines``     (first, last) 1-based print file lines of each paragraph
                    (a column-break blank inside is within the range)
``print_order``     paragraph indices in print reading order
``moved``           (start, end) end-exclusive ranges of paragraph indices of
                    the section printed out of place (heading included)
``moved_body``      the same for its body paragraphs only
``edits``           real wording edits: {"side", "line", "old", "new", "paragraph"}
``mojibake``        {"line", "paragraph", "original", "corrupted", "simplified"}
``width``           the print column width
``column_breaks``   print line numbers of the blank lines inside paragraphs
``dropped_blanks``  print line numbers after which a paragraph break has no blank

Everything is a pure function of the arguments: ``random.Random(seed)`` only.
"""

from __future__ import annotations

import codecs
import os
import random
from dataclasses import dataclass, field
from functools import cache

# -- vocabulary ---------------------------------------------------------------

TIMES = tuple(
    """
今年 去年 近日 目前 近年来 下一步 今年以来 上半年 年初 本月 2021年12月15日 3月2日
2022年 5月上旬 截至目前 当天上午 昨天下午 十月中旬
""".split()
)
SUBJECTS = tuple(
    """
市政府 区委 街道 社区 居民 学校 老师 学生 企业 工作人员 志愿者 专家
负责人 村民 园区 医院 有关部门 施工单位 镇政府 物业公司 交通部门 文化馆 图书馆 环保部门
城管队员 家长 青年团队 农业合作社 科技公司 商户
""".split()
)
ADVERBS = tuple(
    """
积极 持续 不断 进一步 全面 认真 加快 大力 稳步 主动 扎实 有序
深入 切实 集中
""".split()
)
VERBS = tuple(
    """
推进 建设 开展 完成 提升 改善 实施 组织 打造 推动 落实 解决
支持 优化 整治 规划 修复 培育 引进 保障 排查 更新 改造 完善
宣传
""".split()
)
OBJECTS = tuple(
    """
城市环境 河道治理 工程项目 公共服务 道路交通 绿化景观 老旧小区 养老服务 教育质量 文化活动 污水处理 停车难题
就业岗位 基础设施 健身步道 垃圾分类 雨水管网 社区食堂 消防设施 体育场馆 农村公路 菜市场 公交线路 照明设备
休闲广场 滨江公园 产业园区 创业平台 志愿服务 课后托管 医疗资源 网络信号 安全隐患 供水管道 生态湿地
""".split()
)
PLACES = tuple(
    """
城北新区 老城区 开发区 滨河路 中心广场 东湖街道 西山镇 南岸片区 工业园 火车站附近 沿江一带 青石村
北门社区 大桥两侧 新城片区
""".split()
)
QUANTITIES = tuple(
    """
120户 3.5公里 4200万元 18个 60% 300余名 2000平方米 45处 7条 1.2万人次 96家 800多米
三个 五项 十余处
""".split()
)
RESULTS = tuple(
    """
受到居民好评 取得明显成效 群众满意度不断提高 环境面貌焕然一新 出行更加方便 生活品质明显提升 为群众办了实事 形成了良好氛围 效率提高了一倍 问题得到有效解决 周边居民拍手称快 GDP增速位居前列
工作走在全市前列 经验在全省推广
""".split()
)
CLAUSES = tuple(
    """
要把好事办好 群众的事无小事 这里变化真大 我们会继续努力 大家都很满意 工作还要做得更细 下一步还有很多事要做 这件事办得实在 孩子们终于有了好去处 每天都来这里走一走
""".split()
)
SAYS = ("表示", "介绍说", "告诉记者", "说", "感慨道")
QUESTIONS = ("如何", "怎样")
NAMES = ("王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴")
TITLES_OF = ("女士", "先生", "大爷", "阿姨", "老师")
HEADING_PARTS = (
    ("持续", "加快", "全面", "聚焦", "深化", "做实", "用心", "着眼", "守护", "提速", "共建", "助力"),
    (
        "河道治理",
        "民生实事",
        "城市更新",
        "基层治理",
        "公共服务",
        "生态保护",
        "产业发展",
        "乡村振兴",
        "文化惠民",
        "交通出行",
        "社区服务",
        "营商环境",
        "校园安全",
        "旧城改造",
        "绿色出行",
        "智慧城管",
    ),
)
TITLE_PARTS = tuple(
    """
让城市更宜居 办好民生实事 推动高质量发展 建设美好家园 绘就幸福图景 激活发展动能
""".split()
)

#: pinyin (with tone marks) of vocabulary characters, keyed by the Simplified character
PINYIN = {
    "城": "chéng",
    "市": "shì",
    "建": "jiàn",
    "设": "shè",
    "工": "gōng",
    "程": "chéng",
    "居": "jū",
    "民": "mín",
    "区": "qū",
    "务": "wù",
    "网": "wǎng",
    "项": "xiàng",
    "目": "mù",
    "河": "hé",
    "道": "dào",
    "治": "zhì",
    "理": "lǐ",
    "学": "xué",
    "校": "xiào",
    "老": "lǎo",
    "师": "shī",
    "发": "fā",
    "展": "zhǎn",
    "现": "xiàn",
    "实": "shí",
    "业": "yè",
    "质": "zhì",
    "领": "lǐng",
    "运": "yùn",
    "动": "dòng",
    "环": "huán",
    "境": "jìng",
    "积": "jī",
    "极": "jí",
    "进": "jìn",
    "强": "qiáng",
    "点": "diǎn",
    "场": "chǎng",
    "园": "yuán",
    "农": "nóng",
    "村": "cūn",
    "态": "tài",
    "优": "yōu",
    "化": "huà",
    "乡": "xiāng",
    "镇": "zhèn",
    "街": "jiē",
    "社": "shè",
    "养": "yǎng",
    "长": "zhǎng",
    "众": "zhòng",
    "群": "qún",
    "新": "xīn",
    "文": "wén",
    "体": "tǐ",
    "育": "yù",
    "交": "jiāo",
    "通": "tōng",
    "路": "lù",
    "广": "guǎng",
    "公": "gōng",
    "共": "gòng",
    "服": "fú",
    "生": "shēng",
    "活": "huó",
    "造": "zào",
    "改": "gǎi",
    "规": "guī",
    "划": "huà",
    "处": "chù",
    "绿": "lǜ",
    "垃": "lā",
    "圾": "jī",
    "馆": "guǎn",
    "企": "qǐ",
    "专": "zhuān",
    "家": "jiā",
    "志": "zhì",
    "愿": "yuàn",
    "者": "zhě",
}

#: characters written the same in both scripts and in no variant table: wording edits
EDIT_CHARS = "天地玄宇宙洪荒日月盈辰宿列寒暑往秋收冬藏山川石木花草星火水土玉羊鸟鱼"

CLOSING = "，。；：！？、”’）》,.;:!?)"
SENTENCE_END = "。！？；!?;"
HALF = {"，": ",", "：": ":", "；": ";", "！": "!", "？": "?", "（": "(", "）": ")"}


@cache
def _cc(config: str):
    import opencc

    return opencc.OpenCC(config)


def to_traditional(text: str) -> str:
    """s2t keeping the length (per character when a phrase rule changes it)."""
    out = _cc("s2t").convert(text)
    if len(out) != len(text):
        out = "".join(_cc("s2t").convert(c) if len(_cc("s2t").convert(c)) == 1 else c for c in text)
    return out


def round_trips(text: str) -> bool:
    return _cc("t2s").convert(to_traditional(text)) == text


def is_cjk(c: str) -> bool:
    o = ord(c)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF


def cells(text: str) -> float:
    return sum(0.5 if ord(c) < 0x2000 else 1.0 for c in text)


# -- text ---------------------------------------------------------------------


def _sentence(rng: random.Random) -> str:
    c = rng.choice
    k = rng.randrange(9)
    if k == 0:
        return f"{c(TIMES)}，{c(SUBJECTS)}{c(ADVERBS)}{c(VERBS)}{c(OBJECTS)}。"
    if k == 1:
        return f"{c(SUBJECTS)}{c(ADVERBS)}{c(VERBS)}{c(OBJECTS)}，{c(VERBS)}{c(OBJECTS)}，{c(RESULTS)}。"
    if k == 2:
        return f"{c(SUBJECTS)}负责人{c(SAYS)}：“{c(CLAUSES)}，{c(CLAUSES)}。”"
    if k == 3:
        return f"{c(TIMES)}，{c(PLACES)}共{c(VERBS)}{c(QUANTITIES)}{c(OBJECTS)}，{c(RESULTS)}。"
    if k == 4:
        return f"{c(QUESTIONS)}{c(VERBS)}{c(OBJECTS)}？{c(PLACES)}的{c(SUBJECTS)}给出了答案。"
    if k == 5:
        return f"{c(SUBJECTS)}{c(VERBS)}{c(OBJECTS)}；{c(SUBJECTS)}{c(ADVERBS)}{c(VERBS)}{c(OBJECTS)}。"
    if k == 6:
        return f"在{c(PLACES)}，居民{c(NAMES)}{c(TITLES_OF)}{c(SAYS)}，{c(CLAUSES)}！"
    if k == 7:
        return f"据了解，{c(PLACES)}已{c(VERBS)}{c(OBJECTS)}{c(QUANTITIES)}，{c(ADVERBS)}{c(VERBS)}{c(OBJECTS)}等工作。"
    return f"{c(TIMES)}，{c(SUBJECTS)}围绕{c(OBJECTS)}、{c(OBJECTS)}和{c(OBJECTS)}，{c(VERBS)}了一批{c(OBJECTS)}。"


def _paragraph(rng: random.Random) -> str:
    out = []
    for _ in range(rng.randint(1, 6)):
        s = _sentence(rng)
        while not round_trips(s):  # pragma: no cover - the vocabulary round-trips
            s = _sentence(rng)
        out.append(s)
    return "".join(out)


def _heading(rng: random.Random, max_len: int = 12) -> str:
    while True:
        h = rng.choice(HEADING_PARTS[0]) + rng.choice(HEADING_PARTS[1])
        if rng.random() < 0.4:
            h += rng.choice(("工作", "见成效", "有新招", "再提速", "新路子", "新举措"))
        if 4 <= len(h) <= max_len and round_trips(h):
            return h


def _title(rng: random.Random) -> str:
    a = rng.choice(HEADING_PARTS[1])
    return f"{rng.choice(PLACES)}{a} {rng.choice(TITLE_PARTS)}"


# -- rendering ----------------------------------------------------------------


def wrap(text: str, width: int) -> list[str]:
    """Hard-wrap at ``width`` cells; closing punctuation hangs on the line before."""
    lines: list[str] = []
    cur = ""
    w = 0.0
    for ch in text:
        cw = 0.5 if ord(ch) < 0x2000 else 1.0
        if cur and w + cw > width and ch not in CLOSING:
            lines.append(cur)
            cur, w = "", 0.0
        cur += ch
        w += cw
    if cur:
        lines.append(cur)
    return lines


def _skip_one(exc: UnicodeDecodeError):
    return ("", exc.start + 1)


codecs.register_error("pairgen-skip1", _skip_one)


def _site_clean(text: str) -> str:
    out = []
    for ch in text:
        o = ord(ch)
        if 0xE000 <= o <= 0xF8FF or ch in "\ufffd\u3000" or ch.isspace():
            continue
        if 0xFF01 <= o <= 0xFF5E:
            ch = chr(o - 0xFEE0)
        out.append(ch)
    return "".join(out)


def byte_shift(span: str, codec: str = "gb18030") -> str:
    """``span`` encoded in ``codec`` with its first byte lost, decoded as the site did.

    ``gb18030`` maps the GBK user-defined areas to private-use code points (the
    site's clean-up then drops them), as Windows code page 936 does; Python's
    ``gbk`` codec rejects those byte pairs instead, so the decoder skips a byte
    and the two codecs can corrupt the same span differently.
    """
    data = span.encode(codec)[1:]
    return _site_clean(data.decode(codec, errors="pairgen-skip1"))


@dataclass
class GeneratedPair:
    web_text: str
    print_text: str
    truth: dict = field(default_factory=dict)


def _body_chars(line: str, annotated_ok: bool = False) -> list[int]:
    """Positions of CJK characters not followed by an annotation (safe to edit)."""
    out = []
    depth = 0
    for i, ch in enumerate(line):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and is_cjk(ch) and (annotated_ok or i + 1 >= len(line) or line[i + 1] != "("):
            out.append(i)
    return out


def make_pair(
    seed: int,
    *,
    n_sections: int = 4,
    width: int | None = None,
    move_section: bool = False,
    column_breaks: int = 0,
    drop_blanks: float = 0.0,
    edits: int = 0,
    annotations: float = 0.0,
    mojibake: int = 0,
    chrome: bool = True,
    scale: int = 1,
    headings_at_end: bool = False,
    half_width: float = 1.0,
    unique_headings: bool = True,
    mojibake_codec: str = "gb18030",
) -> GeneratedPair:
    rng = random.Random(seed)
    if width is None:
        width = rng.randint(12, 28)

    # -- the article (Simplified) ------------------------------------------
    paragraphs: list[str] = [_title(rng)]
    roles: list[str] = ["title"]
    sections: list[tuple[int, int]] = []  # (start, end) paragraph index ranges, heading first
    used: set[str] = set()
    for _ in range(n_sections * scale):
        start = len(paragraphs)
        h = _heading(rng, max_len=min(12, width))
        while unique_headings and h in used and len(used) < 1000:
            h = _heading(rng, max_len=min(12, width))
        used.add(h)
        paragraphs.append(h)
        roles.append("heading")
        for _ in range(rng.randint(2, 5)):
            paragraphs.append(_paragraph(rng))
            roles.append("body")
        sections.append((start, len(paragraphs)))

    # -- print order -----------------------------------------------------------
    order_sections = list(range(len(sections)))
    moved: list[tuple[int, int]] = []
    moved_body: list[tuple[int, int]] = []
    if move_section and len(sections) >= 3:
        total = sum(e - s - 1 for s, e in sections)
        size = [e - s - 1 for s, e in sections]  # body paragraphs per section
        # the moved section is the smaller side of the swap, so "what moved" has one answer
        choices = [j for j in range(1, len(sections)) if 2 * size[j] < total and size[j] < sum(size[:j])]
    else:
        choices = []
    if choices:  # (none: no section can move unambiguously; truth then says nothing moved)
        j = rng.choice(choices)
        order_sections.remove(j)
        order_sections.insert(0, j)
        moved.append(sections[j])
        moved_body.append((sections[j][0] + 1, sections[j][1]))
    print_order = [0]
    tail_headings: list[int] = []
    for j in order_sections:
        s, e = sections[j]
        if headings_at_end:
            tail_headings.append(s)
            print_order.extend(range(s + 1, e))
        else:
            print_order.extend(range(s, e))
    print_order.extend(tail_headings)

    # -- print copy --------------------------------------------------------------
    plines: list[str] = []
    print_lines: dict[int, tuple[int, int]] = {}
    dropped: list[int] = []
    par_line_idx: dict[int, list[int]] = {}  # paragraph -> indices into plines of its text lines
    for k, i in enumerate(print_order):
        text = paragraphs[i]
        if roles[i] != "body":
            pl = [text]  # display type: one line whatever the column
        else:
            pl = wrap(text, width)
        if k > 0:
            prev = print_order[k - 1]
            last = plines[-1]
            short = cells(last) <= 0.8 * width - 1
            if (
                roles[i] == "body"
                and roles[prev] == "body"
                and short
                and last[-1] in SENTENCE_END + "”"
                and rng.random() < drop_blanks
            ):
                dropped.append(len(plines))
            else:
                plines.append("")
        first = len(plines) + 1
        par_line_idx[i] = list(range(len(plines), len(plines) + len(pl)))
        plines.extend(pl)
        print_lines[i] = (first, len(plines))

    # column breaks: after a full line ending mid-sentence, inside a body paragraph
    candidates = []
    for i, idxs in par_line_idx.items():
        if roles[i] != "body":
            continue
        for n in idxs[:-1]:
            ln = plines[n]
            if cells(ln) >= width - 0.5 and ln[-1] not in SENTENCE_END + "”’）)":
                candidates.append(n)
    breaks_at = sorted(rng.sample(candidates, min(column_breaks, len(candidates))))
    for shift, n in enumerate(breaks_at):
        plines.insert(n + 1 + shift, "")
    # renumber
    ins = [n + 1 + s for s, n in enumerate(breaks_at)]  # indices (0-based) of the blank lines

    def renum(line0: int) -> int:  # 0-based old index -> 1-based new line
        return line0 + 1 + sum(1 for n in breaks_at if n < line0)

    print_lines = {i: (renum(a - 1), renum(b - 1)) for i, (a, b) in print_lines.items()}
    par_line_idx = {i: [renum(n) - 1 for n in idxs] for i, idxs in par_line_idx.items()}
    dropped = [renum(n - 1) for n in dropped]
    column_break_lines = [n + 1 for n in ins]

    # -- web copy ------------------------------------------------------------------
    wlines: list[str] = []
    if chrome:
        site = rng.choice(("城市新闻网", "都市报网", "本地日报网"))
        wlines += [
            to_traditional(site),
            to_traditional(f"{site}>>新闻频道>>本地>>要闻"),
            "",
        ]
    # Traditional text with full-width punctuation and annotations: what the site
    # encoded; the byte shift happens here, the width folding after it.
    # As on the real page, annotation is a property of the character: every
    # occurrence of an annotated character carries its reading.
    annotated = {c for c in PINYIN if rng.random() < annotations}
    staged: dict[int, str] = {}
    for i, text in enumerate(paragraphs):
        t = to_traditional(text)
        if annotated and roles[i] != "title":
            out = []
            for s_ch, t_ch in zip(text, t):
                out.append(t_ch)
                if s_ch in annotated:
                    out.append(f"({PINYIN[s_ch]})")
            t = "".join(out)
        staged[i] = t

    body = [i for i, r in enumerate(roles) if r == "body"]
    busy: set[int] = set()

    # -- mojibake (web) ----------------------------------------------------------
    moji: list[dict] = []
    for i in rng.sample(body, len(body)):
        if len(moji) >= mojibake:
            break
        line = staged[i]
        # a lost byte shifts every pair up to the next ASCII byte, which resyncs
        ends = [e for e in range(4, len(line)) if line[e].isascii() and not line[e - 1].isascii()]
        rng.shuffle(ends)
        for e in ends:
            s = e - rng.randint(3, 6)
            span = line[s:e]
            if s < 1 or not all(is_cjk(c) or c in "。“”、，：；！？" for c in span) or line[s - 1] == ")":
                continue
            try:
                bad = byte_shift(span, mojibake_codec)
            except UnicodeEncodeError:
                continue
            if not bad or _site_clean(span) == bad or "(" in bad:
                continue
            staged[i] = line[:s] + bad + line[e:]
            moji.append(
                {"paragraph": i, "original": span, "corrupted": bad, "simplified": _cc("t2s").convert(span)}
            )
            busy.add(i)
            break

    web_lines: dict[int, int] = {}
    for i in range(len(paragraphs)):
        t = staged[i]
        if roles[i] == "body":  # the site's clean-up folded full-width ASCII forms
            t = "".join(HALF[c] if c in HALF and rng.random() < half_width else c for c in t)
        if i == 0:
            wlines.append(t)
            wlines.append("")
            if chrome:
                y, m, d = rng.randint(2015, 2024), rng.randint(1, 12), rng.randint(1, 28)
                hh, mm = rng.randint(6, 22), rng.randint(0, 59)
                src = rng.choice(("都市日报", "晚报", "城市报"))
                wlines.append(to_traditional(f"{y}年{m:02d}月{d:02d}日{hh:02d}:{mm:02d}  来源:{src}"))
                wlines.append(to_traditional("小字号"))
                wlines.append("")
            web_lines[0] = 1 + (3 if chrome else 0)
            continue
        wlines.append("  " + t)
        web_lines[i] = len(wlines)
        wlines.append("")
    if chrome:
        wlines.append("  " + to_traditional("记者 " + rng.choice(NAMES) + "明 " + rng.choice(NAMES) + "华"))
        wlines.append("")
        wlines.append(to_traditional(f"(责编:{rng.choice(NAMES)}某、{rng.choice(NAMES)}某)"))
        wlines.append("")
        wlines.append(to_traditional("分享到:"))
        wlines.append(to_traditional("回到顶部"))
    for m in moji:
        m["line"] = web_lines[m["paragraph"]]

    # -- wording edits ---------------------------------------------------------------
    edit_log: list[dict] = []
    for i in rng.sample(body, len(body)):
        if len(edit_log) >= edits:
            break
        if i in busy:
            continue
        side = rng.choice(("web", "print"))
        if side == "web":
            no = web_lines[i]
        else:
            no = rng.choice(par_line_idx[i]) + 1
        src_lines = wlines if side == "web" else plines
        line = src_lines[no - 1]
        spots = _body_chars(line)
        if not spots:
            continue
        pos = rng.choice(spots)
        old = line[pos]
        new = rng.choice([c for c in EDIT_CHARS if c != old])
        src_lines[no - 1] = line[:pos] + new + line[pos + 1 :]
        edit_log.append({"side": side, "line": no, "old": old, "new": new, "paragraph": i})
        busy.add(i)

    truth = {
        "paragraphs": paragraphs,
        "roles": roles,
        "web_lines": [web_lines[i] for i in range(len(paragraphs))],
        "print_lines": [print_lines[i] for i in range(len(paragraphs))],
        "print_order": print_order,
        "moved": moved,
        "moved_body": moved_body,
        "edits": edit_log,
        "mojibake": moji,
        "width": width,
        "column_breaks": column_break_lines,
        "dropped_blanks": dropped,
    }
    return GeneratedPair("\n".join(wlines) + "\n", "\n".join(plines) + "\n", truth)


def write_pair(pair: GeneratedPair, directory: str, names: tuple[str, str] = ("a.txt", "b.txt")):
    """Write the web and print copies as UTF-8 files; returns their paths."""
    os.makedirs(directory, exist_ok=True)
    paths = []
    for name, text in zip(names, (pair.web_text, pair.print_text)):
        path = os.path.join(directory, name)
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        paths.append(path)
    return tuple(paths)


__all__ = ["GeneratedPair", "make_pair", "write_pair", "wrap", "byte_shift", "to_traditional"]
