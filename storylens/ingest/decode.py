"""Bytes -> text, or an IngestError whose message says what is wrong and what to do.

Order of decisions, and why:
  1. empty / too large: cheap checks first, so a 50 MB dump is refused before decoding;
  2. a BOM decides (UTF-8-sig, UTF-16, UTF-32): charset detectors mis-guess short BOM files;
  3. NUL bytes without a UTF-16/32 BOM mean binary (PDF, images, archives), unless they
     fall in every other byte and nowhere else: UTF-16 saved without a BOM;
  4. strict UTF-8, the common case;
  5. charset-normalizer for legacy code pages (cp1252, cp1256, latin-1...).
A decoded text with many control characters is binary that happened to decode.
"""

from __future__ import annotations

import codecs

from storylens.errors import IngestError

__all__ = ["DEFAULT_MAX_BYTES", "decode_bytes"]

DEFAULT_MAX_BYTES = 10_000_000  # 10 MB: the longest real article we have seen is ~200 kB
MAX_CONTROL_CHAR_RATIO = 0.01  # more than 1% C0 controls (tab/newline excepted) = binary
# Share of NUL bytes in the high-byte positions that marks BOM-less UTF-16: Latin text has a
# NUL in every one; 0.9 leaves room for a few non-Latin characters (quotes, dashes).
UTF16_NUL_SHARE = 0.9

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_bytes(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[str, str]:
    """Decode an article's bytes; returns (text, encoding name)."""
    if not data.strip():
        raise IngestError("empty file: nothing to analyse")
    if len(data) > max_bytes:
        raise IngestError(
            f"file is {len(data) / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit; "
            "split it into articles or raise --max-bytes"
        )
    text, encoding = _decode(data)
    if not text.strip():
        raise IngestError("empty file: only whitespace after decoding")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if controls > MAX_CONTROL_CHAR_RATIO * len(text):
        raise IngestError("binary file (not text): convert it to text or HTML first")
    return text, encoding


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text saved without a BOM (some Windows exports), told from binary by its NULs.

    Mostly-Latin UTF-16 has a NUL in nearly every other byte and none in the others; binary
    files have NULs anywhere. The decoded text must still pass the control-character check.
    """
    if len(data) % 2 or len(data) < 8:
        return None
    sample = data[:8192]
    even, odd = sample[0::2], sample[1::2]
    for zeros, other, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros.count(0) >= UTF16_NUL_SHARE * len(zeros) and other.count(0) == 0:
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                return None
    return None


def _decode(data: bytes) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise IngestError(
                    f"starts with a {encoding} BOM but is not valid {encoding}"
                ) from exc
    if b"\x00" in data[:8192]:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
        raise IngestError("binary file (not text): convert it to text or HTML first")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise IngestError("not valid UTF-8 and no other text encoding fits: re-save it as UTF-8")
    return str(best), best.encoding
