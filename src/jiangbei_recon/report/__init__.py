"""Reporters: text (people), JSON (tools), HTML (a page to read), github (CI annotations)."""


def location(path: str, side) -> str:
    """``path:line`` or ``path:first-last`` for one side of a divergence; ``—`` for none."""
    if side is None:
        return "—"
    a, b = side.lines
    return f"{path}:{a}" + (f"-{b}" if b != a else "")
