"""Decoding: encodings, line ends, and the input errors that must exit 2."""

import pytest

from jiangbei_recon.errors import InputError
from jiangbei_recon.load.decode import decode_bytes

TEXT = "江北区认真落实服务群众工作要求。\n第二段文字在这里。\n"


@pytest.mark.parametrize(
    "encoding,expected",
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"), ("gb18030", "gb18030")],
)
def test_encodings(encoding, expected):
    d = decode_bytes(TEXT.encode(encoding), "f.txt")
    assert d.encoding == expected
    assert d.lines == ["江北区认真落实服务群众工作要求。", "第二段文字在这里。"]


def test_big5_traditional():
    text = "江北區認真落實服務群眾工作要求。\n"
    d = decode_bytes(text.encode("big5"), "f.txt")
    assert d.encoding in ("big5", "gb18030") and "江北" in d.text


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_line_ends(newline):
    d = decode_bytes(TEXT.replace("\n", newline).encode("utf-8"), "f.txt")
    assert len(d.lines) == 2


def test_a_few_bad_bytes_inside_utf8_are_kept_as_corruption():
    data = ("江北区认真落实服务群众工作要求。" * 100).encode("utf-8")
    data = data[:30] + b"\xff" + data[30:]
    d = decode_bytes(data, "f.txt")
    assert "\ufffd" in d.text


@pytest.mark.parametrize(
    "data,message",
    [
        (b"", "empty file"),
        (b"   \n\n", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary file"),
        (b"just some english text, nothing else\n" * 3, "no Chinese text"),
        (bytes(range(128, 256)) * 40, "undecodable byte at offset"),
    ],
)
def test_bad_input_is_a_clear_error(data, message):
    with pytest.raises(InputError) as exc:
        decode_bytes(data, "bad.txt")
    assert message in str(exc.value) and "bad.txt" in str(exc.value)
