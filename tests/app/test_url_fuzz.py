"""Every registered page opened with random and hostile links: valid values, out-of-range and
non-finite numbers, empty and whitespace values, odd unicode, 10,000-character values, HTML,
JavaScript and Markdown injection, repeated parameters, other controls' labels and unknown
parameters. The page must never raise, must apply what is valid, fall back to the default with
a notice for what is not, and show link text only inside a code span."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import unquote, urlencode

import pytest
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from tests.apptest import assert_healthy, metric_values, open_page, page_controls, page_groups, value_of
from ui import registry
from ui.compare import PIN_PREFIX
from ui.controls import Choice, Control, MultiChoice, Slider, Toggle, _Numeric
from ui.presentation import PRESENTATION
from ui.url_state import NOTICE_HEAD

PAGES = [entry.script.stem for entry in registry.discover()]
Link = dict[str, str | list[str]]

# Streamlit ignores a whole query string longer than 512 Ki characters; browsers cut far sooner.
MAX_QUERY = 100_000
# Every injection payload carries "zq", which no page text contains: wherever it shows outside a
# code span, link text reached Markdown.
TOKEN = "zq"
INJECTIONS = (
    "<script>alert('zq1')</script>",
    "<img src=x onerror=alert('zq2')>",
    "[x](javascript:alert('zq3'))",
    ":material/home: zq4",
    ":material/home:",
    "$zq5$",
    "$$x^2$$ zq6",
    "**zq7**",
    "`zq8`",
    "``zq9",
    "<!-- zq10",
    "zq11\n# heading\n- item",
    "<a href='javascript:alert(1)'>zq12</a>",
    "![zq13](http://example.com/x.png)",
    "\\`zq14\\`",
    "{{7*7}} zq15",
)
NUMBERS = (
    "nan",
    "NaN",
    "-nan",
    "inf",
    "-inf",
    "Infinity",
    "1e309",
    "-1e309",
    "-0",
    "+0",
    "0e0",
    "1e-400",
    "9" * 40,
    "-" + "9" * 40,
    "0x10",
    "1_0",
    "1,5",
    "½",
    "𝟏𝟐",
    "١٢",
    "5%",
    "1e",
    "e5",
    ".",
    "-",
    ".5",
    "5.",
    "2.5",
    "1/2",
)
BLANK = ("", " ", "\t", "\n", "\r\n", "\u00a0", "\u3000", "  true  ")
UNICODE = (
    "\u202eevil\u202c",
    "مرحبا",
    "שלום",
    "🔥",
    "👨\u200d👩\u200d👧\u200d👦",
    "e\u0301\u0301\u0301",
    "Z\u0336\u0321\u0349\u0308",
    "\x00",
    "a\x00b",
    "\x1b[31mred",
    "\x7f",
    "\u200b",
    "\ufeff",
    "\u2028",
    # What a browser's invalid UTF-8 (a lone surrogate, stray bytes) arrives as: U+FFFD.
    unquote("%ED%A0%80%ED%B0%80"),
    unquote("%FF%FE%C0%AF"),
    "%00%ED%A0%80",  # percent signs that are text, not escapes
)
# Long values as (piece, repeats), built when drawn: a strategy holding them would have a huge repr.
LONG_PIECES = (("A", 10_000), ("<script>zq</script>", 500), ("9", 10_000), ("9", 5000), ("é", 10_000))
LONG = tuple(piece * repeats for piece, repeats in LONG_PIECES)
FIXED_GARBAGE = INJECTIONS + NUMBERS + BLANK + UNICODE
STREAMLIT_RESERVED = frozenset({"embed", "embed_options"})  # Streamlit hides these, any case
TRUE_WORDS = frozenset({"true", "1", "yes", "on"})
FALSE_WORDS = frozenset({"false", "0", "no", "off"})
NOTICE_LIMIT = 40  # characters of link text a notice quotes
# Options that show a panel (the CSV upload) instead of training, so cost nothing to pick.
UPLOAD = "upload"
NO_TRAINING_OPTIONS = frozenset({UPLOAD})


# --- what each link value should do (independent of ui.controls' parsing) -------------------------


@dataclass(frozen=True)
class Expected:
    """What a link value stands for. ``strict``: the page must apply it. A lenient value (a word
    Streamlit's own widget may not read) may instead fall back to the default, but then with a notice."""

    valid: bool
    value: Any = None
    strict: bool = True
    partial: bool = False  # a multiselect's valid items, kept while its unknown ones are named


INVALID = Expected(valid=False)


def expected(control: Control, raws: list[str]) -> Expected:
    """The value ``raws`` (every value of one parameter) stand for, per the link contract: a
    choice is its exact label; a multiselect's every non-empty item is a label; a number parses,
    is finite, within the bounds, and whole for a whole-number control; a single-valued control
    reads the last value of a repeated parameter."""
    if isinstance(control, MultiChoice):
        return _expected_picks(control, raws)
    raw = raws[-1]
    if isinstance(control, Choice):
        matches = [option for option, label in control.options.items() if label == raw]
        return Expected(True, matches[0]) if matches else INVALID
    if isinstance(control, Toggle):
        return _expected_switch(raw)
    assert isinstance(control, _Numeric), control
    return _expected_number(control, raw)


def _expected_picks(control: MultiChoice, raws: list[str]) -> Expected:
    """The known items, in order, once each; unknown items are dropped with a notice (``partial``)
    as long as a known one remains and the picks reach the minimum."""
    by_label = {label: option for option, label in control.options.items()}
    items = [raw for raw in raws if raw != ""]
    known = [raw for raw in items if raw in by_label]
    if len(known) < len(items) and not known:
        return INVALID
    picked = tuple(dict.fromkeys(by_label[raw] for raw in known))
    if len(picked) < control.min_selected:
        return INVALID
    return Expected(True, picked, partial=len(known) < len(items))


def _expected_switch(raw: str) -> Expected:
    if raw.lower() in {"true", "false"}:
        return Expected(True, raw.lower() == "true")
    word = raw.strip().lower()
    return Expected(True, word in TRUE_WORDS, strict=False) if word in TRUE_WORDS | FALSE_WORDS else INVALID


def _expected_number(control: _Numeric, raw: str) -> Expected:
    try:
        number = float(raw)
    except ValueError:
        return INVALID
    if not (math.isfinite(number) and control.min_value <= number <= control.max_value):
        return INVALID
    if control.is_int:
        return Expected(True, int(number)) if number.is_integer() else INVALID
    return Expected(True, number)


def test_the_reference_reads_values_as_the_link_contract_says():
    seed = Choice("d", "D", {"a": "Alpha", "b": "Beta"}, "a")
    assert expected(seed, ["Beta"]) == Expected(True, "b")
    assert expected(seed, ["beta"]) == INVALID
    assert expected(seed, ["Beta", "x"]) == INVALID, "the last value of a repeated parameter counts"
    whole = _numeric(0, 10, 5, 1)
    assert expected(whole, ["7.0"]) == Expected(True, 7)
    for bad in ("7.5", "11", "nan", "inf", "1e309", "", "x"):
        assert not expected(whole, [bad]).valid, bad
    assert expected(_numeric(0.0, 1.0, 0.5, 0.01), ["-0"]) == Expected(True, 0.0)
    multi = MultiChoice("m", "M", {"a": "A", "b": "B"}, ("a",))
    assert expected(multi, ["B", "A", "B", ""]) == Expected(True, ("b", "a"))
    assert expected(multi, ["A", "C"]) == Expected(True, ("a",), partial=True)
    assert expected(multi, ["C"]) == INVALID
    assert expected(multi, [""]) == Expected(True, ()), "an emptied multiselect writes ?m=: a valid pick"
    at_least_one = MultiChoice("m", "M", {"a": "A", "b": "B"}, ("a",), min_selected=1)
    assert expected(at_least_one, [""]) == INVALID, "at least one pick"
    assert expected(Toggle("t", "T"), ["TRUE"]) == Expected(True, True)
    assert expected(Toggle("t", "T"), [" yes "]) == Expected(True, True, strict=False)
    assert expected(Toggle("t", "T"), ["maybe"]) == INVALID


def _numeric(low: float, high: float, default: float, step: float) -> _Numeric:
    return Slider("n", "N", low, high, default, step)


# --- the pages, read once -------------------------------------------------------------------------


@dataclass(frozen=True)
class PageInfo:
    """A page's controls (with the app-wide presentation toggle) and those that retrain."""

    controls: tuple[Control, ...]
    retraining: frozenset[str]


@cache
def page_info(stem: str) -> PageInfo:
    at = open_page(stem)
    assert_healthy(at)
    retraining = {c.key for group in page_groups(at) if group.retrains for c in group.controls}
    return PageInfo((*page_controls(at), PRESENTATION), frozenset(retraining))


@cache
def every_label() -> tuple[str, ...]:
    """Every option label of every control on every page."""
    labels = {
        label
        for stem in PAGES
        for control in page_info(stem).controls
        if isinstance(control, Choice | MultiChoice)
        for label in control.options.values()
    }
    return tuple(sorted(labels))


@cache
def every_key() -> tuple[str, ...]:
    return tuple(sorted({control.key for stem in PAGES for control in page_info(stem).controls}))


# --- link strategies ------------------------------------------------------------------------------


def _spellings(number: float, is_int: bool) -> list[str]:
    """Ways a link may spell ``number`` (the exponent form rounds to 7 digits)."""
    text = str(int(number)) if is_int else repr(float(number))
    spellings = [text, f" {text} ", f"{float(number)!r}", f"{float(number):e}"]
    if number >= 0:
        spellings += [f"+{text}", f"0{text}"]
    return [*spellings, "-0"] if number == 0 else spellings


def _number_text(control: _Numeric) -> st.SearchStrategy[str]:
    if control.is_int:
        numbers: st.SearchStrategy[float] = st.integers(int(control.min_value), int(control.max_value))
    else:
        numbers = st.floats(control.min_value, control.max_value, allow_nan=False)
    return numbers.flatmap(lambda n: st.sampled_from(_spellings(n, control.is_int)))


def valid_text(control: Control, retrains: bool) -> st.SearchStrategy[str | list[str]]:
    """Valid link values; for a control that retrains, only spellings of its default, so the file
    stays fast (every valid setting of every control is set by test_every_page)."""
    if isinstance(control, MultiChoice):
        return _valid_picks(control, retrains)
    if isinstance(control, Choice):
        cheap = [o for o in control.options if o == control.default or o in NO_TRAINING_OPTIONS]
        return st.sampled_from([control.options[o] for o in (cheap if retrains else control.options)])
    if isinstance(control, Toggle):
        words = [control.to_url(control.default)] if retrains else ["true", "false"]
        return st.sampled_from([w for word in words for w in (word, word.upper(), word.title())])
    assert isinstance(control, _Numeric), control
    if retrains:
        return st.sampled_from(_spellings(control.default, control.is_int))
    return _number_text(control)


def _valid_picks(control: MultiChoice, retrains: bool) -> st.SearchStrategy[list[str]]:
    if retrains:
        labels = [control.options[o] for o in control.default]
        return st.sampled_from([labels, [*labels, labels[0]], [*labels, ""]])
    return st.lists(
        st.sampled_from(list(control.options.values())),
        min_size=max(1, control.min_selected),
        max_size=len(control.options),
        unique=True,
    )


def _case_variants(control: Control) -> list[str]:
    words = list(control.options.values()) if isinstance(control, Choice | MultiChoice) else ["true"]
    variants = {v for w in words for v in (w.upper(), w.lower(), w.swapcase(), f" {w}", f"{w} ", f"{w}\n")}
    return sorted(variants - set(words))


def _out_of_range(control: Control) -> st.SearchStrategy[str]:
    if not isinstance(control, _Numeric):
        return st.nothing()
    low, high = control.min_value, control.max_value
    return st.one_of(
        st.sampled_from([repr(low - control.step), repr(high + control.step), repr(high * 10 + 1)]),
        st.floats(max_value=low, exclude_max=True).map(repr),
        st.floats(min_value=high, exclude_min=True).map(repr),
        st.integers(min_value=10**20).map(str),
    )


def garbage_text(control: Control) -> st.SearchStrategy[str]:
    """Mostly invalid values (the reference decides: another control's label may be valid here)."""
    return st.one_of(
        st.sampled_from(FIXED_GARBAGE),
        st.sampled_from(every_label()),
        st.sampled_from(_case_variants(control)),
        _out_of_range(control),
        st.text(max_size=30),
        st.floats().map(repr),
        st.integers().map(str),
        st.sampled_from(LONG_PIECES).map(_repeat),
    )


def _repeat(piece: tuple[str, int]) -> str:
    return piece[0] * piece[1]


def link_value(control: Control, retrains: bool) -> st.SearchStrategy[str | list[str]]:
    single = st.one_of(valid_text(control, retrains), garbage_text(control))
    if isinstance(control, MultiChoice):
        item = st.one_of(st.sampled_from(list(control.options.values())), garbage_text(control))
        return st.one_of(single, st.lists(item, max_size=5))
    repeated = st.lists(
        st.one_of(valid_text(control, retrains).filter(_is_str), garbage_text(control)),
        min_size=2,
        max_size=4,
    )
    return st.one_of(single, single, repeated)


def _is_str(value: object) -> bool:
    return isinstance(value, str)


def unknown_key(info: PageInfo) -> st.SearchStrategy[str]:
    own = {control.key for control in info.controls}
    names = st.one_of(
        st.text(max_size=20),
        st.sampled_from(every_key()),
        st.sampled_from([v for k in sorted(own) for v in (k.upper(), k.title(), f" {k}", f"{k}[]", f"{k}=")]),
        st.sampled_from(["__proto__", "constructor", f"<script>{TOKEN}</script>", "a.b", "%00", "k" * 2000]),
    )
    return names.map(lambda name: _unclaimed(name, own))


def _unclaimed(name: str, own: set[str]) -> str:
    """``name``, changed until no control of the page (nor Streamlit) claims it."""
    while name in own or name.lower() in STREAMLIT_RESERVED:
        name = f"x{name}"
    return name


def links(info: PageInfo) -> st.SearchStrategy[Link]:
    """A link that sets any subset of the page's parameters, plus a few unknown ones."""
    known = st.fixed_dictionaries(
        {c.key: st.one_of(st.none(), link_value(c, c.key in info.retraining)) for c in info.controls}
    ).map(lambda d: {key: value for key, value in d.items() if value is not None and value != []})
    unknown = st.dictionaries(
        unknown_key(info), st.one_of(st.sampled_from(FIXED_GARBAGE), st.text()), max_size=3
    )
    return st.tuples(known, unknown).map(lambda pair: {**pair[1], **pair[0]}).filter(_short_enough)


def _short_enough(link: Link) -> bool:
    return len(urlencode(link, doseq=True)) <= MAX_QUERY


# --- what the page shows --------------------------------------------------------------------------

TEXT_KINDS = ("markdown", "caption", "warning", "info", "error", "success", "title", "header", "subheader")


def link_warnings(at: AppTest) -> list[str]:
    """The page's link notices: at most one, listing everything ignored."""
    return [w.value for w in at.warning if w.value.startswith(NOTICE_HEAD)]


def notices(at: AppTest) -> list[str]:
    """Each thing the page's one link notice says it ignored."""
    shown = link_warnings(at)
    assert len(shown) <= 1, shown
    if not shown:
        return []
    body = shown[0][len(NOTICE_HEAD) + 1 :].strip()
    if body.startswith("- "):
        return [line[2:] for line in body.splitlines()]
    return [body.removesuffix(".")]


def shown_texts(at: AppTest) -> list[str]:
    """Every text the page renders as Markdown (metrics' and expanders' labels included)."""
    texts = [str(element.value) for kind in TEXT_KINDS for element in at.get(kind)]
    texts += [f"{m.label} {m.value}" for m in at.metric]
    texts += [e.label for e in at.expander]
    return texts


def outside_code_spans(text: str) -> str:
    return re.sub(r"`[^`]*`", "", text)


def shown_value(at: AppTest, control: Control) -> Any:
    if control.key == PRESENTATION.key:
        return at.toggle(key=PRESENTATION.key).value
    return value_of(at, control)


def same(actual: Any, wanted: Any) -> bool:
    if isinstance(wanted, float) and not isinstance(actual, bool):
        return actual == pytest.approx(wanted, rel=1e-9, abs=1e-12)
    return actual == wanted


def check_page(at: AppTest, info: PageInfo, link: Link) -> None:
    """Every control shows what the link asks for or its default with a notice; every unknown
    parameter is reported; no link text reaches Markdown outside a code span."""
    assert_healthy(at)
    shown_notices = notices(at)
    longest_key = max(len(control.key) for control in info.controls)
    by_key = {control.key: control for control in info.controls}

    def default_of(control: Control) -> Any:
        """The control's default, given the value its ``default_when`` control shows."""
        rule = control.default_when
        if rule is None:
            return control.default
        return rule.default(shown_value(at, by_key[rule.key]), control.default)

    for control in info.controls:
        actual = shown_value(at, control)
        noticed = any(n.startswith((f"`{control.key}=", f"from `{control.key}` ")) for n in shown_notices)
        if control.key not in link:
            assert same(actual, default_of(control)) and not noticed, control.key
            continue
        raw = link[control.key]
        wanted = expected(control, [raw] if isinstance(raw, str) else list(raw))
        applied = wanted.valid and same(actual, wanted.value) and noticed == wanted.partial
        fell_back = same(actual, default_of(control)) and noticed
        if not wanted.valid:
            assert fell_back, (control.key, raw, actual, shown_notices)
        elif wanted.strict:
            assert applied, (control.key, raw, actual, shown_notices)
        else:
            assert applied or fell_back, ("silently ignored", control.key, raw, actual, shown_notices)
    unknown = {key for key in link if key not in {c.key for c in info.controls}}
    reported = [n for n in shown_notices if n.startswith("the unknown parameter `")]
    assert len(reported) == len(unknown), (sorted(unknown), reported)
    for notice in shown_notices:
        assert notice.count("`") % 2 == 0, notice
        for quoted in notice.split("`")[1::2]:
            assert quoted.isprintable(), notice
            assert len(quoted) <= longest_key + 1 + NOTICE_LIMIT, notice
    for text in shown_texts(at):
        outside = outside_code_spans(text).lower()
        for marker in (TOKEN, "<script", "onerror", "javascript:", ":material/home:", "\x00"):
            assert marker not in outside, (marker, text[:300])


# No shrinking: a failure prints its whole link, and a shrink of page loads would take minutes.
FUZZ = settings(
    max_examples=60,
    derandomize=True,
    deadline=None,
    database=None,
    phases=(Phase.explicit, Phase.generate),
    suppress_health_check=list(HealthCheck),
)


@pytest.mark.parametrize("stem", PAGES)
@FUZZ
@given(data=st.data())
def test_any_link_falls_back_safely(stem: str, data: st.DataObject):
    info = page_info(stem)
    link = data.draw(links(info), label="link")
    check_page(open_page(stem, link), info, link)
    for kind in _kinds(info, link):
        event(kind)  # shown by --hypothesis-show-statistics


def _kinds(info: PageInfo, link: Link) -> set[str]:
    """What a link exercised, so the statistics show every case is reached."""
    kinds = set()
    for control in info.controls:
        raw = link.get(control.key)
        if raw is None:
            continue
        wanted = expected(control, [raw] if isinstance(raw, str) else list(raw))
        kinds.add("an invalid value" if not wanted.valid else "a valid value")
        if wanted.valid and not same(wanted.value, control.default):
            kinds.add("a valid value other than the default")
        if not isinstance(raw, str) and len(raw) > 1:
            kinds.add("a repeated parameter")
        if wanted.value == UPLOAD:
            kinds.add("the upload option")
    if set(link) - {c.key for c in info.controls}:
        kinds.add("an unknown parameter")
    return kinds


# --- hand-picked links ----------------------------------------------------------------------------


def _first_invalid(control: Control, offset: int) -> str:
    pool = (*INJECTIONS, *NUMBERS, *UNICODE, *LONG)
    candidates = [raw for raw in pool[offset:] + pool[:offset] if not expected(control, [raw]).valid]
    return candidates[0]


def garbage_link(info: PageInfo) -> Link:
    """Every parameter of the page set to a value it cannot accept, plus unknown parameters."""
    link: Link = {c.key: _first_invalid(c, index * 7) for index, c in enumerate(info.controls)}
    return link | {"unknown": INJECTIONS[0], INJECTIONS[2]: "1", "Seed": "3"}


@pytest.mark.parametrize("stem", PAGES)
def test_a_garbage_link_shows_the_default_view(stem: str):
    info = page_info(stem)
    link = garbage_link(info)
    assert all(not expected(c, [str(link[c.key])]).valid for c in info.controls)
    reference = open_page(stem)
    at = open_page(stem, link)
    check_page(at, info, link)
    assert len(notices(at)) == len(link)
    assert metric_values(at) == metric_values(reference)
    assert len(at.get("plotly_chart")) == len(reference.get("plotly_chart"))
    assert len(at.get("page_link")) == len(reference.get("page_link"))
    if stem == "home":
        assert at.get("page_link"), "Home links to the trade-off pages"
    else:
        assert at.get("plotly_chart") or at.metric, "a trade-off page shows its result"


@pytest.mark.parametrize("stem", PAGES)
def test_a_repeated_parameter_reads_its_last_value(stem: str):
    info = page_info(stem)
    single = [c for c in info.controls if not isinstance(c, MultiChoice) and c.key not in info.retraining]
    link: Link = {}
    for control in single:
        link[control.key] = [_first_invalid(control, 0), _a_valid_text(control)]
    at = open_page(stem, link)
    check_page(at, info, link)
    assert not notices(at)


def _a_valid_text(control: Control) -> str:
    """A valid, non-default value's text (the last option, the maximum, or "true")."""
    if isinstance(control, Choice):
        return list(control.options.values())[-1]
    if isinstance(control, Toggle):
        return control.to_url(not control.default)
    assert isinstance(control, _Numeric), control
    return str(control.max_value)


def test_the_presentation_toggle_reads_the_words_it_documents():
    """``present`` is read from the link by the app itself, so the lenient words apply."""
    at = open_page("home", {"present": " Yes "})
    assert_healthy(at)
    assert at.toggle(key=PRESENTATION.key).value is True
    assert not notices(at)


@pytest.mark.parametrize("word", ["yes", "on", "1", " true "])
def test_a_page_toggle_never_ignores_a_word_silently(word: str):
    """A page toggle either applies a word its control accepts or says it ignored it."""
    stem, toggle = next(
        (stem, c)
        for stem in PAGES
        for c in page_info(stem).controls
        if isinstance(c, Toggle) and c.key != PRESENTATION.key and c.default is False
    )
    link: Link = {toggle.key: word}
    at = open_page(stem, link)
    check_page(at, page_info(stem), link)


def test_a_link_can_open_the_upload_panel_whatever_else_it_holds():
    """The upload option is a valid link value; the rest of a garbage link still falls back."""
    opened = 0
    for stem in PAGES:
        info = page_info(stem)
        for control in info.controls:
            if isinstance(control, Choice) and UPLOAD in control.options:
                link = garbage_link(info) | {control.key: control.options[UPLOAD]}
                at = open_page(stem, link)
                check_page(at, info, link)
                assert value_of(at, control) == UPLOAD
                opened += 1
    assert opened, "some page offers the upload option"


# --- a pinned view's parameters (pin.<key>) -------------------------------------------------------

PIN_FUZZ = settings(FUZZ, max_examples=12)


def pinned_links(info: PageInfo) -> st.SearchStrategy[Link]:
    """A link whose pinned view A sets any subset of the page's controls, with any value."""
    controls = [c for c in info.controls if c.key != PRESENTATION.key]
    return st.fixed_dictionaries(
        {c.key: st.one_of(st.none(), link_value(c, c.key in info.retraining)) for c in controls}
    ).map(lambda d: {PIN_PREFIX + key: value for key, value in d.items() if value not in (None, [])})


def check_pinned(at: AppTest, info: PageInfo, link: Link) -> None:
    """A pinned value the control accepts is kept; any other is dropped with a notice; the page and
    its comparison never fail."""
    assert_healthy(at)
    shown_notices = notices(at)
    by_key = {c.key: c for c in info.controls}
    for key, raw in link.items():
        control = by_key[key[len(PIN_PREFIX) :]]
        wanted = expected(control, [raw] if isinstance(raw, str) else list(raw))
        noticed = any(n.startswith((f"`{key}=", f"from `{key}` ")) for n in shown_notices)
        kept = key in at.query_params
        if not wanted.valid:
            assert noticed and not kept, (key, raw, shown_notices)
        elif wanted.strict:
            assert kept and noticed == wanted.partial, (key, raw, shown_notices)
    for notice in shown_notices:
        assert notice.count("`") % 2 == 0, notice


@pytest.mark.parametrize("stem", [stem for stem in PAGES if stem != "home"])
@PIN_FUZZ
@given(data=st.data())
def test_any_pinned_link_falls_back_safely(stem: str, data: st.DataObject):
    info = page_info(stem)
    link = data.draw(pinned_links(info), label="link")
    check_pinned(open_page(stem, link), info, link)
