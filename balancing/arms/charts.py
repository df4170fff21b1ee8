"""Interactive chart builders for chapters 2 and 3 (arms-transfer data).

Every builder takes a small frame from :mod:`balancing.arms.queries` and
returns an altair chart whose controls (a brush, a drop-down list, radio
buttons, a clickable legend) run in the browser, so they work on the static
book page without a kernel. Every mouse interaction has a keyboard equivalent
among the form controls under the chart (WCAG 2.1.1): sliders for the years a
brush selects, a drop-down list for the series a legend highlights. Every chart
has a title, SIPRI's credit line and a text alternative (``description``)
written from the data by a ``describe_*`` function (:mod:`balancing.viz`); the
text alternative describes the chart as first drawn and names its controls.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from balancing.arms.queries import (
    FLAG_STATES,
    OTHER_PARTNERS,
    SOURCE_NAMES,
    first_year_exports_exceed_imports,
    source_gaps,
)
from balancing.viz import chart_title, require_columns, year_sliders

SIPRI_AT_CREDIT = (
    "Information from the SIPRI Arms Transfers Database, "
    "https://www.sipri.org/databases/armstransfers"
)
TIV_AXIS_TITLE = "SIPRI TIV (millions; a volume measure, not money)"

#: Colours for imports and exports, distinguishable with common colour-vision deficiencies.
FLOW_COLOURS = {"Imports": "#0072B2", "Exports": "#D55E00"}

#: Width in pixels of charts that are concatenated (``"container"`` cannot be used there).
CONCAT_WIDTH = 440

#: Colours for the flag states of :func:`estimate_flags_chart` (Okabe-Ito palette).
FLAG_COLOURS = dict(zip(FLAG_STATES, ("#E69F00", "#56B4E9", "#999999"), strict=True))

#: Colours for the two sources of :func:`sources_compared_chart`.
SOURCE_COLOURS = dict(zip(SOURCE_NAMES, ("#0072B2", "#D55E00"), strict=True))

#: Colour of the highlighted country in :func:`suppliers_by_period_chart`, and of the others.
HIGHLIGHT_COLOURS = ("#D55E00", "#0072B2")

_ROLE_WORDS = {
    "recipient": ("imports", "supplier", "suppliers"),
    "supplier": ("exports", "recipient", "recipients"),
}


def _role_words(role: str) -> tuple[str, str, str]:
    if role not in _ROLE_WORDS:
        raise ValueError(f"role must be 'supplier' or 'recipient', got {role!r}")
    return _ROLE_WORDS[role]


def _percent(share: float) -> str:
    return f"{share:.0%}"


def _list_words(items: Sequence[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


#: The option of a highlight drop-down list that highlights no series in particular.
HIGHLIGHT_NONE = "All"


def _legend_highlight(
    field: str, series: Sequence[str], label: str
) -> tuple[alt.Parameter, alt.Parameter, alt.PredicateComposition]:
    """Return a legend selection, its keyboard equivalent, and the test both apply.

    Parameters
    ----------
    field : str
        The column the chart colours by (one series per value).
    series : sequence of str
        The values of ``field``, in the legend's order.
    label : str
        The drop-down list's label.

    Returns
    -------
    tuple
        A point selection bound to the legend (click an entry to highlight that
        series), a parameter bound to a drop-down list (``HIGHLIGHT_NONE`` or one
        series), and the predicate a mark passes when both keep it highlighted.
    """
    legend = alt.selection_point(fields=[field], bind="legend")
    pick = alt.param(
        name=f"{field}_highlight",
        value=HIGHLIGHT_NONE,
        bind=alt.binding_select(options=[HIGHLIGHT_NONE, *series], name=label),
    )
    picked = f"{pick.name} == '{HIGHLIGHT_NONE}' || datum.{field} == {pick.name}"
    return legend, pick, alt.PredicateComposition({"and": [{"param": legend.name}, picked]})


# --- partners: brush a time range -------------------------------------------------


def describe_partners(partner_years: pd.DataFrame, country: str, role: str) -> str:
    """Write the text alternative of :func:`partners_chart` from the data.

    Parameters
    ----------
    partner_years : pandas.DataFrame
        Output of :func:`balancing.arms.queries.partners_by_year`.
    country : str
        The country shown.
    role : {"supplier", "recipient"}
        The role passed to the query.

    Returns
    -------
    str
        What the chart shows, its three largest named partners with their
        shares, and how to use the brush.
    """
    require_columns(partner_years, ["year", "partner", "tiv"], "describe_partners")
    flow, _, partners = _role_words(role)
    totals = partner_years.groupby("partner")["tiv"].sum()
    shares = (totals / totals.sum()).drop(OTHER_PARTNERS, errors="ignore")
    shares = shares.sort_values(ascending=False, kind="stable").head(3)
    first, last = int(partner_years["year"].min()), int(partner_years["year"].max())
    named = _list_words([f"{p} ({_percent(s)})" for p, s in shares.items()])
    return (
        f"Two linked bar charts of {country}'s recorded arms {flow} by {partners[:-1]}, "
        f"{first}-{last}, in SIPRI trend-indicator values. The upper chart stacks each "
        f"year's {flow} by {partners[:-1]}; the lower chart ranks the {partners} over "
        f"the selected years. Over the whole period the largest {partners} are {named} "
        f"of the total. Drag across the upper chart, or set the first and last year with "
        f"the two sliders below the charts, to choose the years ranked; double-click the "
        f"upper chart to clear a dragged selection."
    )


def partners_chart(partner_years: pd.DataFrame, country: str, role: str) -> alt.VConcatChart:
    """Stacked yearly bars by partner, linked to a ranking of partners in a brushed range.

    Parameters
    ----------
    partner_years : pandas.DataFrame
        Output of :func:`balancing.arms.queries.partners_by_year` (columns
        ``year``, ``partner``, ``tiv``; already aggregated).
    country : str
        The country's name, for the title.
    role : {"supplier", "recipient"}
        ``"recipient"`` if the frame breaks down imports, ``"supplier"`` if exports.

    Returns
    -------
    altair.VConcatChart
        Drag across the upper chart (mouse), or set the first and last year with
        two sliders (keyboard), to choose years; the lower chart ranks the partners
        for the years both choose, and the upper chart fades the years the sliders
        leave out.
    """
    require_columns(partner_years, ["year", "partner", "tiv"], "partners_chart")
    flow, partner_word, _ = _role_words(role)
    brush = alt.selection_interval(encodings=["x"], name="years")
    years = [int(partner_years["year"].min()), int(partner_years["year"].max())]
    first_year, last_year = year_sliders(years)
    in_chosen_years = (
        f"datum.year >= min({first_year.name}, {last_year.name}) && "
        f"datum.year <= max({first_year.name}, {last_year.name})"
    )
    order = (
        partner_years.groupby("partner")["tiv"].sum().sort_values(ascending=False).index.tolist()
    )
    order = [p for p in order if p != OTHER_PARTNERS] + (
        [OTHER_PARTNERS] if OTHER_PARTNERS in order else []
    )
    colour = alt.Color(
        "partner:N",
        title=partner_word.capitalize(),
        scale=alt.Scale(domain=order, scheme="tableau10"),
        sort=order,
    )
    base = alt.Chart(partner_years)
    timeline = (
        base.mark_bar(size=14)
        .encode(
            x=alt.X(
                "year:Q",
                title="Year of delivery",
                axis=alt.Axis(format="d"),
                scale=alt.Scale(domain=years, nice=False, padding=10),
            ),
            y=alt.Y("sum(tiv):Q", title=TIV_AXIS_TITLE),
            color=colour,
            opacity=alt.condition(in_chosen_years, alt.value(1.0), alt.value(0.25)),
            order=alt.Order("partner:N"),
            tooltip=[
                alt.Tooltip("year:Q", title="Year", format="d"),
                alt.Tooltip("partner:N", title=partner_word.capitalize()),
                alt.Tooltip("tiv:Q", title="TIV (millions)", format=",.0f"),
            ],
        )
        .add_params(brush)
        .properties(width=CONCAT_WIDTH, height=220)
    )
    ranking = (
        base.transform_filter(brush)
        .transform_filter(in_chosen_years)
        .mark_bar()
        .encode(
            x=alt.X("sum(tiv):Q", title="TIV (millions) in the selected years"),
            y=alt.Y("partner:N", title=None, sort="-x"),
            color=colour,
            tooltip=[
                alt.Tooltip("partner:N", title=partner_word.capitalize()),
                alt.Tooltip("sum(tiv):Q", title="TIV (millions)", format=",.0f"),
            ],
        )
        .properties(width=CONCAT_WIDTH, height=220)
    )
    return alt.vconcat(
        timeline,
        ranking,
        description=describe_partners(partner_years, country, role),
        title=chart_title(f"{country}'s arms {flow} by {partner_word}", SIPRI_AT_CREDIT),
    ).add_params(first_year, last_year)


# --- weapon timeline: pick a weapon -----------------------------------------------


def describe_weapon_timeline(deliveries: pd.DataFrame) -> str:
    """Write the text alternative of :func:`weapon_timeline_chart` from the data.

    Parameters
    ----------
    deliveries : pandas.DataFrame
        Output of :func:`balancing.arms.queries.deliveries_of`.

    Returns
    -------
    str
        For each designation: recipients, years, and the largest recipient.
    """
    require_columns(
        deliveries, ["designation", "recipient", "year", "number"], "describe_weapon_timeline"
    )
    designations = list(dict.fromkeys(deliveries["designation"]))
    parts = [
        f"Dot chart of recorded deliveries of {_list_words(designations)} by recipient and "
        "year; dot size shows the number delivered, hollow dots SIPRI's estimates."
    ]
    for designation in designations:
        rows = deliveries[deliveries["designation"] == designation]
        units = rows.groupby("recipient")["number"].sum().sort_values(ascending=False)
        parts.append(
            f"{designation}: {rows['recipient'].nunique()} recipients, deliveries "
            f"{int(rows['year'].min())}-{int(rows['year'].max())}, {int(units.sum())} units "
            f"in all; most to {units.index[0]} ({int(units.iloc[0])})."
        )
    parts.append(
        f"The drop-down list below the chart shows one weapon at a time, first {designations[0]}."
    )
    return " ".join(parts)


def weapon_timeline_chart(deliveries: pd.DataFrame, supplier: str) -> alt.Chart:
    """Recipients of one or more weapon systems by year, one weapon at a time.

    Parameters
    ----------
    deliveries : pandas.DataFrame
        Output of :func:`balancing.arms.queries.deliveries_of`.
    supplier : str
        The supplier's name, for the title.

    Returns
    -------
    altair.Chart
        A dot per recipient and year (size: units delivered; hollow:
        estimated number) and a drop-down list to pick the weapon.
    """
    columns = ["designation", "recipient", "year", "number", "number_is_estimate", "tiv"]
    require_columns(deliveries, columns, "weapon_timeline_chart")
    designations = list(dict.fromkeys(deliveries["designation"]))
    data = deliveries[columns].assign(
        estimate=deliveries["number_is_estimate"]
        .map({True: "Estimate", False: "Not an estimate"})
        .fillna("Flag left empty")
        .astype(str)
    )
    pick = alt.param(
        name="weapon",
        value=designations[0],
        bind=alt.binding_select(options=designations, name="Weapon: "),
    )
    return (
        alt.Chart(data, description=describe_weapon_timeline(deliveries))
        .mark_point(filled=False, strokeWidth=2, color="#0072B2")
        .encode(
            x=alt.X(
                "year:O",
                title="Year of delivery",
                scale=alt.Scale(domain=list(range(int(data.year.min()), int(data.year.max()) + 1))),
            ),
            y=alt.Y("recipient:N", title=None, sort=alt.EncodingSortField("year", op="min")),
            size=alt.Size(
                "number:Q", title="Units delivered", scale=alt.Scale(range=[40, 600], zero=False)
            ),
            fill=alt.condition(
                "datum.estimate == 'Not an estimate'", alt.value("#0072B2"), alt.value("white")
            ),
            tooltip=[
                alt.Tooltip("designation:N", title="Weapon"),
                alt.Tooltip("recipient:N", title="Recipient"),
                alt.Tooltip("year:O", title="Year"),
                alt.Tooltip("number:Q", title="Units delivered"),
                alt.Tooltip("estimate:N", title="Number is"),
                alt.Tooltip("tiv:Q", title="TIV (millions)", format=",.1f"),
            ],
        )
        .add_params(pick)
        .transform_filter(alt.datum.designation == pick)
        .properties(
            width="container",
            height=alt.Step(16),
            title=chart_title(f"Who received {supplier}'s drones, and when", SIPRI_AT_CREDIT),
        )
    )


# --- suppliers in two periods: choose a period -----------------------------------


def _top_per_period(periods: pd.DataFrame, top: int, highlight: str | None) -> pd.DataFrame:
    keep = periods["rank"] <= top
    if highlight is not None:
        keep |= periods["supplier"] == highlight
    return periods[keep]


def describe_suppliers_by_period(
    periods: pd.DataFrame, recipient: str, highlight: str | None = None
) -> str:
    """Write the text alternative of :func:`suppliers_by_period_chart` from the data.

    Parameters
    ----------
    periods : pandas.DataFrame
        Output of :func:`balancing.arms.queries.suppliers_in_periods`.
    recipient : str
        The importing country.
    highlight : str, optional
        The supplier picked out in colour.

    Returns
    -------
    str
        For each period: the three largest suppliers and their shares, and
        the highlighted supplier's rank and share.
    """
    require_columns(periods, ["period", "supplier", "tiv", "share", "rank"], "describe_suppliers")
    labels = list(dict.fromkeys(periods["period"]))
    parts = [
        f"Bar chart of {recipient}'s arms suppliers by TIV delivered, one period at a time "
        f"(radio buttons below the chart; first shown: {labels[0]})."
    ]
    for label in labels:
        rows = periods[periods["period"] == label].sort_values("rank", kind="stable")
        leaders = _list_words(
            [
                f"{s} ({_percent(sh)})"
                for s, sh in zip(rows.supplier.head(3), rows.share.head(3), strict=True)
            ]
        )
        text = f"In {label} the largest suppliers are {leaders}."
        if highlight is not None:
            own = rows[rows["supplier"] == highlight]
            text += (
                f" {highlight} ranks {int(own['rank'].iloc[0])} of {len(rows)} "
                f"with {_percent(own['share'].iloc[0])}."
                if len(own)
                else f" {highlight} delivered nothing recorded."
            )
        parts.append(text)
    return " ".join(parts)


def suppliers_by_period_chart(
    periods: pd.DataFrame, recipient: str, highlight: str | None = None, top: int = 10
) -> alt.Chart:
    """Ranked bars of a country's suppliers, with radio buttons to switch period.

    Parameters
    ----------
    periods : pandas.DataFrame
        Output of :func:`balancing.arms.queries.suppliers_in_periods`.
    recipient : str
        The importing country, for the title.
    highlight : str, optional
        A supplier drawn in a contrasting colour and always shown, even
        outside the ``top``.
    top : int
        How many suppliers to show per period.

    Returns
    -------
    altair.Chart
        One period at a time; bars labelled with the supplier's share.
    """
    require_columns(
        periods, ["period", "supplier", "tiv", "share", "rank"], "suppliers_by_period_chart"
    )
    labels = list(dict.fromkeys(periods["period"]))
    data = _top_per_period(periods, top, highlight)
    pick = alt.param(
        name="period",
        value=labels[0],
        bind=alt.binding_radio(options=labels, name="Period: "),
    )
    is_highlight = alt.datum.supplier == (highlight or "")
    base = (
        alt.Chart(data)
        .add_params(pick)
        .transform_filter(alt.datum.period == pick)
        .encode(y=alt.Y("supplier:N", title=None, sort="-x"))
    )
    bars = base.mark_bar().encode(
        x=alt.X("tiv:Q", title=TIV_AXIS_TITLE),
        color=alt.condition(
            is_highlight, alt.value(HIGHLIGHT_COLOURS[0]), alt.value(HIGHLIGHT_COLOURS[1])
        ),
        tooltip=[
            alt.Tooltip("supplier:N", title="Supplier"),
            alt.Tooltip("period:N", title="Period"),
            alt.Tooltip("tiv:Q", title="TIV (millions)", format=",.1f"),
            alt.Tooltip("share:Q", title="Share of the period", format=".1%"),
            alt.Tooltip("rank:Q", title="Rank"),
        ],
    )
    labels_layer = base.mark_text(align="left", dx=3).encode(
        x="tiv:Q", text=alt.Text("share:Q", format=".0%")
    )
    return alt.layer(
        bars,
        labels_layer,
        description=describe_suppliers_by_period(periods, recipient, highlight),
    ).properties(
        width="container",
        height=alt.Step(20),
        title=chart_title(f"Who armed {recipient}: suppliers by period", SIPRI_AT_CREDIT),
    )


# --- supplier trends: yearly or moving sum ----------------------------------------


def describe_supplier_trends(trends: pd.DataFrame, window: int = 5) -> str:
    """Write the text alternative of :func:`supplier_trends_chart` from the data.

    Parameters
    ----------
    trends : pandas.DataFrame
        Output of :func:`balancing.arms.queries.supplier_trends`.
    window : int
        The moving-sum window the query used.

    Returns
    -------
    str
        For each supplier: the peak of its moving sum and its last value.
    """
    require_columns(
        trends, ["supplier", "year", "tiv", "tiv_moving_sum"], "describe_supplier_trends"
    )
    suppliers = list(dict.fromkeys(trends["supplier"]))
    first, last = int(trends["year"].min()), int(trends["year"].max())
    parts = [
        f"Line chart of the recorded arms exports of {_list_words(suppliers)}, {first}-{last}, "
        f"as {window}-year moving sums of SIPRI trend-indicator values (radio buttons switch "
        "to yearly values; a drop-down list, or a click on a legend entry, highlights a "
        "supplier)."
    ]
    for supplier in suppliers:
        series = trends[trends["supplier"] == supplier].set_index("year")["tiv_moving_sum"]
        series = series.dropna()
        latest = f"{series.iloc[-1]:,.0f} million TIV in the {window} years to {series.index[-1]}"
        parts.append(
            f"{supplier}: {latest}, its highest."
            if series.idxmax() == series.index[-1]
            else f"{supplier}: peak {series.max():,.0f} million TIV in the {window} years to "
            f"{series.idxmax()}; {latest}."
        )
    return " ".join(parts)


def supplier_trends_chart(trends: pd.DataFrame, window: int = 5) -> alt.Chart:
    """Draw the exports of several suppliers, as yearly values or as moving sums.

    Parameters
    ----------
    trends : pandas.DataFrame
        Output of :func:`balancing.arms.queries.supplier_trends`.
    window : int
        The moving-sum window the query used, for the labels.

    Returns
    -------
    altair.Chart
        Lines per supplier; radio buttons switch between the moving sum
        (shown first) and yearly values; a drop-down list (keyboard) and the
        legend (mouse) highlight a supplier.
    """
    require_columns(trends, ["supplier", "year", "tiv", "tiv_moving_sum"], "supplier_trends_chart")
    moving = f"{window}-year moving sum"
    data = trends[["supplier", "year", "tiv", "tiv_moving_sum"]].rename(
        columns={"tiv": "Yearly", "tiv_moving_sum": moving}
    )
    measure = alt.param(
        name="measure",
        value=moving,
        bind=alt.binding_radio(options=[moving, "Yearly"], name="Show: "),
    )
    suppliers = list(dict.fromkeys(trends["supplier"]))
    legend, pick, highlighted = _legend_highlight("supplier", suppliers, "Highlight: ")
    return (
        alt.Chart(data, description=describe_supplier_trends(trends, window))
        .transform_fold([moving, "Yearly"], as_=["measure", "value"])
        .transform_filter(alt.datum.measure == measure)
        .transform_filter("isValid(datum.value)")
        .mark_line(point=True)
        .encode(
            x=alt.X(
                "year:Q",
                title="Year of delivery (end of the window for moving sums)",
                axis=alt.Axis(format="d"),
            ),
            y=alt.Y("value:Q", title=TIV_AXIS_TITLE),
            color=alt.Color(
                "supplier:N", title="Supplier", sort=suppliers, scale=alt.Scale(scheme="tableau10")
            ),
            opacity=alt.condition(highlighted, alt.value(1.0), alt.value(0.15)),
            tooltip=[
                alt.Tooltip("supplier:N", title="Supplier"),
                alt.Tooltip("year:Q", title="Year", format="d"),
                alt.Tooltip("measure:N", title="Measure"),
                alt.Tooltip("value:Q", title="TIV (millions)", format=",.0f"),
            ],
        )
        .add_params(measure, legend, pick)
        .properties(
            width="container",
            height=320,
            title=chart_title(f"Arms exports of {_list_words(suppliers)}", SIPRI_AT_CREDIT),
        )
    )


# --- two sources compared: pick a country ------------------------------------------


def describe_sources_compared(compared: pd.DataFrame, role: str = "recipient") -> str:
    """Write the text alternative of :func:`sources_compared_chart` from the data.

    Parameters
    ----------
    compared : pandas.DataFrame
        Output of :func:`balancing.arms.queries.sources_compared`.
    role : {"supplier", "recipient"}
        The role passed to the query.

    Returns
    -------
    str
        For each country: both sources' totals and how many years differ.
    """
    require_columns(compared, ["country", "year", "source", "tiv"], "describe_sources_compared")
    flow, _, _ = _role_words(role)
    gaps = source_gaps(compared)
    first, last = int(compared["year"].min()), int(compared["year"].max())
    parts = [
        f"Line chart comparing yearly arms {flow} in SIPRI's trade register (2026 export) and "
        f"in its TIV tables (2022), {first}-{last}, with a bar chart of their yearly "
        f"difference below; a drop-down list picks the country, "
        f"first {compared['country'].iloc[0]}."
    ]
    for row in gaps.itertuples():
        parts.append(
            f"{row.country}: {row.register_total:,.0f} million TIV in the register against "
            f"{row.tables_total:,.0f} million in the tables; {row.years_differing} of "
            f"{last - first + 1} years differ by more than 0.5 million."
        )
    return " ".join(parts)


def sources_compared_chart(compared: pd.DataFrame, role: str = "recipient") -> alt.VConcatChart:
    """Two sources' yearly totals, and their difference, for one country at a time.

    Parameters
    ----------
    compared : pandas.DataFrame
        Output of :func:`balancing.arms.queries.sources_compared`.
    role : {"supplier", "recipient"}
        The role passed to the query, for the title.

    Returns
    -------
    altair.VConcatChart
        Two lines (register, TIV tables) and, below, bars of their yearly
        difference, for the country picked in the drop-down list.
    """
    require_columns(compared, ["country", "year", "source", "tiv"], "sources_compared_chart")
    flow, _, _ = _role_words(role)
    countries = list(dict.fromkeys(compared["country"]))
    pick = alt.param(
        name="country",
        value=countries[0],
        bind=alt.binding_select(options=countries, name="Country: "),
    )
    year_axis = alt.X("year:Q", title="Year of delivery", axis=alt.Axis(format="d"))
    base = alt.Chart(compared).transform_filter(alt.datum.country == pick)
    lines = (
        base.mark_line(point=True)
        .encode(
            x=year_axis,
            y=alt.Y("tiv:Q", title=TIV_AXIS_TITLE),
            color=alt.Color(
                "source:N",
                title="Source",
                scale=alt.Scale(domain=list(SOURCE_COLOURS), range=list(SOURCE_COLOURS.values())),
                legend=alt.Legend(orient="bottom", direction="vertical"),
            ),
            strokeDash=alt.StrokeDash("source:N", legend=None),
            tooltip=[
                alt.Tooltip("country:N", title="Country"),
                alt.Tooltip("year:Q", title="Year", format="d"),
                alt.Tooltip("source:N", title="Source"),
                alt.Tooltip("tiv:Q", title="TIV (millions)", format=",.1f"),
            ],
        )
        .add_params(pick)
        .properties(width=CONCAT_WIDTH, height=240)
    )
    register_name, tables_name = SOURCE_NAMES
    differences = (
        base.transform_pivot("source", value="tiv", groupby=["country", "year"])
        .transform_calculate(difference=f"datum['{register_name}'] - datum['{tables_name}']")
        .mark_bar(color="#777777")
        .encode(
            x=year_axis,
            y=alt.Y("difference:Q", title="Register minus tables (TIV millions)"),
            tooltip=[
                alt.Tooltip("year:Q", title="Year", format="d"),
                alt.Tooltip("difference:Q", title="Difference (TIV millions)", format=",.1f"),
            ],
        )
        .properties(width=CONCAT_WIDTH, height=120)
    )
    return alt.vconcat(
        lines,
        differences,
        description=describe_sources_compared(compared, role),
        title=chart_title(f"Arms {flow}: one country, two SIPRI releases", SIPRI_AT_CREDIT),
    )


# --- estimate flags: choose a field ------------------------------------------------


def describe_estimate_flags(shares: pd.DataFrame) -> str:
    """Write the text alternative of :func:`estimate_flags_chart` from the data.

    Parameters
    ----------
    shares : pandas.DataFrame
        Output of :func:`balancing.arms.queries.estimate_shares`.

    Returns
    -------
    str
        For each field: the share of rows flagged as estimates over all
        years, and the share left empty in the last year.
    """
    require_columns(shares, ["field", "year", "state", "rows", "share"], "describe_estimate_flags")
    fields = list(dict.fromkeys(shares["field"]))
    first, last = int(shares["year"].min()), int(shares["year"].max())
    parts = [
        f"Stacked bar chart of the share of trade-register rows whose value is marked as "
        f"SIPRI's estimate, not marked, or left without a flag, by year of delivery, "
        f"{first}-{last}; radio buttons pick the field (first shown: {fields[0]})."
    ]
    for field in fields:
        rows = shares[shares["field"] == field]
        by_state = rows.groupby("state")["rows"].sum()
        latest = rows[(rows["year"] == last)].set_index("state")["share"]
        parts.append(
            f"{field}: {_percent(by_state.get(FLAG_STATES[0], 0) / by_state.sum())} of all "
            f"rows are estimates; in {last}, {_percent(latest.get(FLAG_STATES[2], 0))} of "
            "rows have no flag."
        )
    return " ".join(parts)


def estimate_flags_chart(shares: pd.DataFrame) -> alt.Chart:
    """Share of register rows flagged as estimates, by year, one field at a time.

    Parameters
    ----------
    shares : pandas.DataFrame
        Output of :func:`balancing.arms.queries.estimate_shares`.

    Returns
    -------
    altair.Chart
        Stacked bars (estimate / not an estimate / flag left empty) per
        delivery year, with radio buttons to pick the field.
    """
    require_columns(shares, ["field", "year", "state", "rows", "share"], "estimate_flags_chart")
    fields = list(dict.fromkeys(shares["field"]))
    pick = alt.param(
        name="field", value=fields[0], bind=alt.binding_radio(options=fields, name="Field: ")
    )
    return (
        alt.Chart(shares, description=describe_estimate_flags(shares))
        .add_params(pick)
        .transform_filter(alt.datum.field == pick)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title="Year of delivery", axis=alt.Axis(labelAngle=-45)),
            y=alt.Y("share:Q", title="Share of the year's rows", axis=alt.Axis(format="%")),
            color=alt.Color(
                "state:N",
                title="Flag",
                scale=alt.Scale(domain=list(FLAG_COLOURS), range=list(FLAG_COLOURS.values())),
                sort=list(FLAG_STATES),
            ),
            order=alt.Order("state:N"),
            tooltip=[
                alt.Tooltip("field:N", title="Field"),
                alt.Tooltip("year:O", title="Year"),
                alt.Tooltip("state:N", title="Flag"),
                alt.Tooltip("rows:Q", title="Rows"),
                alt.Tooltip("share:Q", title="Share", format=".0%"),
            ],
        )
        .properties(
            width="container",
            height=280,
            title=chart_title("How much of the register is estimated?", SIPRI_AT_CREDIT),
        )
    )


def describe_imports_exports(flows: pd.DataFrame, country: str) -> str:
    """Write the text alternative of :func:`imports_exports_chart` from the data.

    Parameters
    ----------
    flows : pandas.DataFrame
        Output of :func:`balancing.arms.queries.imports_and_exports`.
    country : str
        The country shown.

    Returns
    -------
    str
        One or two sentences that state what the chart shows.
    """
    first, last = int(flows["year"].min()), int(flows["year"].max())
    parts = [
        f"Line chart of {country}'s recorded arms imports and exports by year, "
        f"{first}-{last}, in SIPRI trend-indicator values."
    ]
    for flow in ("Imports", "Exports"):
        series = flows[flows["flow"] == flow].set_index("year")["tiv"]
        parts.append(f"{flow} peak at {series.max():,.0f} million TIV in {int(series.idxmax())}.")
    crossing = first_year_exports_exceed_imports(flows)
    parts.append(
        f"Exports first exceed imports in {crossing}."
        if crossing is not None
        else "Exports never exceed imports in these years."
    )
    parts.append("A drop-down list below the chart, or a click on the legend, highlights a flow.")
    return " ".join(parts)


def imports_exports_chart(flows: pd.DataFrame, country: str) -> alt.Chart:
    """Line chart of a country's arms imports and exports by year.

    Parameters
    ----------
    flows : pandas.DataFrame
        Output of :func:`balancing.arms.queries.imports_and_exports` (already
        aggregated: two rows per year).
    country : str
        The country's name, for the title.

    Returns
    -------
    altair.Chart
        An interactive chart (hover for values; a drop-down list or a click on
        the legend highlights a flow) with SIPRI's credit line and a text
        alternative.
    """
    legend, pick, highlighted = _legend_highlight("flow", list(FLOW_COLOURS), "Highlight: ")
    return (
        alt.Chart(flows, description=describe_imports_exports(flows, country))
        .mark_line(point=True)
        .encode(
            x=alt.X("year:O", title="Year of delivery", axis=alt.Axis(labelAngle=-45)),
            y=alt.Y("tiv:Q", title=TIV_AXIS_TITLE),
            color=alt.Color(
                "flow:N",
                title="Flow",
                scale=alt.Scale(domain=list(FLOW_COLOURS), range=list(FLOW_COLOURS.values())),
            ),
            opacity=alt.condition(highlighted, alt.value(1.0), alt.value(0.2)),
            tooltip=[
                alt.Tooltip("year:O", title="Year"),
                alt.Tooltip("flow:N", title="Flow"),
                alt.Tooltip("tiv:Q", title="TIV (millions)", format=",.0f"),
            ],
        )
        .add_params(legend, pick)
        .properties(
            width="container",
            height=320,
            title=chart_title(f"{country}: recorded arms imports and exports", SIPRI_AT_CREDIT),
        )
    )
