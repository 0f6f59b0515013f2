"""Durations and days as people say them to "How many days have you had this pain?".

The days question's grammar holds numbers and numbers with a unit; people as often say
"about a week", "two or three days", "a week or more" or "since Monday". The matcher always
read these typed; these are the phrases a recognizer that scores each phrase whole
(Whisper) listens for besides, built from the language file's words.
"""

from __future__ import annotations

from .model import Finding, Language


def rough_durations(lang: Language, finding: Finding) -> list[str]:
    """How people give a duration they are not sure of ("about a week", "two or three
    days", "a week or more", "a couple of months"), in days to years and within the
    finding's range: the amount is read as typed (a range or an open amount is checked
    with the person)."""
    # One word for each count and unit, the first the language lists ("two", not
    # "couple"; "day", not "night").
    counts = dict(sorted({v: w for w, v in reversed(lang.number_words.items())
                          if v in range(1, 13)}.items()))
    units = dict(sorted({days: u for u, days in reversed(lang.duration_units.items())
                         if days >= 1 and f"{u}s" in lang.duration_units}.items()))
    exact: dict[str, float] = {w: v for v, w in counts.items()}
    vague: dict[str, float] = {}
    for days, unit in units.items():
        exact |= {f"a {unit}": days} | {f"{w} {unit if v == 1 else unit + 's'}": v * days
                                        for v, w in counts.items()}
        vague |= {f"a few {unit}s": 3 * days, f"a couple of {unit}s": 2 * days}
    exact = {a: d for a, d in exact.items() if finding.minimum <= d <= finding.maximum}
    vague = {a: d for a, d in vague.items() if finding.minimum <= d <= finding.maximum}
    ranges = [f"{counts[v]} or {counts[v + 1]} {unit}s" for days, unit in units.items()
              for v in counts if v + 1 in counts and (v + 1) * days <= finding.maximum]
    # "About a few days" says nothing "a few days" does not; "more than a few" does.
    # An open amount is read as a day more: none at the finding's maximum.
    opened = [a for a, d in (exact | vague).items() if d < finding.maximum]
    said = [f"{word} {amount}" for word in lang.roughly for amount in exact]
    said += [f"{word} {amount}" for word in lang.more_than for amount in opened]
    said += [f"{amount} {word}" for amount in opened if amount in exact
             for word in lang.or_more]
    return [*vague, *ranges, *said]


def calendar_days(lang: Language) -> list[str]:
    """Days named by the calendar as people say them ("since Monday", "last Friday",
    "over the weekend"): heard, so that the days are asked as yes or no at once. A day
    the language leaves out of the grammar ("~march") is read when typed or in a sentence
    only, and so are "since" and "last" before it."""
    days = [d for d in lang.days_named if d not in lang.grammar_leaves_out]
    one_word = [d for d in days if len(d.split()) == 1]
    return [*days, *(f"since {d}" for d in one_word), *(f"last {d}" for d in one_word)]
