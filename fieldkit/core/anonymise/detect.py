"""Detection of identifying details in interview quotes, with report-style replacements.

Detection only: :func:`detect` returns what looks identifying and what a published report
would print instead; it never changes the text. Phone numbers come from ``phonenumbers``,
Russian person names from natasha's shipped NER model (loaded on first use), everything else
from regular expressions and small name gazetteers written for Central Asian field work.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from fieldkit.core.anonymise import names
from fieldkit.core.script import text_language

__all__ = ["Finding", "FindingKind", "detect", "suggestion_for"]


class FindingKind(enum.StrEnum):
    """What kind of identifying detail a finding is."""

    PERSON = "person"
    PHONE = "phone"
    EMAIL = "email"
    ID_NUMBER = "id_number"
    VEHICLE_PLATE = "vehicle_plate"
    ADDRESS = "address"
    SOCIAL = "social"
    BIRTH_DATE = "birth_date"


@dataclass(frozen=True, slots=True)
class Finding:
    """One identifying detail: ``text[start:end]`` and what a report would print instead."""

    start: int
    end: int
    kind: FindingKind
    text: str
    suggestion: str


_DESCRIPTIONS = {
    FindingKind.PHONE: "[phone number]",
    FindingKind.EMAIL: "[e-mail]",
    FindingKind.ID_NUMBER: "[ID number]",
    FindingKind.VEHICLE_PLATE: "[vehicle number]",
    FindingKind.ADDRESS: "[address]",
    FindingKind.SOCIAL: "[social media profile]",
    FindingKind.BIRTH_DATE: "[date of birth]",
}
#: The same in Russian: a quote in Russian is published with Russian brackets.
_DESCRIPTIONS_RU = {
    FindingKind.PHONE: "[номер телефона]",
    FindingKind.EMAIL: "[адрес эл. почты]",
    FindingKind.ID_NUMBER: "[номер документа]",
    FindingKind.VEHICLE_PLATE: "[номер машины]",
    FindingKind.ADDRESS: "[адрес]",
    FindingKind.SOCIAL: "[профиль в соцсети]",
    FindingKind.BIRTH_DATE: "[дата рождения]",
}

#: When two findings overlap, the more specific kind wins; within a rank, the longer span.
_SPECIFICITY = {
    FindingKind.EMAIL: 3,
    FindingKind.SOCIAL: 3,
    FindingKind.ID_NUMBER: 3,
    FindingKind.BIRTH_DATE: 3,
    FindingKind.PHONE: 2,
    FindingKind.VEHICLE_PLATE: 2,
    FindingKind.ADDRESS: 2,
    FindingKind.PERSON: 1,
}

_NAME_PART = re.compile(r"[^\W\d_]+", re.UNICODE)


_DIGRAPHS = ("Sh", "Ch", "Zh", "Kh", "Ts")
_PARTICLES = frozenset("uulu uly ulu kyzy qyzy kizi уулу улы ұлы кызы қызы".split())


def suggestion_for(kind: FindingKind, text: str, language: str | None = None) -> str:
    """``R.A.`` / ``Sh.S.`` for a person, a bracketed description such as ``[phone number]``
    (``[номер телефона]`` for ``language="ru"``) otherwise. Latin digraphs stay whole, as
    reports print them; initials already written stay; patronymics' uulu/kyzy are left out."""
    if kind is not FindingKind.PERSON:
        return (_DESCRIPTIONS_RU if language == "ru" else _DESCRIPTIONS)[kind]
    initials: list[str] = []
    for word in re.split(r"[\s\u00a0]+", text.strip()):
        if word.lower() in _PARTICLES:
            continue
        letters = _NAME_PART.findall(word)
        if not letters:
            continue
        if re.fullmatch(r"(?:[^\W\d_]\.)+", word):  # "Т.К." — initials already
            initials.extend(letter.upper() + "." for letter in letters)
        elif letters[0][:2] in _DIGRAPHS:
            initials.append(letters[0][:2] + ".")
        else:
            initials.append(letters[0][0].upper() + ".")
    return "".join(initials) or "[name]"


# --------------------------------------------------------------------------- regexes

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}\b")

_SOCIAL_HOSTS = (
    r"vk\.com|vkontakte\.ru|t\.me|telegram\.me|instagram\.com|instagr\.am|facebook\.com|fb\.com"
    r"|ok\.ru|odnoklassniki\.ru|twitter\.com|x\.com|tiktok\.com|youtube\.com|youtu\.be"
    r"|linkedin\.com|threads\.net|wa\.me"
)
_SOCIAL_URL = re.compile(
    rf"(?<![\w.@])(?:https?://)?(?:www\.|m\.|mobile\.)?(?:{_SOCIAL_HOSTS})/[\w.\-/@?=&%+#~]+",
    re.IGNORECASE,
)
_HANDLE = re.compile(r"(?<![\w.@/])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{1,30}[A-Za-z0-9_])?")

# Kazakhstan IIN/BIN: twelve digits, checked below; an explicit label accepts any number.
_TWELVE_DIGITS = re.compile(r"(?<![\d\w])\d{12}(?![\d\w])")
_ID_LABEL = re.compile(
    r"\b(?:ИИН|ИНН|БИН|IIN|INN|BIN|PIN|ПИН|СНИЛС|ID|passport|паспорт[а-я]*|удостоверени[а-я]*"
    r"|ID card|identity card|identity document|документ[а-я]*)\b",
    re.IGNORECASE,
)
# A document number after its label, a few words on at most: "IIN 850…", "my IIN, 850…",
# "passport series and number 46 12 508331", "номер удостоверения личности — 038274615".
_ID_VALUE = re.compile(r"(?<![\w+])(?:[A-ZА-ЯЁ]{1,2}\s?)?\d[\d\s-]{5,16}\d(?![\w])")
_ID_WINDOW = 48
_SENTENCE_END = re.compile(r"[.!?;]\s|\n")
_PHONE_WORD = re.compile(r"phone|tel\b|mobile|телефон|тел\.|сотов|whatsapp", re.IGNORECASE)
_PASSPORT = re.compile(r"(?<![\w-])(?:[A-Z]{1,2}\d{7,8}|[А-ЯЁ]{2}\s?\d{7}|ID\d{7})(?![\w-])")

_RU_PLATE_LETTERS = "АВЕКМНОРСТУХABEKMHOPCTYX"
_PLATES = (
    # Kazakhstan since 2012: "123 ABC 02"
    re.compile(r"(?<![\w-])\d{3}\s?[A-Z]{2,3}\s?(?:0[1-9]|1[0-9]|20)(?![\w-])"),
    # Uzbekistan, private cars: "01 A 123 BC"
    re.compile(r"(?<![\w-])\d{2}\s?[A-Z]\s?\d{3}\s?[A-Z]{2}(?![\w-])"),
    # Kyrgyzstan since 2016: "01 KG 123 ABC"
    re.compile(r"(?<![\w-])\d{2}\s?KG\s?\d{3}\s?[A-Z]{3}(?![\w-])"),
    # Kazakhstan before 2012: "A 123 BCD"
    re.compile(r"(?<![\w-])[A-Z]\s?\d{3}\s?[A-Z]{3}(?![\w-])"),
    # Russia: "А123ВС 77", "А 123 ВС 777 RUS"
    re.compile(
        rf"(?<![\w-])[{_RU_PLATE_LETTERS}]\s?\d{{3}}\s?[{_RU_PLATE_LETTERS}]{{2}}\s?\d{{2,3}}"
        r"(?:\s?RUS)?(?![\w-])"
    ),
)

_CAP = r"[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][\w'’-]*"
_HOUSE = r"\d{1,4}(?:\s?[a-zа-я](?![\w]))?(?:\s?/\s?\d{1,4})?"
_RU_STREET = (
    r"ул\.|улиц[аеуы]|пр\.|пр-т|просп\.|проспект[ае]?|пер\.|переул(?:ок|ке)|мкр\.?|мкрн\.?"
    r"|микрорайон[ае]?|бул\.|бульвар[ае]?|шоссе|пл\.|площад[ьи]|ж/м|жилмассив[ае]?|кӛш\.|көшесі"
)
_EN_STREET = (
    r"[Ss]treet|[Ss]tr\.|[Ss]t\.|[Aa]venue|[Aa]ve\.?|[Rr]oad|[Rr]d\.|[Ll]ane|[Bb]oulevard"
    r"|[Pp]rospekt|[Pp]rospect|[Uu]litsa|[Kk]oshesi|[Dd]rive|[Mm]icrodistrict|[Mm]kr\.?"
)
_FLAT = (
    r"(?:,?\s*(?:д\.|дом|корп\.|корпус|кв\.|квартира|house|building|bldg\.|apt\.?|apartment"
    r"|flat)\s*\d{1,4}[a-zа-я]?)*"
)
_ADDRESSES = (
    # "ул. Абая 15", "улица Толе би, д. 59, кв. 3", "мкр. Аксай-4, дом 12"
    re.compile(
        rf"(?:{_RU_STREET})\s*(?:{_CAP}|\d{{1,3}}-?[а-я]{{0,3}})(?:[\s-]+(?:{_CAP}|би|батыра|"
        rf"\d{{1,2}}))?(?:\s*-?\d{{1,2}})?,?\s*(?:(?:д\.|дом|house|№)\s*)?{_HOUSE}{_FLAT}"
    ),
    # "15 Lenin Street", "12a Tole Bi Avenue"
    re.compile(
        rf"(?<![\w-])\d{{1,4}}[a-z]?,?\s+(?:{_CAP}\s+){{0,2}}{_CAP}\s+(?:{_EN_STREET})"
        rf"(?!\w){_FLAT}"
    ),
    # "Kurmangazy street 12", "Abay Avenue, house 5", "Samal-2 microdistrict, building 7"
    re.compile(
        rf"(?:{_CAP}[\s-]+){{0,2}}{_CAP}(?:-\d{{1,2}})?\s+(?:{_EN_STREET})(?!\w),?\s*"
        rf"(?:(?:No\.?|no\.?|number|house|building|bldg\.)\s*)?{_HOUSE}(?![\d:]){_FLAT}"
    ),
    # the type before the name: "ulitsa Abaya 44", "microdistrict Samal-2, 5", "street Abay 3"
    re.compile(
        r"(?<!\w)(?:[Uu]litsa|[Uu]l\.|[Pp]rospekt|[Mm]icrodistrict|[Mm]kr\.?|[Ss]treet|[Aa]venue)"
        rf"\s+(?:{_CAP}\s+)?{_CAP}(?:-\d{{1,2}})?,?\s*(?:(?:No\.?|house|building)\s*)?"
        rf"{_HOUSE}(?![\d:]){_FLAT}"
    ),
)

_EN_MONTHS = (
    r"January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?"
)
_RU_MONTHS = r"января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
_DATE = (
    r"(?:\d{1,2}[./-]\d{1,2}[./-](?:19|20)?\d{2}|(?:19|20)\d{2}-\d{2}-\d{2}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_EN_MONTHS}),?\s+(?:19|20)\d{{2}}"
    rf"|(?:{_EN_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{{2}}"
    rf"|\d{{1,2}}\s+(?:{_RU_MONTHS})\s+(?:19|20)\d{{2}}(?:\s*(?:г\.|года))?)"
)
_BIRTH_BEFORE = re.compile(
    r"(?:\bborn\b|\bdate of birth\b|\bbirth ?date\b|\bD\.?O\.?B\.?|\bb\.|родил(?:ся|ась)"
    r"|рожд[её]н[аы]?\b|дата рождения|дат[аы] рождения|д\.\s?р\.|\bд/р\b|день рождения)"
    rf"[^\d.!?;]{{0,30}}?(?P<date>{_DATE})",
    re.IGNORECASE,
)
_BIRTH_AFTER = re.compile(
    rf"(?P<date>{_DATE})\s*(?:г\.\s?р\.|г\.р\b|года рождения|\(?(?:DOB|date of birth)\)?)",
    re.IGNORECASE,
)

# --------------------------------------------------------------------------- names

_PHONE_REGIONS = ("KZ", "KG", "RU", "UZ", "TJ", "TR", "CN")


def _phones(text: str) -> Iterator[tuple[int, int]]:
    import phonenumbers

    seen: set[tuple[int, int]] = set()
    for region in _PHONE_REGIONS:
        for match in phonenumbers.PhoneNumberMatcher(text, region):
            span = (match.start, match.end)
            if span not in seen:
                seen.add(span)
                yield span


# --------------------------------------------------------------------------- detection


def _iin_valid(digits: str) -> bool:
    """The check digit of a Kazakhstan IIN/BIN (two weight rounds, modulo 11)."""
    values = [int(c) for c in digits]
    control = sum(v * w for v, w in zip(values[:11], range(1, 12), strict=True)) % 11
    if control == 10:
        weights = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
        control = sum(v * w for v, w in zip(values[:11], weights, strict=True)) % 11
        if control == 10:
            return False
    return control == values[11]


def _ids(text: str) -> Iterator[tuple[int, int]]:
    for m in _TWELVE_DIGITS.finditer(text):
        if _iin_valid(m.group()):
            yield m.span()
    for label in _ID_LABEL.finditer(text):
        window = text[label.end() : label.end() + _ID_WINDOW]
        stop = _SENTENCE_END.search(window)
        window = window[: stop.start()] if stop else window
        value = _ID_VALUE.search(window)
        if value is not None and not _PHONE_WORD.search(window[: value.start()]):
            yield label.end() + value.start(), label.end() + value.end()
    for m in _PASSPORT.finditer(text):
        yield m.span()


def _regex_spans(
    patterns: Iterable[re.Pattern[str]], group: int | str = 0
) -> Callable[[str], Iterator[tuple[int, int]]]:
    def find(text: str) -> Iterator[tuple[int, int]]:
        for pattern in patterns:
            for m in pattern.finditer(text):
                yield m.span(group)

    return find


def _socials(text: str) -> Iterator[tuple[int, int]]:
    for m in _SOCIAL_URL.finditer(text):
        yield m.start(), m.start() + len(m.group().rstrip(".,;:!?)"))
    for m in _HANDLE.finditer(text):
        yield m.span()


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\n,;:":
        start += 1
    while end > start and text[end - 1] in " \t\n,;:":
        end -= 1
    return start, end


def detect(
    text: str, language: str | None = None, *, context_language: str | None = None
) -> list[Finding]:
    """Identifying details in ``text``, sorted by position, overlaps resolved.

    ``language`` is the language of ``text`` itself (``"en"``, ``"ru"``) when it is known.
    When it is not, ``context_language`` is the interview's language tag: the brackets then
    follow the letters of ``text`` (:func:`fieldkit.core.script.text_language`), the
    interview's language breaking a tie. Either language ``"ru"`` runs the Russian NER model
    (Cyrillic letters always do); every other rule applies to both languages.
    """
    model_language = language or (context_language or "").split("-")[0].strip().lower() or None
    finders: list[tuple[FindingKind, Callable[[str], Iterable[tuple[int, int]]]]] = [
        (FindingKind.EMAIL, _regex_spans([_EMAIL])),
        (FindingKind.SOCIAL, _socials),
        (FindingKind.ID_NUMBER, _ids),
        (FindingKind.BIRTH_DATE, _regex_spans([_BIRTH_BEFORE, _BIRTH_AFTER], "date")),
        (FindingKind.PHONE, _phones),
        (FindingKind.VEHICLE_PLATE, _regex_spans(_PLATES)),
        (FindingKind.ADDRESS, _regex_spans(_ADDRESSES)),
        (FindingKind.PERSON, lambda t: names.people(t, model_language)),
    ]
    candidates: list[tuple[int, int, FindingKind]] = []
    for kind, finder in finders:
        for start, end in finder(text):
            start, end = _trim(text, start, end)
            if end > start:
                candidates.append((start, end, kind))
    candidates = _union_people(candidates, text)
    candidates.sort(key=lambda c: (-_SPECIFICITY[c[2]], -(c[1] - c[0]), c[0]))
    chosen: list[tuple[int, int, FindingKind]] = []
    for start, end, kind in candidates:
        if all(end <= s or start >= e for s, e, _ in chosen):
            chosen.append((start, end, kind))
    chosen.sort()
    # Brackets in the language of the text: given, or read from its letters outside what was
    # found (an e-mail address or a profile link in a Russian sentence is Latin).
    words = language or text_language(_outside(text, chosen), context_language)
    return [Finding(s, e, k, text[s:e], suggestion_for(k, text[s:e], words)) for s, e, k in chosen]


def _outside(text: str, spans: list[tuple[int, int, FindingKind]]) -> str:
    """``text`` without the spans (in order, not overlapping)."""
    kept, at = [], 0
    for start, end, _ in spans:
        kept.append(text[at:start])
        at = end
    kept.append(text[at:])
    return " ".join(kept)


#: Titles and ranks that come before a name; the name is replaced, they stay.


def _union_people(
    candidates: list[tuple[int, int, FindingKind]], text: str
) -> list[tuple[int, int, FindingKind]]:
    """Overlapping person spans from the gazetteer and the NER model become one span."""
    people = [(s, e) for s, e, k in candidates if k is FindingKind.PERSON]
    others = [c for c in candidates if c[2] is not FindingKind.PERSON]
    return others + [(s, e, FindingKind.PERSON) for s, e in names.merge_people(people, text)]
