"""The report's view model: every figure the page shows, computed once from the two input dicts.

``build_report_view(document, extras)`` turns the audit's JSON document and the
pipeline's report-only extras into plain dicts and lists that the templates only
lay out: funnel, tier counts and shares, the lists of people to act on (cooling
ties, owed replies, unanswered outreach), connections per year against the share
of them reachable today, give and take, the published numbers to compare with,
data quality, the change since the previous audit and the people table. No
arithmetic is left to the templates beyond scaling a bar to its chart.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta

from audit.schemas import REACHABLE_TIERS, TIERS

TIER_LABELS = {
    "active": "Active",
    "warm": "Warm",
    "dormant": "Dormant",
    "one_way_out": "One-way out",
    "one_way_in": "One-way in",
    "silent": "Silent",
}

AS_OF_SOURCES = {
    "archive name": "the date in the export archive's name",
    "newest entry": "the newest entry in the export",
    "today": "the day the audit ran (the export carried no date)",
    "--as-of": "the date given with --as-of",
}

# The action lists stay short enough to act on; the people table has everyone.
LIST_LIMIT = 25
DETAIL_LIMIT = 50
FILES_PER_REASON = 5
GIVE_PEOPLE_LIMIT = 10
TABLE_OPEN_LIMIT = 1000
TABLE_LINK_LIMIT = 5000

# Published sizes to set the user's numbers against (see the context section's sources).
DUNBAR_LAYERS = (
    (5, "support clique", "the people you would turn to in a crisis"),
    (15, "sympathy group", "close friends"),
    (50, "band", "good friends"),
    (150, "active network", "people you know as people, Dunbar's number"),
)
MARLOW_FRIENDS = 500
MARLOW_TWO_WAY = {"men": 10, "women": 16}


def build_report_view(document: dict, extras: dict) -> dict:
    """Everything the HTML page shows, as plain data (see the module docstring)."""
    settings = document.get("settings") or {}
    as_of = date.fromisoformat(document["as_of"])
    people = document.get("people") or []
    by_id = {p["id"]: p for p in people}
    summary = document.get("summary") or {}
    return {
        "as_of": document["as_of"],
        "as_of_source": document.get("as_of_source"),
        "as_of_source_text": AS_OF_SOURCES.get(document.get("as_of_source"), "unknown"),
        "settings": {
            "active_days": settings.get("active_days"),
            "window_days": settings.get("window_days"),
            "max_group": settings.get("max_group"),
        },
        "redacted": bool(extras.get("redacted")),
        "owner": build_owner_view(extras.get("owner")),
        "has_messages": bool(extras.get("has_messages", True)),
        "inputs": [dict(i) for i in extras.get("inputs") or []],
        "headline": build_headline_view(summary, people),
        "funnel": build_funnel_view(extras.get("funnel") or {}, settings),
        "tiers": build_tiers_view(summary, settings),
        "reconnect": build_reconnect_view(people, as_of, settings.get("window_days", 365)),
        "owed": build_owed_view(people),
        "outreach": build_outreach_view(people),
        "years": build_years_view(people),
        "channels": build_channels_view(document, extras, as_of),
        "gives": build_gives_view(extras.get("gives") or {}, extras.get("give_people"), by_id),
        "context": build_context_view(summary),
        "merges": build_merges_view(extras.get("merges"), extras.get("possible_duplicates")),
        "quality": build_quality_view(document.get("skipped"), document.get("ignored"), extras),
        "changes": build_changes_view(document, extras, by_id),
        "people": [_build_person_row(p) for p in people],
        # Long tables start closed and without profile links: laying out or even parsing tens
        # of thousands of rows and links would keep the page from answering for seconds.
        "people_open": len(people) <= TABLE_OPEN_LIMIT,
        "people_links": len(people) <= TABLE_LINK_LIMIT,
        # A column for the last meeting only when a calendar was read.
        "people_meetings": "meeting" in ((document.get("summary") or {}).get("channels") or {}),
    }


def build_owner_view(owner: dict | None) -> dict:
    owner = owner or {}
    return {
        "name": owner.get("name"),
        "url": owner.get("url"),
        "how": owner.get("how"),
        "emails": list(owner.get("emails") or []),
        "emails_from": list(owner.get("emails_from") or []),
    }


CHANNEL_LABELS = {"linkedin": "LinkedIn messages", "email": "E-mail", "meeting": "Meetings"}
WRITTEN_CHANNELS = ("linkedin", "email")


def build_channels_view(document: dict, extras: dict, as_of: date) -> dict:
    """Where the conversations happen: per channel, what was counted and how many people are
    reachable through it (and through it alone); the people you talk with who are not
    connections; the people you meet but never write to; addresses that stayed one-way."""
    window = (document.get("settings") or {}).get("window_days", 365)
    since = (as_of - timedelta(days=window)).isoformat()
    people = document.get("people") or []
    counted = (document.get("summary") or {}).get("channels") or {}

    def recent(facts: dict) -> bool:
        last = facts.get("last_two_way") or facts.get("last")
        return bool(last) and last >= since

    reach: Counter[str] = Counter()
    reach_connections: Counter[str] = Counter()
    alone: Counter[str] = Counter()
    for p in people:
        channels = p.get("channels")
        if not channels:  # most people at a large size: a list made for nothing
            continue
        through = [c for c, f in channels.items() if recent(f)]
        for c in through:
            reach[c] += 1
            reach_connections[c] += bool(p.get("is_connection"))
        if len(through) == 1:
            alone[through[0]] += 1
    rows = [
        {
            "channel": c,
            "label": CHANNEL_LABELS.get(c, c.capitalize()),
            "counted": n,
            "people": reach[c],
            "connections": reach_connections[c],
            "alone": alone[c],
        }
        for c, n in counted.items()
    ]
    not_connected = [
        p for p in people if not p.get("is_connection") and p.get("tier") in REACHABLE_TIERS
    ]
    met_only = [
        p
        for p in people
        if "meeting" in (p.get("channels") or {})
        and not any(c in WRITTEN_CHANNELS for c in p.get("channels") or {})
    ]
    met_rows = _build_rows_of(met_only)  # each row has its last_meeting
    met_rows.sort(key=lambda r: r["name"] or "")
    met_rows.sort(key=lambda r: r["last_meeting"] or "", reverse=True)
    return {
        "rows": rows,
        "many": len(rows) > 1,
        "not_connected": _take_first_rows(
            _sort_newest_first(not_connected, "last_two_way"), LIST_LIMIT
        ),
        "met_only": _take_first(met_rows, LIST_LIMIT),
        "one_way_addresses": extras.get("one_way_addresses") or 0,
        "name_joins": _take_first([dict(j) for j in extras.get("name_joins") or []], DETAIL_LIMIT),
    }


def build_headline_view(summary: dict, people: list[dict]) -> dict:
    connections = summary.get("connections", 0)
    reachable = summary.get("reachable", 0)
    return {
        "connections": connections,
        "reachable": reachable,
        "people": summary.get("people", len(people)),
        "active": (summary.get("tiers") or {}).get("active", 0),
        "share": _divide(reachable, connections),
        "others": sum(1 for p in people if not p.get("is_connection")),
    }


def build_funnel_view(funnel: dict, settings: dict) -> list[dict]:
    """Each step of the funnel with its bar length as a share of the largest step."""
    window = settings.get("window_days")
    active = settings.get("active_days")
    steps = (
        ("records", "Person records read (connection rows and address-book cards)"),
        ("people", "People, after merging records of the same person"),
        ("connections", "LinkedIn connections"),
        ("ever_messaged", "Connections you have ever exchanged a message with"),
        ("two_way_ever", "… with a two-way exchange, ever"),
        ("two_way_window", f"… with a two-way exchange in the last {window} days (reachable)"),
        ("active", f"… with a two-way exchange in the last {active} days (active)"),
    )
    top = max((funnel.get(key) or 0 for key, _ in steps), default=0)
    return [
        {
            "key": key,
            "label": label,
            "kind": "bar",
            "value": funnel.get(key) or 0,
            "bar": _divide(funnel.get(key) or 0, top),
        }
        for key, label in steps
    ]


def _describe_tiers(settings: dict) -> dict[str, str]:
    a = settings.get("active_days")
    w = settings.get("window_days")
    return {
        "active": f"You both wrote to each other, or met, in the last {a} days.",
        "warm": (
            f"You both wrote to each other, or met, in the last {w} days, but not in the last {a}."
        ),
        "dormant": f"You have written to each other or met, but not in the last {w} days.",
        "one_way_out": "You wrote last and never had a reply: the ball is in their court.",
        "one_way_in": "They wrote to you and you never answered: a reply is owed.",
        "silent": "No message either way.",
    }


def build_tiers_view(summary: dict, settings: dict) -> list[dict]:
    """Connections per tier, with the share of all connections and what the tier means."""
    counts = summary.get("tiers") or {}
    total = summary.get("connections", 0)
    meanings = _describe_tiers(settings)
    rows = []
    offset = 0.0
    for tier in TIERS:
        count = counts.get(tier, 0)
        share = _divide(count, total)
        rows.append(
            {
                "tier": tier,
                "label": TIER_LABELS[tier],
                "meaning": meanings[tier],
                "count": count,
                "share": share,
                # Where this tier's segment starts in the stacked bar.
                "offset": offset,
            }
        )
        offset += share
    return rows


def build_reconnect_view(people: list[dict], as_of: date, window_days: int) -> dict:
    """Two-way ties that are cooling: last exchange between T - 2W and T - W/2, inclusive.

    Most exchanges first, because a long conversation is the easiest one to pick up again;
    ties broken by the newer exchange, then by name.
    """
    newest = as_of - timedelta(days=window_days // 2)
    oldest = as_of - timedelta(days=2 * window_days)
    cooling = [
        p
        for p in people
        if p.get("last_two_way") and oldest.isoformat() <= p["last_two_way"] <= newest.isoformat()
    ]
    cooling.sort(key=lambda p: p["name"] or "")
    cooling.sort(key=lambda p: p["last_two_way"], reverse=True)
    cooling.sort(key=_count_exchanges, reverse=True)
    return _take_first_rows(cooling, LIST_LIMIT) | {
        "newest": newest.isoformat(),
        "oldest": oldest.isoformat(),
    }


def build_owed_view(people: list[dict]) -> dict:
    """Connections who wrote and were never answered, the most recent first."""
    owed = [p for p in people if p.get("tier") == "one_way_in" and p.get("is_connection")]
    return _take_first_rows(_sort_newest_first(owed, "last_in"), LIST_LIMIT)


def build_outreach_view(people: list[dict]) -> dict:
    """People the owner wrote to who never answered, the most recent first."""
    waiting = [p for p in people if p.get("tier") == "one_way_out"]
    return _take_first_rows(_sort_newest_first(waiting, "last_out"), LIST_LIMIT)


def build_years_view(people: list[dict]) -> dict:
    """Connections added per year and the share of each year's connections reachable today.

    Years between the first and the last with no new connection are kept (share None) so
    the chart's axis has no holes.
    """
    unknown = 0
    # Dates first, years from each distinct date: thousands of people share a day.
    dates = []
    reachable_dates = []
    for p in people:
        if not p.get("is_connection"):
            continue
        connected_on = p.get("connected_on")
        if not connected_on:
            unknown += 1
            continue
        dates.append(connected_on)
        if p.get("tier") in REACHABLE_TIERS:
            reachable_dates.append(connected_on)
    added: Counter[int] = Counter()
    reachable: Counter[int] = Counter()
    for counts, days in ((added, dates), (reachable, reachable_dates)):
        for day, n in Counter(days).items():
            counts[int(day[:4])] += n
    rows = []
    if added:
        for year in range(min(added), max(added) + 1):
            n = added[year]
            rows.append(
                {
                    "year": year,
                    "connections": n,
                    "reachable": reachable[year],
                    "share": reachable[year] / n if n else None,
                }
            )
    return {"rows": rows, "unknown": unknown, "max": max(added.values(), default=0)}


def build_gives_view(gives: dict, give_people: list[dict] | None, by_id: dict) -> dict:
    """Recommendations and endorsements both ways, and the people they went to or came from."""
    keys = (
        ("recommendations_given", "Recommendations you gave", "given"),
        ("recommendations_received", "Recommendations you received", "received"),
        ("endorsements_given", "Endorsements you gave", "given"),
        ("endorsements_received", "Endorsements you received", "received"),
    )
    top = max((gives.get(k) or 0 for k, _, _ in keys), default=0)
    bars = [
        {
            "key": k,
            "label": label,
            "kind": way,
            "value": gives.get(k) or 0,
            "bar": _divide(gives.get(k) or 0, top),
        }
        for k, label, way in keys
    ]
    rows = []
    for entry in give_people or []:
        person = by_id.get(entry.get("id"), {})
        rows.append(
            {
                "id": entry.get("id"),
                "name": person.get("name"),
                "tier": person.get("tier"),
                "tier_label": TIER_LABELS.get(person.get("tier"), ""),
                "given": entry.get("given", 0),
                "received": entry.get("received", 0),
            }
        )
    rows.sort(key=lambda r: r["name"] or "")
    rows.sort(key=lambda r: r["given"] + r["received"], reverse=True)
    return {
        "bars": bars,
        "given": sum(gives.get(k) or 0 for k, _, way in keys if way == "given"),
        "received": sum(gives.get(k) or 0 for k, _, way in keys if way == "received"),
        "people": _take_first(rows, GIVE_PEOPLE_LIMIT),
    }


def build_context_view(summary: dict) -> dict:
    """The user's active and reachable counts beside Dunbar's layers and Marlow's figures."""
    connections = summary.get("connections", 0)
    tiers = summary.get("tiers") or {}
    active = tiers.get("active", 0)
    reachable = summary.get("reachable", 0)
    scaled = {
        sex: _round_estimate(connections * n / MARLOW_FRIENDS) for sex, n in MARLOW_TWO_WAY.items()
    }
    bars = [
        {"label": "Your active ties", "value": active, "kind": "yours"},
        {"label": "Your reachable ties", "value": reachable, "kind": "yours"},
    ]
    bars += [
        {"label": f"Dunbar: {name}", "value": size, "kind": "dunbar"}
        for size, name, _ in DUNBAR_LAYERS
    ]
    bars += [
        {
            "label": f"Facebook 2009, {sex}: two-way of {MARLOW_FRIENDS} friends",
            "value": n,
            "kind": "marlow",
        }
        for sex, n in MARLOW_TWO_WAY.items()
    ]
    top = max(b["value"] for b in bars)
    for b in bars:
        b["bar"] = _divide(b["value"], top)
    return {
        "active": active,
        "reachable": reachable,
        "connections": connections,
        "dunbar": [{"size": s, "name": n, "meaning": m} for s, n, m in DUNBAR_LAYERS],
        "marlow": {"friends": MARLOW_FRIENDS, **MARLOW_TWO_WAY},
        "marlow_scaled": scaled,
        "bars": bars,
    }


def build_merges_view(merges: list[dict] | None, possible: list[dict] | None) -> dict:
    return {
        "merged": _take_first([dict(m) for m in merges or []], DETAIL_LIMIT),
        "records_merged": sum(m.get("records", 0) for m in merges or []),
        "possible": _take_first([dict(d) for d in possible or []], DETAIL_LIMIT),
    }


# What one ignored row of a channel is, in the report's words.
IGNORED_UNITS = {
    "linkedin": ("LinkedIn message row", "LinkedIn message rows"),
    "email": ("e-mail", "e-mails"),
    "meeting": ("meeting", "meetings"),
}


def build_quality_view(skipped: list[dict] | None, ignored: dict | None, extras: dict) -> dict:
    """Skipped records grouped by reason, and what was ignored by rule, per channel."""
    counts: Counter[str] = Counter()
    files: dict[str, set[str]] = defaultdict(set)
    for entry in skipped or []:
        reason = entry.get("reason") or "no reason given"
        counts[reason] += 1
        files[reason].add(entry.get("file") or "")
    reasons = []
    for reason, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        names = sorted(files[reason])
        reasons.append(
            {
                "reason": reason,
                "count": count,
                "files": names[:FILES_PER_REASON],
                "more_files": max(0, len(names) - FILES_PER_REASON),
            }
        )
    ignored_rows = [
        {
            "channel": channel,
            "unit": IGNORED_UNITS.get(channel, (f"{channel} row", f"{channel} rows"))[count != 1],
            "kind": reason,
            "count": count,
        }
        for channel, reasons in (ignored or {}).items()
        for reason, count in reasons.items()
    ]
    ignored_files = extras.get("ignored_files") or []
    return {
        "skipped": reasons,
        "skipped_total": sum(counts.values()),
        "unnamed_connections": extras.get("unnamed_connections") or 0,
        "ignored_rows": ignored_rows,
        "ignored_rows_total": sum(r["count"] for r in ignored_rows),
        "shared_names": extras.get("shared_names") or 0,
        "ignored_files": len(ignored_files),
        "ignored_file_names": sorted(ignored_files),
    }


def build_changes_view(document: dict, extras: dict, by_id: dict) -> dict:
    """The comparison with the previous audit, the trend over all audits, and who moved."""
    previous = document.get("previous")
    changes = document.get("changes")
    summary = document.get("summary") or {}
    trend = [dict(t) for t in extras.get("trend") or []]
    view = {"previous": None, "counts": None, "tiers": [], "trend": trend, "people": []}
    if previous:
        before = previous.get("summary") or {}
        view["previous"] = {
            "as_of": previous.get("as_of"),
            "connections": before.get("connections"),
            "reachable": before.get("reachable"),
        }
        view["tiers"] = [
            {
                "tier": tier,
                "label": TIER_LABELS[tier],
                "before": (before.get("tiers") or {}).get(tier, 0),
                "now": (summary.get("tiers") or {}).get(tier, 0),
            }
            for tier in TIERS
        ]
        for row in view["tiers"]:
            row["delta"] = row["now"] - row["before"]
    if changes:
        view["counts"] = dict(changes)
    view["trend_max"] = max((t.get("connections", 0) for t in trend), default=0)
    view["trend_reachable_max"] = max((t.get("reachable", 0) for t in trend), default=0)
    moved = extras.get("change_people") or {}
    groups = (
        ("new", "New connections"),
        ("warmed", "Warmed: reachable now, not before"),
        ("cooled", "Cooled: reachable before, not now"),
    )
    for key, label in groups:
        names = [_find_name(pid, by_id) for pid in moved.get(key) or []]
        view["people"].append({"key": key, "label": label} | _take_first(names, DETAIL_LIMIT))
    removed = list(moved.get("removed") or [])
    view["people"].append(
        {"key": "removed", "label": "Removed connections"} | _take_first(removed, DETAIL_LIMIT)
    )
    return view


def _build_person_row(person: dict) -> dict:
    return {
        "id": person.get("id"),
        "name": person.get("name") or "(no name)",
        "url": _keep_web_url(person.get("linkedin_url")),
        "tier": person.get("tier"),
        "tier_label": TIER_LABELS.get(person.get("tier"), person.get("tier") or ""),
        "is_connection": bool(person.get("is_connection")),
        "company": person.get("company"),
        "position": person.get("position"),
        "connected_on": person.get("connected_on"),
        "last_two_way": person.get("last_two_way"),
        "last_in": person.get("last_in"),
        "last_out": person.get("last_out"),
        "messages_in": person.get("messages_in") or 0,
        "messages_out": person.get("messages_out") or 0,
        "exchanges": _count_exchanges(person),
        "channels": [CHANNEL_LABELS.get(c, c.capitalize()) for c in person.get("channels") or {}],
        "last_meeting": ((person.get("channels") or {}).get("meeting") or {}).get("last"),
    }


def _build_rows_of(people: list[dict]) -> list[dict]:
    return [_build_person_row(p) for p in people]


def _keep_web_url(url: str | None) -> str | None:
    """Only http(s) URLs become links: a ``javascript:`` URL in an input must not run on click."""
    if url and url.strip().lower().startswith(("https://", "http://")):
        return url
    return None


def _find_name(person_id: str, by_id: dict) -> str:
    person = by_id.get(person_id)
    return person["name"] if person and person.get("name") else person_id


def _count_exchanges(person: dict) -> int:
    return (person.get("messages_in") or 0) + (person.get("messages_out") or 0)


def _sort_newest_first(people: list[dict], key: str) -> list[dict]:
    ordered = sorted(people, key=lambda p: p.get("name") or "")
    return sorted(ordered, key=lambda p: p.get(key) or "", reverse=True)


def _take_first(items: list, limit: int) -> dict:
    """The first ``limit`` items, and how many there were in all."""
    return {"rows": items[:limit], "total": len(items), "more": max(0, len(items) - limit)}


def _take_first_rows(people: list[dict], limit: int) -> dict:
    """``_take_first`` of the people's rows, built only for the people shown."""
    first = _take_first(people, limit)
    first["rows"] = _build_rows_of(first["rows"])
    return first


def _round_estimate(value: float) -> float | int:
    """Whole people for a real network; one decimal when it is so small that 0 would mislead."""
    return round(value) if value >= 10 else round(value, 1)


def _divide(part: float, whole: float) -> float:
    return part / whole if whole else 0.0
