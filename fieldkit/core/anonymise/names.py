"""Person names: gazetteers of Central Asian first names and surname endings, natasha's
Russian NER model (loaded on first use), and the tidying of a name's span (titles out,
initials and patronymics in). :mod:`~fieldkit.core.anonymise.detect` calls :func:`people`
and :func:`merge_people`.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from typing import Any

_LATIN_FIRST = frozenset(
    """
    Abai Abay Abdulla Abdullah Abdurahman Abdurakhman Abdukarim Abilkaiyr Ablikim Adil Adilet
    Aibek Aida Aidana Aidar Aidos Aigerim Aigul Aiganym Aikerim Aimira Aisha Aisulu Aizada
    Aizhan Akmal Akylbek Alan Albina Aleksandr Aleksei Alexander Alexandra Alexei Alexey Ali
    Alibek Alikhan Alima Alina Alisher Aliya Almas Almaz Almazbek Altynai Amina Anara Anarbek
    Andrei Andrey Anna Anvar Anuar Arman Arslan Arsen Arystan Askar Asel Assel Asylbek Ayan
    Aybek Ayzhan Azamat Azat Aziz Aziza Azizbek Bakhyt Bakhytzhan Bakyt Bakytbek Bakytzhan
    Baurzhan Bauyrzhan Beibut Bekzat Bermet Bolat Botagoz Chinara Chingiz Daniyar Dariga Daulet
    Dauren Dilbar Dilfuza Dilnoza Dilnur Dilshod Dina Dinara Dmitri Dmitry Eldar Elena Elmira
    Erbol Erlan Ermek Farhad Farida Farkhad Farrukh Fatima Galina Gulbahar Gulmira Gulnara
    Gulnaz Gulzhan Gulsara Gulchehra Habiba Hasan Hussein Husen Husei Ibrahim Igor Ilham Ilyas
    Irina Iskander Islam Ismail Ivan Jamila Jamshid Kairat Kamila Kanat Karlygash Kuanysh
    Kubanychbek Kuralai Laila Leila Lyudmila Madina Maksat Malika Marat Maria Mariya Maryam
    Medet Mehmet Meerim Mihrigul Mikhail Mirlan Muhammad Muhammed Mukhtar Murat Nargiza Natalia
    Natalya Nazgul Nazira Nikolai Nurbek Nurgul Nurlan Nursultan Nurzhan Oleg Olga Omar Otabek
    Pavel Rahima Ramazan Rashid Ravshan Rinat Ruslan Rustam Saida Saltanat Samat Sanzhar Saule
    Sayragul Serik Sergei Sergey Shamil Sherzod Shokhrat Sultan Svetlana Talgat Tatiana Tatyana
    Temirlan Timur Tursun Tursunai Ulan Ulugbek Umid Usman Vladimir Yerlan Yerzhan Yusup Yusuf
    Zarina Zhanar Zhanna Zhansaya Zulfiya Zumrat Zhibek Ainur Asylzhan Kaisar Nurzhamal Kalima
    Magomed Akhmed Ahmed Bolot Tilek Emil Eliza Begimai Kurmanbek Dastan Nurila Mukhammed
    Abdulaziz Gulzat Aliyar Khasan Khusein Ilyaz Rakhima Sabina Nigora Shahnoza Feruza Bekhruz
    """.split()
)

_CYR_FIRST = frozenset(
    """
    Абай Абдулла Абдурахман Абылай Адиль Адилет Айбек Айгерим Айгуль Айдана Айдар Айдос Айжан
    Айзада Айнур Айсулу Акмал Алексей Александр Александра Али Алибек Алихан Алия Алишер Алмас
    Алмаз Алмазбек Алтынай Амина Анара Андрей Анна Анвар Арман Арслан Арсен Аскар Асель
    Асылбек Аян Азамат Азат Азиз Азиза Азизбек Бахыт Бахытжан Бакыт Бакытбек Бауыржан Бауржан
    Бейбут Бекзат Бермет Болат Ботагоз Болот Чинара Чингиз Данияр Дарига Даулет Даурен Дильбар
    Дильноза Динара Дмитрий Елена Ельдар Эльдар Эльмира Ербол Ерлан Ержан Ермек Фархад Фарида
    Фаррух Фатима Галина Гульбахар Гульмира Гульнара Гульназ Гульжан Гульсара Хасан Хусей
    Хусейн Ибрагим Игорь Ильхам Ильяс Ирина Искандер Ислам Исмаил Иван Джамиля Джамшид Кайрат
    Камила Канат Карлыгаш Куаныш Кубанычбек Куралай Лейла Людмила Мадина Максат Малика Марат
    Мария Марьям Медет Мээрим Михаил Мирлан Мухаммед Мухтар Мурат Наргиза Наталья Назгуль
    Назира Николай Нурбек Нургуль Нурлан Нурсултан Нуржан Олег Ольга Отабек Павел Рахима
    Рамазан Рашид Равшан Ринат Руслан Рустам Саида Салтанат Самат Санжар Сауле Серик Сергей
    Шамиль Шерзод Султан Светлана Талгат Татьяна Темирлан Тимур Турсун Турсунай Улан Улугбек
    Усман Владимир Юсуп Юсуф Зарина Жанар Жанна Жансая Зульфия Зумрат Жибек Магомед Ахмед
    Тилек Эмиль Бегимай Курманбек Дастан Абдулазиз Гульзат Сабина Нигора Шахноза Феруза
    Ахмад Мухаммад Хусен Ясын Ясин Юнус Зайнаб Зейнеп Айша Гульнур Айнура Эрлан Нурила
    """.split()
)

_LATIN_SURNAME = re.compile(
    r"^[A-Z][a-z'’-]{2,}(?:ov|ova|ev|eva|yev|yeva|ovich|ovna|evich|evna|uly|uli|ulu|uulu"
    r"|kyzy|qyzy|kizi|bekov|bekova|bayev|bayeva|baev|baeva|enko|zoda|zade|zada|ovsky|evsky"
    r"|skaya|sky|jonov|jonova)$"
)
_LATIN_FIRST_SUFFIX = re.compile(r"^[A-Z][a-z]{2,}(?:bek|gul|zhan|jon|khan|bai|bay|gul)$")
_CYR_SURNAME = re.compile(
    r"^[А-ЯЁӘҒҚҢӨҰҮҺІ][а-яёәғқңөұүһі-]{2,}(?:(?:ов|ев|ёв)(?:а|у|ым|ом|е|ой|ых|ы)?"
    r"|(?:ович|евич|овн|евн)(?:а|у|ем|е|ой|ы)?|ұлы|улы|уулу|қызы|кызы|кизи|беков[а]?|баев[а]?"
    r"|енко|заде|зода|ский|ская)$"
)
_CYR_FIRST_SUFFIX = re.compile(r"^[А-ЯЁ][а-яё]{2,}(?:бек|гуль|жан|джон|хан)$")
_CYR_CASE_ENDING = re.compile(r"(?:ом|ем|ой|ей|ою|ым|а|у|е|ы|и|я|ю)$")

#: Capitalised words that look like names by their ending but are places, peoples or months.
_NOT_NAMES = frozenset(
    """
    Uzbek Uzbeks Uzbekov Rostov Saratov Kiev Kharkov Lvov Geneva July Tambov Pskov Orenburg
    Bishkek Kazan Berlin Lenin Pushkin Stalin Putin Ivanovo Kirov Kirova Chekhov Lermontov
    Tolstoy Gagarin Marx Engels Kaskelen Narynkol Tashkent Kokand Fergana Osh Sortobe Masanchi
    Kordai Korday Almaty Astana Tokmok Karakol Naryn Talas Batken Jalal-Abad Shymkent Taraz
    Aktobe Atyrau Semey Pavlodar Karaganda Kyzylorda Turkestan Kazakhstan Kyrgyzstan Russia
    Uzbekistan Tajikistan China Xinjiang Urumqi Moscow Novosibirsk Omsk Baku Sovetsky Zhetysu
    Узбек Узбеки Ростов Саратов Киев Харьков Львов Тамбов Псков Киров Кирова Ленин Ленина
    Пушкин Пушкина Сталин Путин Чехов Лермонтов Гагарин Гагарина Маркс Алматы Бишкек Ташкент
    Казань Каскелен Масанчи Сортобе Кордай Токмок Каракол Нарын Талас Ош Баткен Шымкент Тараз
    Астана Казахстан Кыргызстан Россия Узбекистан Китай Синьцзян Москва Москве Москвы
    Советского Советский Советов Районов Граждан Сотрудников Свидетелей Итогов Выводов
    Кыргызов Казахов Уйгуров Дунган Русских Таджиков Узбеков Ислам Islam Abai Абая
    Sultan Султан Alan Emil Ali Али
    """.split()
)
#: Ordinary words that start sentences and must never start or extend a name.
_NOT_NAME_WORDS = frozenset(
    """
    The A An He She They We I It His Her Their Our My Your This That These Those Then When
    After Before Later Yesterday Today Tomorrow Police Officers Officer Men Women People Some
    Many Most All One Two Three In On At By From To Of And But Or So If As Everyone Nobody
    Somebody Neighbours Neighbors Mr Mrs Ms Dr Street Avenue Road Department District Region
    Village City Court Prosecutor Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    January February March April May June August September October November December Dungan
    Dungans Kazakh Kazakhs Kyrgyz Uyghur Uyghurs Russian Russians Muslim Muslims God Allah
    Он Она Они Мы Я Мой Моя Мои Наш Наша Его Её Их Это Этот Эта Потом Когда После Вчера Сегодня
    Полиция Полицейские Сотрудники Соседи Люди Все Один Одна В На С По К У О Из За Но И А
    Улица Район Село Город Суд Прокуратура Аллах Бог Господин Госпожа Гражданин Гражданка
    Аким Акима Акимат Akim Akimat Имам Imam Судья Judge
    """.split()
)

_TOKEN = re.compile(r"[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][a-zа-яёәғқңөұүһі]+(?:[-'’][A-ZА-ЯЁa-zа-яё][a-zа-яё]+)?")
_NAME_CUE = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Miss|Dr|uncle|aunt|named|called|name is|name was)\.?"
    r"|(?:господин|госпожа|гражданин|гражданка|по имени|по фамилии|зовут|звали|дядя|тётя|тетя)"
    # kinship and closeness: "my brother Ruslan", "his wife Gulnar", "соседка Айнура"
    r"|\b(?:brother|sister|wife|husband|son|daughter|mother|mum|mom|father|dad|cousin|nephew"
    r"|niece|neighbou?r|friend|colleague|fianc[ée]e?)"
    r"|(?:брат[а-я]{0,2}|сестр[а-я]{1,2}|жен[а-я]{1,2}|муж[а-я]{0,2}|сын[а-я]{0,2}|доч[а-я]{1,3}"
    r"|мам[а-я]{1,2}|матер[а-я]{1,2}|отц[а-я]{1,2}|отец|пап[а-я]{1,2}|сосед[а-я]{0,3}"
    r"|друг[а-я]{0,2}|подруг[а-я]{1,2}|племянни[а-я]{1,3}|свекров[а-я]{1,2}|тёщ[а-я]{1,2}))"
    r",?\s+$",
    re.IGNORECASE,
)


def _is_first_name(word: str) -> bool:
    if word in _LATIN_FIRST or word in _CYR_FIRST:
        return True
    if word in _NOT_NAMES:
        return False
    if _LATIN_FIRST_SUFFIX.match(word) or _CYR_FIRST_SUFFIX.match(word):
        return True
    stem = _CYR_CASE_ENDING.sub("", word)
    if stem != word and (
        stem in _CYR_FIRST or stem + "а" in _CYR_FIRST or stem + "я" in _CYR_FIRST
    ):
        return True
    return stem != word and stem + "ь" in _CYR_FIRST


def _is_surname(word: str) -> bool:
    if word in _NOT_NAMES:
        return False
    return bool(_LATIN_SURNAME.match(word) or _CYR_SURNAME.match(word))


def _gazetteer_people(text: str) -> Iterator[tuple[int, int]]:
    """Runs of capitalised words that the gazetteers or a cue ("named", "Mr") mark as a name."""
    tokens = [m for m in _TOKEN.finditer(text)]
    runs: list[list[re.Match[str]]] = []
    for token in tokens:
        if runs and re.fullmatch(r"[ \u00a0]+", text[runs[-1][-1].end() : token.start()]):
            runs[-1].append(token)
        else:
            runs.append([token])
    for run in runs:
        words = [t.group() for t in run]
        marks = [_is_first_name(w) or _is_surname(w) for w in words]
        cued = bool(_NAME_CUE.search(text[max(0, run[0].start() - 20) : run[0].start()]))
        keep = [False] * len(run)
        for i, word in enumerate(words):
            if word in _NOT_NAME_WORDS or (word in _NOT_NAMES and not marks[i]):
                continue
            if marks[i]:
                keep[i] = True
            elif i > 0 and marks[i - 1] and _is_first_name(words[i - 1]):
                keep[i] = True  # an unknown word after a first name: "Ruslan Ma"
            elif i + 1 < len(words) and marks[i + 1] and _is_surname(words[i + 1]):
                keep[i] = True  # an unknown word before a surname: "Gulbahar Jalilova"
            elif i == 0 and cued:
                keep[i] = True
        i = 0
        while i < len(run):
            if not keep[i]:
                i += 1
                continue
            j = i
            while j + 1 < len(run) and keep[j + 1] and j - i < 3:
                j += 1
            yield run[i].start(), run[j].end()
            i = j + 1


# --------------------------------------------------------------------------- models

_lock = threading.Lock()
_natasha: tuple[Any, Any] | None = None


def _natasha_models() -> tuple[Any, Any]:
    """natasha's segmenter and NER tagger, loaded once (the model ships in the package)."""
    global _natasha
    if _natasha is None:
        with _lock:
            if _natasha is None:
                from natasha import NewsEmbedding, NewsNERTagger, Segmenter

                _natasha = (Segmenter(), NewsNERTagger(NewsEmbedding()))
    return _natasha


def _natasha_people(text: str) -> Iterator[tuple[int, int]]:
    from natasha import Doc

    segmenter, tagger = _natasha_models()
    doc = Doc(text)
    doc.segment(segmenter)
    doc.tag_ner(tagger)
    for span in doc.spans:
        if span.type == "PER":
            start, end = int(span.start), int(span.stop)
            words = text[start:end].split()
            if all(w.strip(".,") in _NOT_NAMES | _NOT_NAME_WORDS for w in words):
                continue
            yield start, end


def people(text: str, language: str | None) -> Iterator[tuple[int, int]]:
    """Spans that look like person names: the gazetteer, and natasha's model for Russian."""
    yield from _gazetteer_people(text)
    if language == "ru" or re.search(r"[А-Яа-яЁё]", text) is not None:
        yield from _natasha_people(text)


_TITLES = frozenset(
    """
    следователь участковый майор капитан лейтенант полковник подполковник сержант старшина
    прокурор начальник директор председатель инспектор бригадир командир генерал судья аким
    officer investigator captain major lieutenant colonel sergeant inspector director chief
    commander general judge prosecutor foreman akim
    """.split()
)
_INITIALS_BEFORE = re.compile(r"(?:(?<![\w.])[A-ZА-ЯЁ]\.\s?){1,3}\s?$")
_INITIALS_AFTER = re.compile(r"^\s?(?:[A-ZА-ЯЁ]\.\s?){0,2}[A-ZА-ЯЁ]\.(?!\w)")
_PATRONYMIC = re.compile(
    r"^\s+(?:uulu|uly|ulu|kyzy|qyzy|kizi|уулу|улы|ұлы|кызы|қызы)\s+[A-ZА-ЯЁ][\w'’-]+"
)


_INITIALS_ONLY = re.compile(r"(?:(?:[A-ZА-ЯЁ]|Sh|Ch|Zh|Kh|Ts)\.\s?)+")


_PLACE_BEFORE = re.compile(r"(?:^|\s)(?:из|в|во|на|под|до|от|через|from|in|at|near)\s+$", re.I)
_VERB_ENDING = re.compile(r"(?:те|ть|ться|тесь)$")


def _only_initials(text: str, start: int, end: int) -> bool:
    """Initials ("Sh.S.", "Д.", "A.K.") are what a report prints instead of a name.

    A word beside the initials that is a place ("из Кульджи М.Т."), a verb ("Позвоните
    С.П.") or a known non-name does not make them a name; a surname does ("Шаймерден Б.").
    """
    span = text[start : end + 1 if text[end : end + 1] == "." else end]
    words = re.sub(r"\.+$", ".", span.strip()).split()
    if not any(_INITIALS_ONLY.fullmatch(w.rstrip(",")) for w in words):
        return False
    rest = [w.strip(",.") for w in words if not _INITIALS_ONLY.fullmatch(w.rstrip(","))]
    if not rest:
        return True
    first = rest[0]
    return len(rest) == 1 and (
        first in _NOT_NAMES
        or first in _NOT_NAME_WORDS
        or _VERB_ENDING.search(first) is not None
        or _PLACE_BEFORE.search(text[max(0, start - 12) : start]) is not None
    )


def _tidy_person(text: str, start: int, end: int) -> tuple[int, int]:
    """Leave titles out of a name; take in its initials and a patronymic with uulu/kyzy."""
    while True:
        word = re.match(r"[\w'’-]+\s+", text[start:end])
        if word is None or word.group().strip().lower() not in _TITLES:
            break
        start += word.end()
    before = _INITIALS_BEFORE.search(text[max(0, start - 12) : start])
    if before is not None:
        start -= len(before.group())
    after = _PATRONYMIC.match(text[end:]) or _INITIALS_AFTER.match(text[end:])
    if after is not None:
        end += after.end()
    return start, end


def merge_people(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Overlapping person spans become one (titles left out, initials and patronymics taken
    in); a span that is only initials is no finding."""
    people = sorted(_tidy_person(text, s, e) for s, e in spans)
    merged: list[tuple[int, int]] = []
    for start, end in people:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return [(s, e) for s, e in merged if not _only_initials(text, s, e)]
