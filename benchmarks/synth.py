"""Deterministic synthetic interviews, shaped like the records a JSONL import carries.

Each record has one quote of about 600 characters made of sentences drawn from a word list
with a Zipf-like frequency (so some words are in most quotes, some in a few hundred, some in a
handful); about one quote in ten is Russian. Dates spread over 2012-2024, places over 50 towns,
roles, organisations, consent and tags vary. The same seed gives the same records.
"""

from __future__ import annotations

import itertools
import json
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

# Most frequent first: the rank sets the weight (1 / (rank + 3)).
_EN = """
the and of to was a in they we that it were he my our not had there with on for at his
them from but all people when us no me who police said village house came one by what
their this two night men did so then would be after could her family about children home
have took even been out told only into she houses more nobody up some began know started
before because again many local where how also other like neighbours women years never
street car day just went over still around left man help anyone first school streets
cars those being three land work everything afraid money everyone away called asked back
week down any afterwards morning evening burned fire windows stones crowd officers station
town men's own time because tried kept heard saw shouting beaten arrested detained hospital
doctor brother sister father mother son daughter husband wife uncle elders mosque church
market shop shops livestock cattle sheep fields water well road border guards checkpoint
bus train documents passport papers court judge lawyer prosecutor investigator statement
complaint case file video phone photos journalists officials mayor akimat governor
deputy soldiers army young old boys girls students teacher teachers farmers drivers traders
workers factory job salary rent flat apartment yard gate fence roof walls door doors broke
smashed looted stolen taken burned threatened warned insulted humiliated forced signed
confession released fined charged sentenced prison cell beating beatings torture injuries
wounds bruises blood killed died dead funeral grave compensation promised nothing
refused ignored closed opened moved fled hid waited returned rebuild rebuilt damage losses
dispute quarrel fight conflict tension rumours rumour messages social network chats
language ethnic minority majority community respect fear shame anger silence trust
government authorities district region capital embassy consulate migrants migration
citizenship registration permit eviction evicted demolished bulldozers land plot title
deed inheritance pension benefits clinic ambulance medicine pills treatment injured
scared crying screaming praying hiding waiting leaving staying sleeping calling paying
bribe bribes corruption protest protesters rally banner slogans arrested detention
interrogation interrogated summoned questioned searched seized confiscated laptop
newspaper radio television broadcast report reports monitors observers human rights
organisation lawyers appeal hearing verdict acquitted convicted witness witnesses
testimony evidence cameras footage recordings notebook names list lists registered
discrimination discriminated harassment harassed extortion extorted kidnapped disappeared
missing searching relatives cousins grandmother grandfather nephew granddaughter
""".split()

# Words that occur in very few quotes (rare on purpose, for selective searches).
_RARE_EN = """
xylophone ombudsman tribunal habeas amnesty quarantine landslide avalanche typhus
orphanage accordion
""".split()

_RU = """
и в не на что я мы они он с как это по но его к у из за от так же все было был была
были нас нам их когда потом только уже ещё очень люди дом дома село соседи семья дети
жена муж мать отец брат сестра полиция милиция пришли ушли уехали вернулись ночью утром
вечером машины машина толпа камни окна огонь пожар сожгли сгорел сгорели избили задержали
задержан угрожали боялись кричали документы паспорт граница деньги скот магазин рынок
мечеть школа больница врач суд судья адвокат прокурор следователь заявление жалоба
власти аким акимат глава депутат журналисты телефон видео помощь защита права закон
земля вода работа зарплата квартира двор ворота забор крыша стены двери разбили украли
забрали пострадали раненые погибли похороны компенсация обещали ничего отказали
молчали бежали прятались ждали восстанавливать ущерб спор драка конфликт слухи
сообщения язык меньшинство страх стыд гнев доверие район область столица посольство
мигранты гражданство регистрация выселение снесли участок пенсия лекарства лечение
взятка коррупция протест митинг допрос обыск изъяли ноутбук газета радио телевидение
свидетель свидетели показания доказательства камеры записи список дискриминация
преследование вымогательство похитили пропал пропавших родственники бабушка дедушка
""".split()

_RARE_RU = "омбудсмен трибунал амнистия карантин оползень".split()

PLACES = {
    "Bishkek": "KG",
    "Osh": "KG",
    "Jalal-Abad": "KG",
    "Karakol": "KG",
    "Naryn": "KG",
    "Talas": "KG",
    "Tokmok": "KG",
    "Batken": "KG",
    "Korday": "KZ",
    "Masanchi": "KZ",
    "Sortobe": "KZ",
    "Almaty": "KZ",
    "Shymkent": "KZ",
    "Taraz": "KZ",
    "Aktobe": "KZ",
    "Atyrau": "KZ",
    "Karaganda": "KZ",
    "Pavlodar": "KZ",
    "Semey": "KZ",
    "Oral": "KZ",
    "Kostanay": "KZ",
    "Kyzylorda": "KZ",
    "Turkestan": "KZ",
    "Dushanbe": "TJ",
    "Khujand": "TJ",
    "Kulob": "TJ",
    "Khorog": "TJ",
    "Bokhtar": "TJ",
    "Tashkent": "UZ",
    "Samarkand": "UZ",
    "Bukhara": "UZ",
    "Andijan": "UZ",
    "Namangan": "UZ",
    "Fergana": "UZ",
    "Nukus": "UZ",
    "Termez": "UZ",
    "Ashgabat": "TM",
    "Mary": "TM",
    "Tbilisi": "GE",
    "Batumi": "GE",
    "Kutaisi": "GE",
    "Yerevan": "AM",
    "Gyumri": "AM",
    "Baku": "AZ",
    "Ganja": "AZ",
    "Grozny": "RU",
    "Makhachkala": "RU",
    "Nalchik": "RU",
    "Astrakhan": "RU",
    "Orenburg": "RU",
}

_GROUPS = (
    "Dungan Kazakh Kyrgyz Uzbek Tajik Russian Uyghur Turkmen Lyuli Meskhetian Armenian".split()
)
_PEOPLE = ["man", "woman", "young man", "young woman", "elderly man", "elderly woman"]
_ROLES = [
    "resident of {place}",
    "farmer from {place}",
    "teacher in {place}",
    "shopkeeper in {place}",
    "driver from {place}",
    "nurse at the {place} hospital",
    "former police officer",
    "migrant worker",
    "student",
    "pensioner",
    "village elder",
    "market trader",
]
TAGS = """
pogrom police detention torture property arson eviction hate-speech border migration
labour children women health education courts corruption religion language land water
journalism protest disappearance threats documents citizenship housing roma statelessness
""".split()
_ORGS = ["ADC Memorial", "Citizens Watch", "Kloop Rights", "Field Monitors Network"]
_INTERVIEWERS = ["A.K.", "S.M.", "D.T.", "N.R.", "L.V.", "B.O.", None, None]


def _weights(words: list[str]) -> list[float]:
    total = 0.0
    out = []
    for rank in range(len(words)):
        total += 1.0 / (rank + 3)
        out.append(total)
    return out


def _dedupe(words: list[str]) -> list[str]:
    return list(dict.fromkeys(words))


class Generator:
    """Builds records; :meth:`records` yields (line number, dict) like ``read_jsonl``."""

    def __init__(self, seed: int = 20240601, russian_share: float = 0.1) -> None:
        self.seed = seed
        self.russian_share = russian_share
        self._en = _dedupe(_EN)
        self._ru = _dedupe(_RU)
        self._en_cum = _weights(self._en)
        self._ru_cum = _weights(self._ru)
        self._places = list(PLACES)
        self._first = date(2012, 1, 1)
        self._days = (date(2024, 12, 31) - self._first).days

    def _quote(self, rnd: random.Random, russian: bool) -> str:
        words, cum, rare = (
            (self._ru, self._ru_cum, _RARE_RU) if russian else (self._en, self._en_cum, _RARE_EN)
        )
        target = rnd.randint(540, 660)
        sentences: list[str] = []
        length = 0
        while length < target:
            picked = rnd.choices(words, cum_weights=cum, k=rnd.randint(7, 19))
            if rnd.random() < 0.0005:
                picked[rnd.randrange(len(picked))] = rnd.choice(rare)
            if len(picked) > 9 and rnd.random() < 0.4:
                picked[rnd.randrange(3, len(picked) - 2)] += ","
            sentence = " ".join(picked)
            sentence = sentence[0].upper() + sentence[1:] + rnd.choice("....?!")
            sentences.append(sentence)
            length += len(sentence) + 1
        return " ".join(sentences)

    def record(self, rnd: random.Random) -> dict[str, Any]:
        """One record as its JSONL line would hold it."""
        russian = rnd.random() < self.russian_share
        place = rnd.choice(self._places)
        role = f"{rnd.choice(_GROUPS)} {rnd.choice(_PEOPLE)}, " + rnd.choice(_ROLES).format(
            place=rnd.choice(self._places)
        )
        when = self._first + timedelta(days=rnd.randrange(self._days + 1))
        text = self._quote(rnd, russian)
        raw: dict[str, Any] = {
            "interview_date": when.isoformat(),
            "place": place,
            "country": PLACES[place],
            "role": role,
            "organisation": rnd.choice(_ORGS),
            "language": "ru" if russian else "en",
        }
        if rnd.random() < 0.2:
            raw["quote"] = {"text": text, "tags": [rnd.choice(TAGS)]}
        else:
            raw["quote"] = text
        tags = rnd.sample(TAGS, rnd.choice((0, 1, 1, 2, 2, 3)))
        if tags:
            raw["tags"] = tags
        interviewer = rnd.choice(_INTERVIEWERS)
        if interviewer:
            raw["interviewer"] = interviewer
        consent = rnd.random()
        if consent < 0.5:
            raw["consent"] = "oral"
        elif consent < 0.8:
            raw["consent"] = {"kind": "written", "quote_anonymously": True}
        if rnd.random() < 0.1:
            raw["notes"] = "Follow up in spring; contact via the local monitor."
        return raw

    def records(self, n: int) -> Iterator[tuple[int, dict[str, Any]]]:
        rnd = random.Random(self.seed)
        for line in range(1, n + 1):
            yield line, self.record(rnd)


def write_jsonl(path: Path, records: Iterator[tuple[int, dict[str, Any]]]) -> int:
    """Write records one JSON object a line; returns the byte size."""
    with open(path, "w", encoding="utf-8") as handle:
        for _, raw in records:
            handle.write(json.dumps(raw, ensure_ascii=False))
            handle.write("\n")
    return path.stat().st_size


def take(n: int, seed: int) -> list[tuple[int, dict[str, Any]]]:
    return list(itertools.islice(Generator(seed).records(n), n))
