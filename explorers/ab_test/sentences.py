""" "What to notice", computed from the view's numbers: the plan, what peeking does to an A/A test,
what the current truth gives each analyst, the novelty effect, the metric family and the split."""

from __future__ import annotations

from dataclasses import dataclass

from explorers.ab_test.design import Design, Plan
from explorers.ab_test.family import CORRECTIONS, Family, RatioCheck
from explorers.ab_test.simulation import N_SIMS, SRM_ALPHA, Reading, Truth
from explorers.formatting import count


def share(fraction: float) -> str:
    """``formatting.share``'s look ('0%', '0.04%', '3.2%', '47%'), rounding the fraction itself: a Monte
    Carlo share such as 175/2,000 = 0.0875 sits on a tie, and reads as the fraction rounds (8.7%)."""
    percent = 100.0 * fraction
    if percent == 0:
        return "0%"
    if abs(percent) < 0.01:
        return "<0.01%"
    places = 2 if abs(percent) < 0.1 else 1 if abs(percent) < 10 else 0
    return f"{round(fraction, places + 2) * 100:.{places}f}%"


def signed(fraction: float, decimals: int = 1) -> str:
    """A relative lift as '+8.1%' or '−2.0%'."""
    text = f"{fraction * 100:+.{decimals}f}%"
    return text.replace("-", "−")


def setting(fraction: float) -> str:
    """A control's lift as set: '+10%', '−5%', '0%'."""
    return "0%" if fraction == 0 else f"{fraction * 100:+g}%".replace("-", "−")


def p_value(p: float) -> str:
    """'p = 0.42', 'p = 0.0031', 'p < 0.0001'."""
    return "p < 0.0001" if p < 1e-4 else f"p = {p:.2g}" if p < 0.01 else f"p = {p:.2f}"


def days(n: int) -> str:
    return count(n, "day")


@dataclass(frozen=True)
class Story:
    """What the sentences read: the design, its plan and every reading of the simulations."""

    design: Design
    plan: Plan
    truth: Truth
    aa_fixed: Reading
    aa_peek: Reading
    truth_fixed: Reading
    truth_peek: Reading
    family: Family
    metrics: int
    correction: str
    srm: RatioCheck


def design_sentence(s: Story) -> str:
    d, p = s.design, s.plan
    users = (
        f"{p.n_control:,} users per arm"
        if p.equal_arms
        else (f"{p.n_control:,} users in control and {p.n_treatment:,} in treatment")
    )
    run = f"{days(p.days_needed)} at {d.traffic:,} users a day"
    if p.capped:
        run += f", longer than the {days(p.horizon)} simulated here"
    elif p.horizon > p.days_needed:
        run += f", run for {days(p.horizon)} to cover whole weeks"
    return (
        f"To detect a {d.mde * 100:g}% relative lift on a {d.baseline * 100:g}% baseline with "
        f"{d.power * 100:g}% power at α = {d.alpha * 100:g}%, the test needs {users}: {run}."
    )


def peeking_sentence(s: Story) -> str:
    fixed, peek, h = share(s.aa_fixed.significant), share(s.aa_peek.significant), s.aa_peek.horizon
    if h == 1:
        return f"A one-day test has nothing to peek at: its A/A false-positive rate stays at {fixed}."
    if fixed == peek:
        return f"Peeking daily for {days(h)} leaves the A/A false-positive rate at {fixed}."
    return (
        f"Peeking daily for {days(h)} raised the false-positive rate of an A/A test from {fixed} to {peek}."
    )


def truth_sentence(s: Story) -> str | None:
    if s.truth.is_null:
        return None
    lift = setting(s.truth.lift)
    extra = f" and a novelty lift of {setting(s.truth.novelty)}" if s.truth.novelty else ""
    what = "ships the treatment" if s.truth.lift >= 0 else "ships a treatment that truly hurts"
    return (
        f"With a true long-run lift of {lift}{extra}, the fixed-horizon test {what} in "
        f"{share(s.truth_fixed.ships)} of {N_SIMS:,} simulated experiments; the peeking analyst ships it "
        f"in {share(s.truth_peek.ships)}, stopping on day {s.truth_peek.mean_stop:.1f} on average."
    )


def novelty_sentence(s: Story) -> str | None:
    t = s.truth
    if not t.novelty:
        return None
    return (
        f"A novelty lift of {setting(t.novelty)} that halves every {count(round(t.half_life), 'day')}: "
        f"a one-week test estimates the lift at {signed(s.truth_peek.week_estimate)} against a true "
        f"long-run lift of {setting(t.lift)}, and ships the treatment in {share(s.truth_peek.week_ships)} "
        "of experiments."
    )


def family_sentence(s: Story) -> str:
    fwer, _ = s.family.at(s.metrics)
    if s.metrics == 1:
        return "With one metric there is no family to correct: pre-register it as the primary metric."
    others = "metric" if s.family.primary_moves else "metric (the primary included, as nothing moves)"
    chosen = CORRECTIONS[s.correction]
    start = (
        f"Testing {s.metrics} metrics with no correction, at least one unmoved {others} comes up "
        f"significant in {share(fwer['none'])} of experiments"
    )
    if s.correction == "none":
        return f"{start}; Holm would hold it to {share(fwer['holm'])}."
    held = f"{start}; {chosen.label} holds it to {share(fwer[s.correction])}"
    if s.correction == "bh":
        return f"{held}: it bounds the false discovery rate, not the family-wise error."
    return f"{held}."


def ratio_sentence(s: Story) -> str:
    r = s.srm
    split = f"{r.control:,} control to {r.treatment:,} treatment users"
    test = f"the chi-square check gives {p_value(r.p_value)}"
    if r.flagged:
        return (
            f"The logs hold {split} against a planned {r.planned_share * 100:g}% treatment share: {test}, "
            f"below {SRM_ALPHA:g}, a sample-ratio mismatch. Find the bug before reading any result."
        )
    fires = ""
    if r.lost > 0:
        how = "only " if r.flag_rate < 0.5 else ""
        why = "a small leak hides in a short test" if r.flag_rate < 0.5 else "this run was a lucky miss"
        fires = (
            f" With {r.lost * 100:g}% of treatment users lost, the check fires in {how}"
            f"{share(r.flag_rate)} of simulated runs: {why}."
        )
    return f"The logs hold {split}: {test}, above the {SRM_ALPHA:g} alarm, so no mismatch is flagged.{fires}"


def notice(s: Story) -> tuple[str, ...]:
    """Every sentence that applies, in the page's order."""
    sentences = (
        design_sentence(s),
        peeking_sentence(s),
        truth_sentence(s),
        novelty_sentence(s),
        family_sentence(s),
        ratio_sentence(s),
    )
    return tuple(sentence for sentence in sentences if sentence)
