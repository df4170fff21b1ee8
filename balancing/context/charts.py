"""Chart builders for chapters 4 and 5 (tourism, gas, grain, military spending).

Every builder takes a small frame from :mod:`balancing.context.queries` and
returns an altair chart with a title, the source's credit line as subtitle and
a text alternative (``description``) written from the data by a ``describe_*``
function. Controls (drop-down lists, check boxes, sliders) are altair parameters
bound to HTML inputs: they run in the browser, so they work on the static book
page, and with the keyboard (a chart that zooms with the mouse also has sliders
for the years shown).
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from balancing.viz import chart_title, require_columns, year_sliders

EVDS_CREDIT = (
    "Source: Central Bank of the Republic of Türkiye, EVDS "
    "(Ministry of Culture and Tourism border statistics)"
)
TUIK_CREDIT = (
    "Source: Turkish Statistical Institute (TÜİK), Central Bank, Ministry of Culture and Tourism"
)
EUROSTAT_CREDIT = "Source: Eurostat, Imports of natural gas by partner country (nrg_ti_gas)"
FAOSTAT_CREDIT = "Source: FAO, FAOSTAT Detailed Trade Matrix"
SIPRI_MILEX_CREDIT = (
    "Source: SIPRI Military Expenditure Database (2025 release), "
    "https://www.sipri.org/databases/milex"
)

#: Okabe-Ito colours, distinguishable with common colour-vision deficiencies.
HIGHLIGHT = "#D55E00"
SECONDARY = "#0072B2"
TERTIARY = "#009E73"
MUTED = "#BBBBBB"
#: Colours of the fixed countries in :func:`milex_share_chart`.
MILEX_COLOURS = {"Turkey": HIGHLIGHT, "Russia": SECONDARY, "Ukraine": "#E69F00"}
#: Colours of the groups in :func:`nato_ranking_chart`.
RANKING_COLOURS = {"Turkey": HIGHLIGHT, "Other NATO member": SECONDARY, "Not in NATO": "#999999"}
#: Colours of the two gas series in :func:`gas_chart`.
GAS_COLOURS = {"Russia": SECONDARY, "All other partners": MUTED}

#: Width in pixels of charts whose width cannot follow the page.
FIXED_WIDTH = 560


def _require_choice(value: str, options: Sequence[str], name: str, builder: str) -> None:
    if value not in options:
        raise ValueError(f"{builder}: {name} must be one of {sorted(options)}, got {value!r}")


def _millions(value: float) -> str:
    return f"{value / 1e6:.2f} million"


# --- Foreign arrivals --------------------------------------------------------------------


def describe_arrivals(arrivals: pd.DataFrame, highlighted: str = "Russia") -> str:
    """Write the text alternative of :func:`arrivals_chart` from the data.

    Parameters
    ----------
    arrivals : pandas.DataFrame
        Output of :func:`balancing.context.queries.arrivals_by_nationality`.
    highlighted : str
        The nationality highlighted when the chart is first drawn.

    Returns
    -------
    str
        What the chart shows, the highlighted nationality's lowest and highest
        years, and how to use the control.
    """
    require_columns(arrivals, ["year", "nationality", "arrivals"], "describe_arrivals")
    names = sorted(arrivals["nationality"].unique())
    _require_choice(highlighted, names, "highlighted", "describe_arrivals")
    series = arrivals[arrivals["nationality"] == highlighted].set_index("year")["arrivals"]
    first, last = int(arrivals["year"].min()), int(arrivals["year"].max())
    low, high = int(series.idxmin()), int(series.idxmax())
    return (
        f"Line chart of annual foreign visitor arrivals in Turkey, {first}-{last}, for "
        f"{len(names)} nationalities, with {highlighted} highlighted. Arrivals from "
        f"{highlighted} were lowest in {low} ({_millions(series[low])}) and highest in "
        f"{high} ({_millions(series[high])}). A drop-down list below the chart highlights "
        f"another nationality."
    )


def arrivals_chart(arrivals: pd.DataFrame, highlighted: str = "Russia") -> alt.LayerChart:
    """Annual arrivals by nationality, one highlighted with a drop-down list.

    Parameters
    ----------
    arrivals : pandas.DataFrame
        Output of :func:`balancing.context.queries.arrivals_by_nationality`
        (columns ``year``, ``nationality``, ``arrivals``).
    highlighted : str
        The nationality highlighted at first.

    Returns
    -------
    altair.LayerChart
        All nationalities in grey, the chosen one in colour with its values
        on hover; the drop-down list runs in the browser.
    """
    require_columns(arrivals, ["year", "nationality", "arrivals"], "arrivals_chart")
    names = sorted(arrivals["nationality"].unique())
    _require_choice(highlighted, names, "highlighted", "arrivals_chart")
    choice = alt.param(
        name="nationality",
        value=highlighted,
        bind=alt.binding_select(options=names, name="Highlight nationality: "),
    )
    x = alt.X("year:O", title="Year", axis=alt.Axis(labelAngle=0))
    y = alt.Y("arrivals:Q", title="Arrivals (persons)", axis=alt.Axis(format="~s"))
    tooltip = [
        alt.Tooltip("nationality:N", title="Nationality"),
        alt.Tooltip("year:O", title="Year"),
        alt.Tooltip("arrivals:Q", title="Arrivals", format=",.0f"),
    ]
    base = alt.Chart(arrivals)
    background = base.mark_line(color=MUTED, strokeWidth=1).encode(
        x=x, y=y, detail="nationality:N", tooltip=tooltip
    )
    chosen = (
        base.transform_filter(alt.datum.nationality == choice)
        .mark_line(color=HIGHLIGHT, strokeWidth=3, point=alt.OverlayMarkDef(color=HIGHLIGHT))
        .encode(x=x, y=y, tooltip=tooltip)
    )
    return (
        alt.layer(
            background,
            chosen,
            description=describe_arrivals(arrivals, highlighted),
            title=chart_title("Foreign visitor arrivals in Turkey by nationality", EVDS_CREDIT),
        )
        .add_params(choice)
        .properties(width="container", height=320)
    )


# --- Tourism income ----------------------------------------------------------------------


def describe_tourism_income(income: pd.DataFrame) -> str:
    """Write the text alternative of :func:`tourism_income_chart` from the data.

    Parameters
    ----------
    income : pandas.DataFrame
        Output of :func:`balancing.context.queries.tourism_income_full_years`.

    Returns
    -------
    str
        The span, the lowest and highest years, and every year-on-year fall
        of more than 20 %.
    """
    require_columns(income, ["year", "tourism_income_billion_usd"], "describe_tourism_income")
    series = income.set_index("year")["tourism_income_billion_usd"]
    change = series.pct_change() * 100
    falls = [f"{int(year)} ({value:+.0f} %)" for year, value in change.items() if value < -20]
    low, high = int(series.idxmin()), int(series.idxmax())
    text = (
        f"Bar chart of Turkey's annual tourism income, {int(series.index.min())}-"
        f"{int(series.index.max())}, in billion US dollars. It was lowest in {low} "
        f"({series[low]:.1f} billion) and highest in {high} ({series[high]:.1f} billion)."
    )
    if falls:
        text += " Falls of more than 20 % on the previous year: " + ", ".join(falls) + "."
    return text


def tourism_income_chart(income: pd.DataFrame) -> alt.Chart:
    """Bars of annual tourism income (full years only).

    Parameters
    ----------
    income : pandas.DataFrame
        Output of :func:`balancing.context.queries.tourism_income_full_years`.

    Returns
    -------
    altair.Chart
        One bar per year; hover for the value.
    """
    require_columns(income, ["year", "tourism_income_billion_usd"], "tourism_income_chart")
    return (
        alt.Chart(income, description=describe_tourism_income(income))
        .mark_bar(color=SECONDARY)
        .encode(
            x=alt.X("year:O", title="Year", axis=alt.Axis(labelAngle=-45)),
            y=alt.Y("tourism_income_billion_usd:Q", title="Tourism income (billion US$)"),
            tooltip=[
                alt.Tooltip("year:O", title="Year"),
                alt.Tooltip("tourism_income_billion_usd:Q", title="Billion US$", format=",.2f"),
            ],
        )
        .properties(
            width="container",
            height=280,
            title=chart_title("Turkey's tourism income", TUIK_CREDIT),
        )
    )


# --- Gas -----------------------------------------------------------------------------------


def describe_gas(dependence: pd.DataFrame, reporter: str = "Turkey") -> str:
    """Write the text alternative of :func:`gas_chart` from the data.

    Parameters
    ----------
    dependence : pandas.DataFrame
        Output of :func:`balancing.context.queries.gas_import_dependence`.
    reporter : str
        The importing country.

    Returns
    -------
    str
        The span and Russia's share in the first, highest and last years.
    """
    columns = ["year", "russia_tj", "other_partners_tj", "russia_share_pct"]
    require_columns(dependence, columns, "describe_gas")
    share = dependence.set_index("year")["russia_share_pct"]
    first, last = int(share.index.min()), int(share.index.max())
    low, high = int(share.idxmin()), int(share.idxmax())
    return (
        f"Stacked bar chart of {reporter}'s natural-gas imports by year, {first}-{last}, "
        f"in petajoules (gross calorific value), split into imports from Russia and from "
        f"all other partners. Russia's share was {share[first]:.1f} % in {first} and "
        f"{share[last]:.1f} % in {last}; it ranged from {share[low]:.1f} % ({low}) to "
        f"{share[high]:.1f} % ({high})."
    )


def gas_chart(dependence: pd.DataFrame, reporter: str = "Turkey") -> alt.Chart:
    """Stacked bars of gas imports from Russia and from all other partners.

    Parameters
    ----------
    dependence : pandas.DataFrame
        Output of :func:`balancing.context.queries.gas_import_dependence`.
    reporter : str
        The importing country, for the title.

    Returns
    -------
    altair.Chart
        Hover a bar for its value in petajoules and Russia's share that year.
    """
    columns = ["year", "russia_tj", "other_partners_tj", "russia_share_pct"]
    require_columns(dependence, columns, "gas_chart")
    long = dependence.melt(
        id_vars=["year", "russia_share_pct"],
        value_vars=["russia_tj", "other_partners_tj"],
        var_name="partner",
        value_name="tj",
    )
    long["partner"] = long["partner"].map(
        {"russia_tj": "Russia", "other_partners_tj": "All other partners"}
    )
    long["petajoules"] = long["tj"] / 1000
    return (
        alt.Chart(long, description=describe_gas(dependence, reporter))
        .mark_bar()
        .encode(
            x=alt.X("year:O", title="Year", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("petajoules:Q", title="Imports (petajoules, gross calorific value)"),
            color=alt.Color(
                "partner:N",
                title="Partner",
                scale=alt.Scale(domain=list(GAS_COLOURS), range=list(GAS_COLOURS.values())),
            ),
            order=alt.Order("partner:N", sort="descending"),
            tooltip=[
                alt.Tooltip("year:O", title="Year"),
                alt.Tooltip("partner:N", title="Partner"),
                alt.Tooltip("petajoules:Q", title="Petajoules", format=",.0f"),
                alt.Tooltip("russia_share_pct:Q", title="Russia's share (%)", format=".1f"),
            ],
        )
        .properties(
            width="container",
            height=300,
            title=chart_title(
                f"{reporter}'s natural-gas imports: Russia and the rest", EUROSTAT_CREDIT
            ),
        )
    )


# --- Grain ---------------------------------------------------------------------------------


def describe_grain(grain: pd.DataFrame, item: str = "Wheat") -> str:
    """Write the text alternative of :func:`grain_chart` from the data.

    Parameters
    ----------
    grain : pandas.DataFrame
        Output of :func:`balancing.context.queries.grain_imports_from`.
    item : str
        The item shown when the chart is first drawn.

    Returns
    -------
    str
        For each partner: the years listed and the largest value; and how to
        use the control.
    """
    columns = ["item", "partner", "year", "import_value_thousand_usd", "listed"]
    require_columns(grain, columns, "describe_grain")
    _require_choice(item, list(grain["item"].unique()), "item", "describe_grain")
    rows = grain[(grain["item"] == item) & grain["listed"]]
    first, last = int(grain["year"].min()), int(grain["year"].max())
    partners = list(dict.fromkeys(grain["partner"]))
    parts = [
        f"Bar chart of Turkey's import value of {item.lower()} from "
        f"{' and '.join(partners)}, {first}-{last}, in thousand US dollars, for the years "
        f"in which each partner supplied at least 5 % of that import value."
    ]
    for partner in partners:
        series = rows[rows["partner"] == partner].set_index("year")["import_value_thousand_usd"]
        if series.empty:
            parts.append(f"{partner} is never above the 5 % threshold.")
            continue
        top = int(series.idxmax())
        parts.append(
            f"{partner} is listed in {len(series)} years, with most in {top} "
            f"({series[top]:,.0f} thousand US$)."
        )
    parts.append("A drop-down list below the chart chooses the crop.")
    return " ".join(parts)


def grain_chart(grain: pd.DataFrame, item: str = "Wheat") -> alt.Chart:
    """Bars of import value by partner and year, one crop at a time.

    Parameters
    ----------
    grain : pandas.DataFrame
        Output of :func:`balancing.context.queries.grain_imports_from`.
    item : str
        The crop shown first; a drop-down list chooses another.

    Returns
    -------
    altair.Chart
        Bars only where a partner is listed (at least 5 % share): a missing
        bar is *not* a zero.
    """
    columns = ["item", "partner", "year", "import_value_thousand_usd", "listed"]
    require_columns(grain, columns, "grain_chart")
    items = sorted(grain["item"].unique())
    _require_choice(item, items, "item", "grain_chart")
    partners = list(dict.fromkeys(grain["partner"]))
    colours = [SECONDARY, HIGHLIGHT, TERTIARY, "#CC79A7"][: len(partners)]
    choice = alt.param(
        name="crop", value=item, bind=alt.binding_select(options=items, name="Crop: ")
    )
    listed = grain[grain["listed"]]
    return (
        alt.Chart(listed, description=describe_grain(grain, item))
        .transform_filter(alt.datum.item == choice)
        .mark_bar()
        .encode(
            x=alt.X(
                "year:O",
                title="Year",
                scale=alt.Scale(domain=sorted(grain["year"].unique())),
                axis=alt.Axis(labelAngle=-90),
            ),
            xOffset=alt.XOffset("partner:N", sort=partners),
            y=alt.Y("import_value_thousand_usd:Q", title="Import value (thousand US$)"),
            color=alt.Color(
                "partner:N", title="Partner", scale=alt.Scale(domain=partners, range=colours)
            ),
            tooltip=[
                alt.Tooltip("item:N", title="Crop"),
                alt.Tooltip("partner:N", title="Partner"),
                alt.Tooltip("year:O", title="Year"),
                alt.Tooltip("import_value_thousand_usd:Q", title="Thousand US$", format=",.0f"),
            ],
        )
        .add_params(choice)
        .properties(
            width="container",
            height=300,
            title=chart_title("Turkey's grain imports from Black Sea suppliers", FAOSTAT_CREDIT),
        )
    )


# --- Military expenditure --------------------------------------------------------------------


def describe_milex_share(series: pd.DataFrame, compared: str) -> str:
    """Write the text alternative of :func:`milex_share_chart` from the data.

    Parameters
    ----------
    series : pandas.DataFrame
        Output of :func:`balancing.context.queries.milex_series` for the
        share of GDP.
    compared : str
        The ally shown with Turkey and Russia when first drawn.

    Returns
    -------
    str
        Each country's first and last value, Ukraine's highest value (hidden
        at first), and how to use the controls.
    """
    require_columns(series, ["country", "year", "value"], "describe_milex_share")
    _require_choice(compared, list(series["country"].unique()), "compared", "describe_milex_share")
    parts = [
        f"Line chart of military expenditure as a share of GDP, "
        f"{int(series['year'].min())}-{int(series['year'].max())}, for Turkey, Russia and, "
        f"for comparison, {compared}."
    ]
    for country in ["Turkey", "Russia", compared]:
        values = series[series["country"] == country].set_index("year")["value"]
        if values.empty:
            continue
        first, last = int(values.index.min()), int(values.index.max())
        parts.append(
            f"{country}: {values[first]:.1f} % in {first}, {values[last]:.1f} % in {last}."
        )
    ukraine = series[series["country"] == "Ukraine"].set_index("year")["value"]
    if not ukraine.empty:
        top = int(ukraine.idxmax())
        parts.append(
            f"Ukraine is hidden at first: its highest value, {ukraine[top]:.1f} % in {top}, "
            f"would flatten the other lines; a check box below the chart shows it."
        )
    parts.append(
        "A drop-down list below the chart chooses the NATO ally compared; two sliders set "
        "the first and last year shown, and scrolling or dragging on the chart zooms and pans "
        "(double-click to reset)."
    )
    return " ".join(parts)


def milex_share_chart(series: pd.DataFrame, compared: str = "Greece") -> alt.LayerChart:
    """Military spending as a share of GDP: Turkey, Russia, Ukraine and one chosen ally.

    Parameters
    ----------
    series : pandas.DataFrame
        Output of :func:`balancing.context.queries.milex_series` with measure
        ``milex_share_of_gdp_pct``, for Turkey, Russia, Ukraine and the
        allies offered in the drop-down list.
    compared : str
        The ally shown at first.

    Returns
    -------
    altair.LayerChart
        Coloured lines for Turkey and Russia (and Ukraine, behind a check
        box); a dashed line for the ally chosen in the drop-down list; the
        years shown set with two sliders (keyboard) or by zooming and panning
        with the mouse.
    """
    require_columns(series, ["country", "year", "value", "sipri_flag"], "milex_share_chart")
    fixed = [c for c in MILEX_COLOURS if c in set(series["country"])]
    allies = sorted(set(series["country"]) - set(MILEX_COLOURS))
    _require_choice(compared, allies, "compared", "milex_share_chart")
    frame = series[["country", "year", "value"]].assign(
        sipri_flag=series["sipri_flag"].fillna("none")
    )
    choice = alt.param(
        name="ally", value=compared, bind=alt.binding_select(options=allies, name="Compare with: ")
    )
    show_ukraine = alt.param(
        name="show_ukraine", value=False, bind=alt.binding_checkbox(name="Show Ukraine ")
    )
    zoom = alt.selection_interval(bind="scales")
    first_year, last_year = year_sliders(series["year"])
    # The sliders set the years shown; zooming with the mouse overrides them until reset.
    shown = [
        alt.ExprRef(f"{limit}({first_year.name}, {last_year.name})") for limit in ("min", "max")
    ]
    x = alt.X("year:Q", title="Year", axis=alt.Axis(format="d"), scale=alt.Scale(domain=shown))
    y = alt.Y("value:Q", title="Military expenditure (% of GDP)")
    tooltip = [
        alt.Tooltip("country:N", title="Country"),
        alt.Tooltip("year:Q", title="Year", format="d"),
        alt.Tooltip("value:Q", title="% of GDP", format=".2f"),
        alt.Tooltip("sipri_flag:N", title="SIPRI flag"),
    ]
    base = alt.Chart(frame)
    fixed_lines = (
        base.transform_filter(alt.FieldOneOfPredicate(field="country", oneOf=fixed))
        .transform_filter(f"datum.country !== 'Ukraine' || {show_ukraine.name}")
        .mark_line(point=True, clip=True)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "country:N",
                title="Country",
                scale=alt.Scale(domain=fixed, range=[MILEX_COLOURS[c] for c in fixed]),
            ),
            tooltip=tooltip,
        )
        .add_params(zoom)
    )
    ally_line = (
        base.transform_filter(alt.datum.country == choice)
        .mark_line(
            color="#555555",
            strokeDash=[6, 3],
            clip=True,
            point=alt.OverlayMarkDef(color="#555555"),
        )
        .encode(x=x, y=y, tooltip=tooltip)
    )
    return (
        alt.layer(
            fixed_lines,
            ally_line,
            description=describe_milex_share(series, compared),
            title=chart_title("Military expenditure as a share of GDP", SIPRI_MILEX_CREDIT),
        )
        .add_params(choice, show_ukraine, first_year, last_year)
        .properties(width="container", height=340)
    )


def describe_nato_ranking(ranking: pd.DataFrame, year: int) -> str:
    """Write the text alternative of :func:`nato_ranking_chart` from the data.

    Parameters
    ----------
    ranking : pandas.DataFrame
        Output of :func:`balancing.context.queries.nato_ranking`.
    year : int
        The year ranked.

    Returns
    -------
    str
        How many countries, the top and bottom, and Turkey's rank among members.
    """
    require_columns(ranking, ["country", "value", "group"], "describe_nato_ranking")
    members = ranking[ranking["group"] != "Not in NATO"].reset_index(drop=True)
    top, bottom = members.iloc[0], members.iloc[-1]
    parts = [
        f"Horizontal bar chart of military expenditure as a share of GDP in {year} for "
        f"{len(members)} NATO members with a SIPRI figure"
    ]
    others = ranking[ranking["group"] == "Not in NATO"]
    if not others.empty:
        parts[0] += " and, for comparison, " + " and ".join(
            f"{row.country} ({row.value:.1f} %)" for row in others.itertuples()
        )
    parts[0] += "."
    parts.append(
        f"Among members the highest is {top['country']} ({top['value']:.1f} %) and the "
        f"lowest {bottom['country']} ({bottom['value']:.1f} %)."
    )
    turkey = members.index[members["country"] == "Turkey"]
    if len(turkey):
        at = int(turkey[0])
        parts.append(
            f"Turkey ranks {at + 1} of {len(members)} with {members.loc[at, 'value']:.1f} %."
        )
    return " ".join(parts)


def nato_ranking_chart(ranking: pd.DataFrame, year: int) -> alt.Chart:
    """Horizontal bars ranking NATO members (and some non-members) in one year.

    Parameters
    ----------
    ranking : pandas.DataFrame
        Output of :func:`balancing.context.queries.nato_ranking`.
    year : int
        The year ranked, for the title.

    Returns
    -------
    altair.Chart
        Turkey in orange, other members in blue, non-members in grey.
    """
    require_columns(ranking, ["country", "value", "group"], "nato_ranking_chart")
    frame = ranking.assign(sipri_flag=ranking["sipri_flag"].fillna("none"))
    return (
        alt.Chart(frame, description=describe_nato_ranking(ranking, year))
        .mark_bar()
        .encode(
            x=alt.X("value:Q", title="Military expenditure (% of GDP)"),
            y=alt.Y("country:N", title=None, sort="-x"),
            color=alt.Color(
                "group:N",
                title=None,
                scale=alt.Scale(domain=list(RANKING_COLOURS), range=list(RANKING_COLOURS.values())),
            ),
            tooltip=[
                alt.Tooltip("country:N", title="Country"),
                alt.Tooltip("value:Q", title="% of GDP", format=".2f"),
                alt.Tooltip("sipri_flag:N", title="SIPRI flag"),
            ],
        )
        .properties(
            width="container",
            height=alt.Step(14),
            title=chart_title(
                f"Military expenditure as a share of GDP, NATO members, {year}",
                SIPRI_MILEX_CREDIT,
            ),
        )
    )
