"""The export-level speaker rule of eval/statements.py (row span+speaker-export): how an
outside scorer reads contract v1's speaker actor and speaker_text against the gold."""

import pytest

from eval.statements import _export_speaker_ok, _Pred

SURFACES = {"esper": {"Mark Esper", "Esper", "The US Secretary of Defense"}}


def pred(forms: tuple[str, ...], has_actor: bool) -> _Pred:
    return _Pred("000.txt", 0, 10, None, has_ref=False, export_forms=forms, has_actor=has_actor)


@pytest.mark.parametrize(
    ("forms", "has_actor", "gold_speaker", "gold_text", "right"),
    [
        # the actor's name matches a surface form of the gold entity
        (("He", "Mark Esper"), True, "esper", "He", True),
        # the words at the attribution equal the gold's own speaker_text
        (("He",), False, "esper", "He", True),
        # another person entirely
        (("Hadley", "Stephen Hadley"), True, "esper", "He", False),
        # no speaker at all for a named gold speaker
        ((), False, "esper", "Esper", False),
        # anonymous gold: no actor is right, the same words are right, a name is wrong
        (("Iraqi officials",), False, None, "Iraqi officials", True),
        (("officials", "Iraqi officials"), True, None, "Iraqi officials", True),
        (("he", "Mark Esper"), True, None, "a senior official", False),
    ],
)
def test_export_speaker_rule(forms, has_actor, gold_speaker, gold_text, right):
    gold = {"speaker": gold_speaker, "speaker_text": gold_text}
    assert _export_speaker_ok(pred(forms, has_actor), gold, SURFACES) is right


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [("Esper", "Mark Esper", True), ("he", "Stephen Hadley", False), ("", "x", False),
     ("the US military", "The US Military", True), ("US", "USA Today", False),
     ("Mr. King", "Mr. King, 82,", True), ("Phil Lovas", "The chairman, Phil Lovas,", True),
     ("King", "Kingston, 82,", False)],
)  # fmt: skip
def test_same_word_run(a, b, same):
    from eval.statements import _same_word_run

    assert _same_word_run(a, b) is same
