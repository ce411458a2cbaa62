"""Sentences are checked, not trusted: the claims any page's "What to notice" sentence may make,
each a rule that reads the numbers the sentence cites and checks the claim against them.

``sentence_problems(sentence)`` applies every rule and returns what is wrong (empty when nothing
is). A new page needs no code here: its sentences are checked by the same rules. A new kind of claim
is one more ``Rule`` in ``RULES`` (a pattern and a check of its matched numbers).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

NUMBER = r"[−-]?<?\$?<?[0-9][0-9,]*(?:\.[0-9]+)?%?"
_AVERAGE_WORDS = re.compile(r"\b(expected|average|averaged|mean|on average|per 1,000)\b", re.IGNORECASE)

# Verbs whose "from A to B" says which way the number went: +1 up, -1 down.
UP_WORDS = ("rise", "rises", "rose", "risen", "raise", "raises", "raised", "grow", "grows", "grew",
            "increase", "increases", "increased", "climb", "climbs", "climbed", "improve", "improves",
            "improved")  # fmt: skip
DOWN_WORDS = ("drop", "drops", "dropped", "fall", "falls", "fell", "lower", "lowers", "lowered", "cut",
              "cuts",
              "decrease", "decreases", "decreased", "shrink", "shrinks", "shrank", "worsen",
              "worsens")  # fmt: skip


def number(text: str) -> float:
    """The value a number in a sentence stands for: '$1,234' -> 1234, '40%' -> 0.4, '−0.02' -> -0.02."""
    cleaned = text.replace("−", "-").replace("$", "").replace("<", "").replace(",", "")
    if cleaned.endswith("%"):
        return float(cleaned[:-1]) / 100
    return float(cleaned)


def decimals(text: str) -> int:
    """How many decimals a number is written with ('0.125' -> 3, '$545' -> 0, '40%' -> 2)."""
    digits = text.rstrip("%")
    places = len(digits.split(".")[1]) if "." in digits else 0
    return places + (2 if text.endswith("%") else 0)


def rounds_to_zero(text: str) -> bool:
    """Whether a written difference reads as zero ('0.000', '$0', '0%', '+0.00')."""
    return number(text.lstrip("+")) == 0


@dataclass(frozen=True)
class Rule:
    """One kind of claim: ``pattern`` finds it, ``problem(match)`` says what is wrong (None if nothing)."""

    name: str
    pattern: re.Pattern[str]
    problem: Callable[[re.Match[str]], str | None]


def _direction(match: re.Match[str]) -> str | None:
    """'fell from 0.9 to 0.8' must go down, 'rose from 1 to 2' up."""
    verb, before, after = match["verb"].lower(), number(match["a"]), number(match["b"])
    wanted = 1 if verb in UP_WORDS else -1
    if (after - before) * wanted > 0:
        return None
    return f"'{verb}' but {match['a']} → {match['b']}"


def _moves(match: re.Match[str]) -> str | None:
    """'goes from A to B': A and B must read differently (else say 'stays at')."""
    return None if match["a"] != match["b"] else f"'goes from {match['a']} to {match['b']}' moves nothing"


def _by_zero(match: re.Match[str]) -> str | None:
    """'by 0.000', 'by $0', 'by 0%': a difference too small to state."""
    return (
        f"states a difference that rounds to zero: 'by {match['d']}'" if rounds_to_zero(match["d"]) else None
    )


def _whole(match: re.Match[str]) -> str | None:
    """'0.2 of 5': a count that is not a whole number (unless the sentence says it is an average)."""
    return f"a fractional count '{match[0]}'"


def _brier_word(match: re.Match[str]) -> str | None:
    """'a Brier score of A; ... improves it to B': lower is better, so improves means B < A."""
    before, after, word = number(match["a"]), number(match["b"]), match["word"]
    ok = {
        "improves": after < before,
        "brings": after < before,
        "worsens": after > before,
        "leaves": match["a"] == match["b"],
    }[word]
    return None if ok else f"'{word}' but {match['a']} → {match['b']}"


_VERB = "|".join((*UP_WORDS, *DOWN_WORDS))
RULES: tuple[Rule, ...] = (
    Rule(
        "direction words follow the sign",
        re.compile(
            rf"\b(?P<verb>{_VERB})\b[^.;:()0-9]*?\bfrom (?P<a>{NUMBER}) to (?P<b>{NUMBER})", re.IGNORECASE
        ),
        _direction,
    ),
    Rule(
        "a cut goes down",
        re.compile(rf"\b(?P<verb>cut)\b[^.;:()]*\((?P<a>{NUMBER}) → (?P<b>{NUMBER})\)", re.IGNORECASE),
        _direction,
    ),
    Rule("'goes from' moves", re.compile(rf"\bgoes from (?P<a>{NUMBER}) to (?P<b>{NUMBER})"), _moves),
    Rule("no difference by zero", re.compile(rf"\bby (?P<d>[+]?{NUMBER})(?![0-9])"), _by_zero),
    Rule(
        "ahead and saving are positive",
        re.compile(rf"\b(?:ahead by|saving) (?P<d>[+]?{NUMBER})|(?P<d2>{NUMBER}) more per\b"),
        lambda m: _ahead_any(m),  # noqa: PLW0108 (defined below the table)
    ),
    Rule(
        "Brier wording follows lower-is-better",
        re.compile(
            rf"Brier score of (?P<a>{NUMBER});[^;]*?\b(?P<word>improves|brings|worsens|leaves) it "
            rf"(?:to|at) (?P<b>{NUMBER})"
        ),
        _brier_word,
    ),
)
_FRACTIONAL_COUNT = re.compile(r"\b[0-9][0-9,]*\.[0-9]+ of [0-9][0-9,]*(?:\.[0-9]+)?\b(?!%)")


def _ahead_any(match: re.Match[str]) -> str | None:
    """'ahead by D', 'saving D', 'D more per': D must be positive."""
    d = match["d"] or match["d2"]
    return None if number(d.lstrip("+")) > 0 else f"'{match[0]}' is not a positive difference"


def sentence_problems(sentence: str) -> list[str]:
    """Every rule's complaint about ``sentence`` (empty when each claim matches its numbers)."""
    problems = [
        f"{rule.name}: {found}"
        for rule in RULES
        for match in rule.pattern.finditer(sentence)
        if (found := rule.problem(match)) is not None
    ]
    if not _AVERAGE_WORDS.search(sentence):
        problems += [f"counts are whole: {_whole(m)}" for m in _FRACTIONAL_COUNT.finditer(sentence)]
    return problems


def assert_sentences_true(sentences: Iterable[str], where: object = "") -> None:
    """Fail with every problem of every sentence."""
    problems = [(sentence, problem) for sentence in sentences for problem in sentence_problems(sentence)]
    assert not problems, f"{where}: " + "\n".join(f"{p}\n    in: {s}" for s, p in problems)
