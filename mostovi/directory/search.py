"""Names normalised so that case, diacritics and script do not matter.

Every name is reduced to lower-case ASCII words: Cyrillic is transliterated first (Serbian/Macedonian and
Bulgarian conventions both, since a query in Cyrillic does not say which), then diacritics are dropped.
"Niš", "Nis" and "Ниш" all become "nis"; "Saint-Étienne" becomes "saint etienne"; "Столична" becomes
"stolichna" (Bulgarian) and "stolicna" (Serbian reading).
"""

import re
import unicodedata

# fmt: off
# Serbian and Macedonian Cyrillic → Latin (Serbian Latin alphabet, Macedonian official romanisation).
_SR_MK = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "đ", "ѓ": "gj", "е": "e", "ж": "ž", "з": "z",
    "ѕ": "dz", "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n", "њ": "nj", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "ћ": "ć", "ќ": "kj", "у": "u", "ф": "f", "х": "h", "ц": "c",
    "ч": "č", "џ": "dž", "ш": "š",
    # letters that only Bulgarian/Russian use, read the Bulgarian way
    "й": "y", "щ": "sht", "ъ": "a", "ь": "y", "ю": "yu", "я": "ya", "ы": "y", "э": "e", "ё": "yo",
}
# Bulgarian Cyrillic → Latin (Streamlined System, law of 2009).
_BG = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "i", "й": "y",
    "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sht", "ъ": "a", "ь": "y", "ю": "yu", "я": "ya",
    # Serbian/Macedonian letters, read their own way
    "ђ": "dj", "ѓ": "gj", "ѕ": "dz", "ј": "j", "љ": "lj", "њ": "nj", "ћ": "c", "ќ": "kj", "џ": "dz",
}
# fmt: on
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_NON_WORD = re.compile(r"[^a-z0-9]+")
# Letters that NFKD does not decompose into a base letter plus a mark.
_SPECIAL = str.maketrans({"đ": "dj", "ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ı": "i", "ð": "d"})


def _translit(text: str, table: dict[str, str]) -> str:
    out = []
    for ch in text:
        low = ch.lower()
        out.append(table.get(low, low))
    return "".join(out)


def _bg_word_end(text: str) -> str:
    # The 2009 law writes "-ия" at the end of a word as "-ia" (София → Sofia).
    return re.sub(r"ия\b", "иа", text.lower())


def fold(text: str) -> str:
    """Lower-case ASCII words separated by single spaces; Latin input only (diacritics dropped)."""
    text = text.lower().translate(_SPECIAL)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", text).strip()


def normalise_variants(text: str) -> list[str]:
    """Every folded form under which `text` may be typed (one for Latin text, up to three for Cyrillic)."""
    if not text:
        return []
    if not _CYRILLIC.search(text):
        variants = [fold(text)]
        if "đ" in text.lower():
            variants.append(fold(text.lower().replace("đ", "d")))
        return list(dict.fromkeys(v for v in variants if v))
    variants = [
        fold(_translit(text, _SR_MK)),
        fold(_translit(_bg_word_end(text), _BG)),
        fold(_translit(text, _BG)),
    ]
    # đ is "dj" and "d" in common typing; keep the Serbian reading with plain "d" too.
    variants.append(fold(_translit(text, _SR_MK).replace("đ", "d")))
    return list(dict.fromkeys(v for v in variants if v))


def normalise(text: str) -> str:
    """The primary folded form (used to sort)."""
    variants = normalise_variants(text)
    return variants[0] if variants else ""


def word_starts(folded: str) -> list[str]:
    """The folded name from each of its words on: "saint etienne" → ["etienne"] (the full form excluded)."""
    words = folded.split(" ")
    return [" ".join(words[i:]) for i in range(1, len(words))]


MAX_QUERY_LENGTH = 100


def query_variants(q: str) -> list[str]:
    """Folded forms of a user's query; empty when nothing searchable remains."""
    return [v[:MAX_QUERY_LENGTH].strip() for v in normalise_variants(q[: MAX_QUERY_LENGTH * 2]) if v.strip()]


def prefix_upper_bound(prefix: str) -> str:
    """The smallest string greater than every string that starts with `prefix` (ASCII keys only)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)
