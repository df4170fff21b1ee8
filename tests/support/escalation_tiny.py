"""A tiny escalation model that tests can solve by hand."""

# Two levers, two interests, two responses: small enough to compute by hand.
TINY = {
    "levers": {
        "a": {"label": "A", "levels": ["lo", "hi"]},
        "b": {"label": "B", "levels": ["off", "on"]},
    },
    "interests": {"x": {"label": "X"}, "y": {"label": "Y"}},
    "baseline": {"a": {"x": [0.0, 1.0]}, "b": {"y": [0.0, 0.5]}},
    "responses": {
        "r1": {
            "actor": "Moscow",
            "kind": "coercion",
            "base": 0.2,
            "shift": {"a": [0.0, 0.5]},
            "effects": {"x": -1.0},
        },
        "r2": {
            "actor": "Washington/NATO",
            "kind": "carrot",
            "base": 0.5,
            "requires": {"b": "on"},
            "shift": {"a": [0.0, 0.3]},
            "effects": {"y": 2.0},
        },
    },
    "weights": {"even": {"x": 1.0, "y": 1.0}, "x_only": {"x": 1.0, "y": 0.0}},
    "actual_2022": {"a": "lo", "b": "on"},
    "sequential": {
        "moscow_values": {"a": [0.0, -1.0]},
        "moscow_costs": {"r1": 0.1},
        "coercion_persists_after_deescalation": 0.5,
        "carrot_persists_after_escalation": 0.0,
    },
}
