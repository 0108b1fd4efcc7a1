"""Detection of identifying details in quotes, as a researcher would notice it."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldkit.core.anonymise.detect import Finding, FindingKind, detect, suggestion_for
from fieldkit.core.anonymise.evaluation import evaluate, load

EVAL_FILE = Path(__file__).with_name("anonymise_eval.jsonl")
#: Written by a second and a third person who had not seen the detector (see
#: docs/anonymisation.md for their scores before and after it was changed).
HELD_OUT = Path(__file__).with_name("anonymise_heldout.jsonl")
BLIND = Path(__file__).with_name("anonymise_blind.jsonl")
SETS = [EVAL_FILE, HELD_OUT, BLIND]
SET_NAMES = ["development", "second-writer", "third-writer"]


def _found(text: str, language: str | None = None) -> list[tuple[FindingKind, str, str]]:
    return [(f.kind, f.text, f.suggestion) for f in detect(text, language)]


def test_english_name_and_phone_are_found_with_spans_and_suggestions() -> None:
    text = "My neighbour Timur Akhmetov called from +7 705 318 2246 at night."
    findings = detect(text, "en")
    assert findings == [
        Finding(13, 27, FindingKind.PERSON, "Timur Akhmetov", "T.A."),
        Finding(40, 55, FindingKind.PHONE, "+7 705 318 2246", "[phone number]"),
    ]
    assert all(text[f.start : f.end] == f.text for f in findings)


def test_russian_name_and_phone_are_found_with_spans_and_suggestions() -> None:
    text = "Шамиль Сулейманов звонил с номера 8 (701) 552-18-34 вечером."
    findings = detect(text, "ru")
    assert [(f.start, f.end) for f in findings] == [(0, 17), (34, 51)]
    assert _found(text, "ru") == [
        (FindingKind.PERSON, "Шамиль Сулейманов", "Ш.С."),
        (FindingKind.PHONE, "8 (701) 552-18-34", "[номер телефона]"),
    ]


def test_single_first_name_becomes_one_initial() -> None:
    assert _found("Then Ruslan went home.") == [(FindingKind.PERSON, "Ruslan", "R.")]


def test_email_iin_plate_address_social_and_birth_date() -> None:
    text = (
        "Write to a.kairat@mail.kz; IIN 850312300125; the car was 123 ABC 02; "
        "he lives at ул. Абая 15; see vk.com/id123456; born on 12 March 1985."
    )
    kinds = {f.kind: (f.text, f.suggestion) for f in detect(text)}
    assert kinds == {
        FindingKind.EMAIL: ("a.kairat@mail.kz", "[e-mail]"),
        FindingKind.ID_NUMBER: ("850312300125", "[ID number]"),
        FindingKind.VEHICLE_PLATE: ("123 ABC 02", "[vehicle number]"),
        FindingKind.ADDRESS: ("ул. Абая 15", "[address]"),
        FindingKind.SOCIAL: ("vk.com/id123456", "[social media profile]"),
        FindingKind.BIRTH_DATE: ("12 March 1985", "[date of birth]"),
    }


def test_other_formats_of_each_kind() -> None:
    assert _found("Plates 01 KG 123 ABC and А123ВС 77.")[0][0] is FindingKind.VEHICLE_PLATE
    assert [k for k, _, _ in _found("Plates 01 KG 123 ABC and А123ВС 77.")] == [
        FindingKind.VEHICLE_PLATE,
        FindingKind.VEHICLE_PLATE,
    ]
    assert _found("Passport АВ1234567 was kept.")[0][:2] == (FindingKind.ID_NUMBER, "АВ1234567")
    assert _found("Masanchi, Kurmangazy street 12.") == [
        (FindingKind.ADDRESS, "Kurmangazy street 12", "[address]")
    ]
    assert _found("We moved to 15 Lenin Street.")[0][:2] == (FindingKind.ADDRESS, "15 Lenin Street")
    assert _found("родился 12.03.1985 в Оше", "ru")[0][:2] == (FindingKind.BIRTH_DATE, "12.03.1985")
    assert _found("DOB 1985-03-12")[0][:2] == (FindingKind.BIRTH_DATE, "1985-03-12")
    assert _found("message @aizhan_help or t.me/kordai_news") == [
        (FindingKind.SOCIAL, "@aizhan_help", "[social media profile]"),
        (FindingKind.SOCIAL, "t.me/kordai_news", "[social media profile]"),
    ]


def test_iin_with_a_wrong_check_digit_is_not_an_id() -> None:
    assert all(f.kind is not FindingKind.ID_NUMBER for f in detect("Reference 850312300126."))


def test_neutral_sentences_have_no_findings() -> None:
    assert detect("We stood in the square in Tokmok for nine hours on 17 February 2020.") == []
    assert detect("Около трёхсот человек собрались у мечети в Масанчи.", "ru") == []


@pytest.mark.parametrize("path", SETS, ids=SET_NAMES)
def test_evaluation_set_meets_the_targets(path: Path) -> None:
    report = evaluate(load(path))
    for kind in (FindingKind.PHONE, FindingKind.EMAIL, FindingKind.ID_NUMBER):
        assert report.per_kind[kind].recall >= 0.95, kind
    assert report.per_kind[FindingKind.PERSON].recall >= 0.85
    assert report.overall.precision >= 0.7


@pytest.mark.parametrize(
    ("name", "initials"),
    [
        ("Shamil Sadykov", "Sh.S."),
        ("Yusup Chen", "Y.Ch."),
        ("Aibek uulu Bakyt", "A.B."),
        ("Шаршеналиев Т.К.", "Ш.Т.К."),
        ("A. K. Mamyrov", "A.K.M."),
    ],
)
def test_initials_in_the_style_of_published_reports(name: str, initials: str) -> None:
    assert suggestion_for(FindingKind.PERSON, name) == initials


def test_titles_stay_and_initials_and_patronymics_belong_to_the_name() -> None:
    assert _found("Следователь Нуржанов кричал на меня.", "ru") == [
        (FindingKind.PERSON, "Нуржанов", "Н.")
    ]
    assert _found("It was signed by the head of the district, A. K. Mamyrov.") == [
        (FindingKind.PERSON, "A. K. Mamyrov", "A.K.M.")
    ]
    assert _found("Aibek uulu Bakyt was beaten at the border.") == [
        (FindingKind.PERSON, "Aibek uulu Bakyt", "A.B.")
    ]


def test_a_document_number_a_few_words_after_its_label() -> None:
    text = "They copied my IIN, 850412301547, and my passport series and number 46 12 508331."
    assert [(f.kind, f.text) for f in detect(text)] == [
        (FindingKind.ID_NUMBER, "850412301547"),
        (FindingKind.ID_NUMBER, "46 12 508331"),
    ]
    # A phone number after the label word is still a phone number.
    assert [f.kind for f in detect("ID card at home; phone +7 701 384 2296.")] == [
        FindingKind.PHONE
    ]


@pytest.mark.parametrize("path", SETS, ids=SET_NAMES)
def test_a_suggestion_once_accepted_is_not_found_again(path: Path) -> None:
    """One click fixes a finding for good: the replaced text is not flagged again."""
    again = []
    for item in load(path):
        text, language = str(item["text"]), str(item["language"])
        for finding in sorted(detect(text, language), key=lambda f: -f.start):
            text = text[: finding.start] + finding.suggestion + text[finding.end :]
        again += [(text, f.text) for f in detect(text, language)]
    assert again == []


def test_a_kinship_word_marks_the_name_after_it() -> None:
    assert _found("The next day his wife Gulnar went to the akimat.") == [
        (FindingKind.PERSON, "Gulnar", "G.")
    ]
    assert _found("Соседка Шахло видела, как его увели.", "ru")[0][:2] == (
        FindingKind.PERSON,
        "Шахло",
    )
    assert _found("The car was a Nexia, 30 A 456 BC.") == [
        (FindingKind.VEHICLE_PLATE, "30 A 456 BC", "[vehicle number]")
    ]


def test_brackets_are_in_the_language_of_the_quote() -> None:
    text = "Он звонил с номера 8 (701) 123-45-67 и писал на ruslan@mail.ru."
    assert [f.suggestion for f in detect(text)] == ["[номер телефона]", "[адрес эл. почты]"]
    assert [f.suggestion for f in detect(text, "en")] == ["[phone number]", "[e-mail]"]


def test_the_brackets_follow_the_quote_not_the_interview_language() -> None:
    english = "Call my sister on +7 701 123 45 67 after dark."
    russian = "Звоните сестре по номеру +7 701 123 45 67 вечером."
    assert [f.suggestion for f in detect(english, context_language="ru")] == ["[phone number]"]
    assert [f.suggestion for f in detect(russian, context_language="en")] == ["[номер телефона]"]
    # A Russian sentence around a Latin address is still Russian; digits alone take the
    # interview's language.
    mail = "Пишите мне: timur.akhmetov.almaty@gmail.com"
    assert [f.suggestion for f in detect(mail, context_language="en")] == ["[адрес эл. почты]"]
    assert [f.suggestion for f in detect("+7 701 123 45 67", context_language="ru")] == [
        "[номер телефона]"
    ]
    assert [f.suggestion for f in detect("+7 701 123 45 67", context_language="en")] == [
        "[phone number]"
    ]
