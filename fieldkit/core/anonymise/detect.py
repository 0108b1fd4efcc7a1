"""Detection of identifying details in interview quotes, with report-style replacements.

Detection only: :func:`detect` returns what looks identifying and what a published report
would print instead; it never changes the text. Phone numbers come from ``phonenumbers``,
Russian person names from natasha's shipped NER model (loaded on first use), everything else
from regular expressions and small name gazetteers written for Central Asian field work.
"""

from __future__ import annotations

import enum
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

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


def _people(text: str, language: str | None) -> Iterator[tuple[int, int]]:
    yield from _gazetteer_people(text)
    if language == "ru" or re.search(r"[А-Яа-яЁё]", text) is not None:
        yield from _natasha_people(text)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\n,;:":
        start += 1
    while end > start and text[end - 1] in " \t\n,;:":
        end -= 1
    return start, end


def detect(text: str, language: str | None = None) -> list[Finding]:
    """Identifying details in ``text``, sorted by position, overlaps resolved.

    ``language`` is ``"en"``, ``"ru"`` or ``None`` (guess from the script); it only decides
    whether the Russian NER model runs, every other rule applies to both languages.
    """
    finders: list[tuple[FindingKind, Callable[[str], Iterable[tuple[int, int]]]]] = [
        (FindingKind.EMAIL, _regex_spans([_EMAIL])),
        (FindingKind.SOCIAL, _socials),
        (FindingKind.ID_NUMBER, _ids),
        (FindingKind.BIRTH_DATE, _regex_spans([_BIRTH_BEFORE, _BIRTH_AFTER], "date")),
        (FindingKind.PHONE, _phones),
        (FindingKind.VEHICLE_PLATE, _regex_spans(_PLATES)),
        (FindingKind.ADDRESS, _regex_spans(_ADDRESSES)),
        (FindingKind.PERSON, lambda t: _people(t, language)),
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
    # Brackets in the language of the text: given, or Russian when most letters are Cyrillic.
    words = language or ("ru" if _mostly_cyrillic(text) else "en")
    return [Finding(s, e, k, text[s:e], suggestion_for(k, text[s:e], words)) for s, e, k in chosen]


def _mostly_cyrillic(text: str) -> bool:
    cyrillic = len(re.findall(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]", text))
    latin = len(re.findall(r"[A-Za-z]", text))
    return cyrillic > latin


#: Titles and ranks that come before a name; the name is replaced, they stay.
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


def _union_people(
    candidates: list[tuple[int, int, FindingKind]], text: str
) -> list[tuple[int, int, FindingKind]]:
    """Overlapping person spans from the gazetteer and the NER model become one span."""
    people = sorted(_tidy_person(text, s, e) for s, e, k in candidates if k is FindingKind.PERSON)
    merged: list[tuple[int, int]] = []
    for start, end in people:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    others = [c for c in candidates if c[2] is not FindingKind.PERSON]
    people_found = [(s, e, FindingKind.PERSON) for s, e in merged if not _only_initials(text, s, e)]
    return others + people_found
