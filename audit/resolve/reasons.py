"""Why records were merged, and the close calls that were not, in the user's words.

Every merge keeps its reasons (``match_reasons``); close calls that were not
merged are listed as possible duplicates for the user to judge.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from audit.resolve.scoring import is_same_company, score_company

if TYPE_CHECKING:  # clusters uses this module's words; the type only names it
    from audit.resolve.clusters import Clusters

# Reasons as the JSON's ``match_reasons`` shows them.
SAME_URL = "same linkedin url"
SAME_EMAIL = "same email"
SAME_PHONE = "same phone"
OVERRIDE_SAME = "override: same"
# Close calls worth showing: the name looks the same (similar name or better).
DUPLICATE_NAME_POINTS = 3.0
MAX_POSSIBLE_DUPLICATES = 500


def explain() -> list[pl.Expr]:
    """``reason`` (the name label and each detail that agrees, "similar name + same
    company"), ``why`` (for a close call: what disagrees, or what little agrees) and
    ``similarity`` (of the names, 0..1)."""
    bday = pl.col("birthday_points")
    agreeing = [
        pl.when(bday >= 2)
        .then(pl.lit("same birthday"))
        .when(bday > 0)
        .then(pl.lit("similar birthday")),
        pl.when(is_same_company())
        .then(pl.lit("same company"))
        .when(pl.col("org_company"))
        .then(pl.lit("email domain matches company"))
        .when(pl.col("same_org"))
        .then(pl.lit("same email domain")),
        _label_place("street", "address", pl.col("house_points") > 0),
        _label_place("post", "postcode"),
        _label_place("city", "city"),
    ]
    disagreeing = [
        pl.when(bday < 0).then(pl.lit("different birthdays")),
        pl.when(pl.col("other_given")).then(pl.lit("different given names")),
        pl.when(pl.col("generation_conflict")).then(pl.lit("different generations (jr., sr.)")),
        pl.when(score_company() < 0).then(pl.lit("different companies")),
    ]
    # Strings joined past their nulls, not lists: list kernels cost 0.05 s at the cap.
    positives = pl.concat_str(agreeing, separator=", ", ignore_nulls=True)
    conflicts = pl.concat_str(disagreeing, separator=", ", ignore_nulls=True)
    why = (
        pl.when(conflicts != "")
        .then(conflicts)
        .when(positives != "")
        .then(pl.lit("only ") + positives)
        .otherwise(pl.lit("nothing else to compare"))
    )
    reason = pl.concat_str([pl.col("name_label"), *agreeing], separator=" + ", ignore_nulls=True)
    return [
        reason.alias("reason"),
        pl.concat_str([pl.col("name_label"), why], separator=", ").alias("why"),
        pl.when(pl.col("name_label") == "same name")
        .then(1.0)
        .otherwise(pl.max_horizontal("full_sim", "back_sim"))
        .round(2)
        .alias("similarity"),
    ]


def _label_place(short: str, word: str, housed: pl.Expr | None = None) -> pl.Expr:
    """ "same <word>" or "similar <word>" as the place agrees; a street without its house
    number is "same street"."""
    near = pl.col(f"{short}_near")
    agrees = pl.col(f"{short}_points") > 0
    if housed is None:
        return (
            pl.when(agrees & ~near)
            .then(pl.lit(f"same {word}"))
            .when(agrees)
            .then(pl.lit(f"similar {word}"))
        )
    return (
        pl.when(agrees & ~near & housed)
        .then(pl.lit("same address"))
        .when(agrees & housed)
        .then(pl.lit("similar address"))
        .when(agrees & ~near)
        .then(pl.lit("same street"))
        .when(agrees)
        .then(pl.lit("similar street"))
    )


def list_possible_duplicates(
    close_calls: list[tuple[int, int, float, str]],
    roots: list[int],
    people: pl.DataFrame,
    clusters: Clusters,
) -> list[dict]:
    """The close calls as pairs of people (not of records), the most alike first, leaving
    out the pairs the user already called different. At most MAX_POSSIBLE_DUPLICATES."""
    if not close_calls:
        return []
    pid_of_root = dict(zip(people["_root"].to_list(), people["person_id"].to_list(), strict=True))
    names = dict(zip(people["person_id"].to_list(), people["name"].to_list(), strict=True))
    best: dict[tuple[str, str], tuple[float, str]] = {}
    for i, j, score, why in sorted(close_calls, key=lambda call: (-call[2], call[0], call[1])):
        ri, rj = roots[i], roots[j]
        if ri == rj or (clusters.sides and clusters.conflict(ri, rj, force=True)):
            continue  # one person after all, or the user's "different"
        a, b = sorted((pid_of_root[ri], pid_of_root[rj]))
        if (a, b) not in best:
            if len(best) == MAX_POSSIBLE_DUPLICATES:
                break  # the rest are no closer than these
            best[(a, b)] = (score, why)
    listed = [
        {"a": a, "b": b, "a_name": names[a], "b_name": names[b], "score": score, "why": why}
        for (a, b), (score, why) in best.items()
    ]
    listed.sort(key=lambda d: (-d["score"], d["a_name"] or "", d["b_name"] or "", d["a"], d["b"]))
    return listed[:MAX_POSSIBLE_DUPLICATES]
