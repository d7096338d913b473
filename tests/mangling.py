"""A hypothesis strategy for published files damaged the ways real ones are: bytes replaced, deleted,
inserted (quotes, commas, line breaks, NUL, bytes that are not Windows-1252, formula signs), or cut."""

from __future__ import annotations

from hypothesis import strategies as st


@st.composite
def mangled(draw: st.DrawFn, original: bytes) -> bytes:
    data = bytearray(original)
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        action = draw(st.sampled_from(["replace", "delete", "insert", "truncate"]))
        byte = draw(st.sampled_from([b'"', b",", b"\r\n", b"\x00", b"\x81", b"=", b"x", b"\xe9"]))
        if action == "replace" and data:
            data[at : at + 1] = byte
        elif action == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        elif action == "insert":
            data[at:at] = byte
        else:
            del data[at:]
    return bytes(data)
