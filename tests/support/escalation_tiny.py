"""A tiny escalation model that tests can solve by hand."""

import datetime as dt

# Two levers, two interests, two responses and one joint outcome: small enough to
# compute by hand. Lever b's level "on" is unavailable before the war.
TINY = {
    "phases": {
        "pre_war": {
            "first_day": dt.date(2021, 11, 1),
            "unavailable": {"a": {"levels": ["hi"], "reason": "not before the war"}},
        },
        "war": {"first_day": dt.date(2022, 2, 24)},
    },
    "levers": {
        "a": {"label": "A", "levels": ["lo", "hi"]},
        "b": {"label": "B", "levels": ["off", "on"]},
    },
    "interests": {"x": {"label": "X"}, "y": {"label": "Y", "per_point": 2.0}},
    "baseline": {"a": {"x": [0.0, 1.0]}, "b": {"y": [0.0, 1.0]}},
    "responses": {
        "r1": {
            "actor": "Moscow",
            "kind": "coercion",
            "base": {"pre_war": 0.1, "war": 0.2},
            "shift": {"a": [0.0, 0.5]},
            "effects": {"x": -1.0},
        },
        "r2": {
            "actor": "Kyiv",
            "kind": "carrot",
            "base": 0.5,
            "requires": {"b": "on"},
            "shift": {"a": [0.0, 0.3]},
            "effects": {"y": 4.0},
        },
    },
    "outcomes": {
        "both": {
            "kind": "carrot",
            "all_of": ["r1", "r2"],
            "effects": {"x": 10.0},
        },
    },
    "weights": {"even": {"x": 1.0, "y": 1.0}, "x_only": {"x": 1.0, "y": 0.0}},
    "directions": [{"lever": "a", "to": "hi", "response": "r1", "sign": 1, "source": "s"}],
    "actual_2022": {"a": "lo", "b": "on"},
    "sequential": {
        "moscow_values": {"a": [0.0, -1.0]},
        "moscow_costs": {"r1": 0.1},
        "coercion_persists_after_deescalation": 0.5,
        "carrot_persists_after_escalation": 0.0,
    },
    "sources": {"s": "2022-01-25"},
}
