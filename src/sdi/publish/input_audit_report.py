"""The reproduction report's section "Are the inputs right?" (sdi.reproduction.input_audit's findings) as
Markdown in English or Kazakh, every word from the catalogue (`input_audit.*`)."""

from collections.abc import Mapping
from decimal import Decimal

from sdi.method.methods import METHODS
from sdi.publish.catalogue import entries, number
from sdi.publish.memo import printed_decimals
from sdi.reproduction.input_audit import PLATFORM_COMMIT, InputAudit

PREFIX = "input_audit."


def printed(value, language):
    """A value as one of the two sources prints it ('7.00', '-1.8'): its digits, with the decimal comma in
    Kazakh."""
    return number(float(str(value)), language, printed_decimals(value))


def words(language):
    """The section's words in `language`: {key: text}, and {key: {name: text}} for the index, level and method
    names (entries `input_audit.<key>.<name>`)."""
    found = {}
    for key, entry in entries().items():
        if key.startswith(PREFIX):
            head, _, name = key.removeprefix(PREFIX).partition(".")
            if name:
                found.setdefault(head, {})[name] = entry[language]
            else:
                found[head] = entry[language]
    return found


def section(
    audit: InputAudit,
    region_names: Mapping[str, str],
    *,
    indicator_names: Mapping[str, str] | None = None,
    language: str = "en",
) -> list[str]:
    """The report's section "Are the inputs right?" as Markdown lines in `language` (`en`, `kk`); `region_names`
    and `indicator_names` ({region_id or code: name}) in that language."""
    t = words(language)
    table = audit.indicators
    lines = [
        f"## {t['title']}",
        "",
        t["intro"].format(mapped=len(table), coded=audit.coded, commit=PLATFORM_COMMIT, no_series=audit.no_series),
        "",
        t["counts"].format(
            year=audit.year,
            equal=int(table["equal"].sum()),
            differs=int(table["differs"].sum()),
            not_published=int(table["not_published"].sum()),
            twice=int(table["published_twice"].sum()),
            raw_blank=int(table["raw_blank"].sum()),
        ),
        "",
        t["table_head"],
        t["table_rule"],
    ]
    for r in table.itertuples(index=False):
        compared = r.equal + r.differs
        if compared == 0:
            verdict = t["nothing"].format(year=audit.year)
        elif r.differs:
            verdict = t["differs_some"].format(
                n=r.differs, compared=compared, largest=printed(r.largest_difference, language)
            )
        else:
            verdict = t["equal_all"].format(n=compared)
        related = t["related"] if r.relation == "related" else ""
        lines.append(
            f"| {r.indicator} | {r.platform_file} | {r.equal} | {r.differs} | {r.not_published} | {verdict}{related} |"
        )
    lines.append("")
    same = table[(table["relation"] == "same") & (table["differs"] > 0)]
    if audit.consequence.empty:
        lines.append(t["consequence_none"])
    else:
        lines.append(
            t["consequence_head"].format(n=int(same["differs"].sum()), indicators=", ".join(same["indicator"]))
        )
        lines.append("")
        for method in METHODS:
            own = audit.consequence[audit.consequence["method"] == method]
            moved = own[(own["rank_change"] != 0) | (own["raw_level"] != own["platform_level"])]
            name = t["method_names"][method]
            if moved.empty:
                lines.append(f"- {t['no_moves'].format(method=name)}")
            elif (own["raw_level"] == own["platform_level"]).all():
                lines.append(f"- {t['no_level_moves'].format(method=name)}")
            for r in moved.itertuples(index=False):
                where = {"method": name, "index": t["index_names"][r.index], "region": region_names[r.region_id]}
                if r.rank_change:
                    lines.append(f"- {t['moves'].format(**where, old=r.raw_rank, new=r.platform_rank)}")
                if r.raw_level != r.platform_level:
                    old, new = t["level_names"][r.raw_level], t["level_names"][r.platform_level]
                    lines.append(f"- {t['level_moves'].format(**where, old=old, new=new)}")
    if not same.empty:
        lines += ["", t["check_head"], ""]
        for r in same.itertuples(index=False):
            own = audit.values[(audit.values["indicator"] == r.indicator) & (audit.values["status"] == "differs")]
            worst = own.loc[own["difference"].map(lambda d: abs(Decimal(d))).idxmax()]
            name = (indicator_names or {}).get(r.indicator, r.indicator)
            line = t["check_line"].format(
                indicator=r.indicator,
                name=name,
                n=r.differs,
                compared=r.equal + r.differs,
                region=region_names[worst["region_id"]],
                raw=printed(worst["raw"], language),
                platform=printed(worst["platform"], language),
            )
            lines.append(f"- {line}")
    related = table[(table["relation"] == "related") & (table["differs"] > 0)]
    if not related.empty:
        lines += ["", t["related_note"].format(indicators=", ".join(related["indicator"]))]
    lines += ["", t["files"]]
    return lines
