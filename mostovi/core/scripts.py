"""Serbian in the reader's script, and a Latin reading of Cyrillic for readers who do not read it.

Serbian is written in two scripts that map letter for letter. A reader of Serbian Latin (`sr-latn`) sees every
Cyrillic text in Latin (Serbian text by the Serbian alphabet, Bulgarian and Macedonian text by their official
romanisations); a reader of Serbian Cyrillic (`sr`) sees in Cyrillic every Latin text *known to be Serbian*
(its language is sr, sr-Latn, cnr or bs): never French or English, and inside a Serbian text the words that
are not Serbian stay as they are (addresses, acronyms, words with q, w, x or y). Readers of other languages
see every text as written; `latin_reading` gives the Latin reading of a Cyrillic text (a `title`, or beside).
"""

import re

import cyrtranslit

CYRILLIC = re.compile(r"[\u0400-\u04ff]")
LATIN_LETTER = re.compile(r"[A-Za-zÀ-ɏ]")
# Languages whose Latin text is Serbian in the other script.
SERBIAN_LATIN_LANGUAGES = {"sr", "sr-latn", "cnr", "cnr-latn", "bs", "bs-latn", "sh"}
# Tokens of a Serbian Latin text that stay Latin in Cyrillic: addresses, e-mails, numbers with letters,
# acronyms, foreign words (letters Serbian does not use).
_TOKEN = re.compile(r"\S+")
_KEEP = re.compile(r"(://|www\.|@|\d|[qwxyQWXY]|^[A-ZČĆŠŽĐ]{2,}[.,;:!?)]*$)")

# fmt: off
# Bulgarian Streamlined System (law of 2009) and Macedonian official romanisation.
_BG = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "i", "й": "y",
    "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sht", "ъ": "a", "ь": "y", "ю": "yu", "я": "ya",
}
_MK = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ѓ": "gj", "е": "e", "ж": "zh", "з": "z", "ѕ": "dz",
    "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n", "њ": "nj", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "ќ": "kj", "у": "u", "ф": "f", "х": "h", "ц": "c", "ч": "ch", "џ": "dzh",
    "ш": "sh",
}
# fmt: on


def _base(language: str | None) -> str:
    return (language or "").lower().replace("_", "-")


def transliterate(text: str, table: dict[str, str]) -> str:
    """`text` with each Cyrillic letter of `table` replaced by its Latin letters, in the case of the original
    ("Љубљана" → "Ljubljana", "ЉИГ" → "LJIG"); letters the table lacks stay as they are."""
    out = []
    for index, ch in enumerate(text):
        latin = table.get(ch.lower())
        if latin is None:
            out.append(ch)
            continue
        if ch.isupper():
            following = text[index + 1 : index + 2]
            latin = latin.upper() if following.isupper() else latin[:1].upper() + latin[1:]
        out.append(latin)
    return "".join(out)


_BG_ONLY = re.compile(r"[ъщюяйьЪЩЮЯЙЬ]")
_MK_ONLY = re.compile(r"[ѓќѕЃЌЅ]")


def to_latin(text: str, language: str | None = "sr") -> str:
    """`text` with its Cyrillic letters in Latin, by the rules of `language`.

    When the language is unknown, letters only Bulgarian or only Macedonian uses say which; Serbian otherwise.
    """
    if not text or not CYRILLIC.search(text):
        return text
    base = _base(language).split("-")[0]
    if not base:
        base = "bg" if _BG_ONLY.search(text) else "mk" if _MK_ONLY.search(text) else "sr"
    if base == "bg":
        return transliterate(re.sub(r"ия\b", "иа", text), _BG).replace("ИА", "IA")
    if base == "mk":
        return transliterate(text, _MK)
    return cyrtranslit.to_latin(text, "sr")


def to_serbian_cyrillic(text: str) -> str:
    """A Serbian Latin text in Cyrillic, leaving addresses, acronyms and foreign words as written."""
    if not text or not LATIN_LETTER.search(text):
        return text

    def convert(match: re.Match) -> str:
        token = match.group(0)
        if _KEEP.search(token):
            return token
        return cyrtranslit.to_cyrillic(token, "sr")

    return _TOKEN.sub(convert, text)


def changes_anything(text_language: str | None, reader_language: str | None) -> bool:
    """Whether `for_reader` may change a text for this reader (a cheap early exit)."""
    return _base(reader_language) in ("sr", "sr-latn")


_READING = re.compile(r" \(([^()]{1,80})\)")


def without_latin_readings(text: str) -> str:
    """ "Ниш (Niš)" → "Ниш": a Latin reading in brackets after the Cyrillic it reads, for Serbian readers."""

    def drop(match: re.Match) -> str:
        reading = match.group(1).strip()
        words = text[: match.start()].split(" ")
        for count in range(1, min(len(words), 6) + 1):
            preceding = " ".join(words[-count:]).lstrip("(«„“\"'")
            if CYRILLIC.search(preceding) and to_latin(preceding) == reading:
                return ""
        return match.group(0)

    return _READING.sub(drop, text) if CYRILLIC.search(text) else text


def for_reader(text, text_language: str | None, reader_language: str | None) -> str:
    """`text` (written in `text_language`, "" when unknown) as a reader of `reader_language` should see it."""
    if not text:
        return "" if text is None else text
    text = str(text)
    reader = _base(reader_language)
    if reader == "sr-latn":
        return to_latin(without_latin_readings(text), text_language)
    if reader == "sr":
        if _base(text_language) in SERBIAN_LATIN_LANGUAGES and not CYRILLIC.search(text):
            return to_serbian_cyrillic(text)
        return without_latin_readings(text)
    return text


def latin_reading(text, text_language: str | None, reader_language: str | None) -> str:
    """The Latin reading of a Cyrillic `text` for a reader who does not read Cyrillic ("" when not needed)."""
    if not text or not CYRILLIC.search(str(text)):
        return ""
    if _base(reader_language) in ("sr", "bg", "mk"):
        return ""
    return to_latin(str(text), text_language)
