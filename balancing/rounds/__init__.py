"""The crisis rounds, 2022-2025: Ankara's balancing act as a game of dated decisions.

``rounds.yaml`` (data, with its ``README.md``) holds eight dated decision rounds:
each a sourced brief, Ankara's options with their effects and requirements, the
option closest to what Ankara did, and what then happened. This subpackage turns
it into software:

``load``
    :func:`load_rounds`: read ``rounds.yaml`` and refuse a bad file with the line,
    round and field (:class:`RoundsFileError`).
``schema``
    The typed objects a rounds file becomes: :class:`Rounds`, ``Round``, ``Option``.
``game``
    :class:`Game`: the state carried from round to round, the open options,
    choices refused with a :class:`ChoiceError` naming the open ones, reveals.
``presets``
    Weights, the model's (myopic) recommendation, the presets standing for schools
    of the Turkish foreign-policy debate (``presets.yaml``) and :func:`model_runs`.
``log``
    The class log: schema, :func:`read_log` (one or several CSV files),
    :class:`LogWriter`, :func:`write_log`.
``charts``
    Teams compared with each other and with Ankara's actual path.
``sheets``
    The printable round sheets and Control's reveals (the role-play pages).
``player``
    :class:`~balancing.rounds.player.RoundsPlayer`: the live widget (imported
    from its module, as it needs ipywidgets).
``citations``
    The ``[key]`` markers of the text.

>>> from balancing.rounds import Game, load_rounds
>>> rounds = load_rounds()
>>> [r.id for r in rounds][:2]
['straits', 'talks']
"""

from balancing.rounds.game import ChoiceError, Game, Reveal, Turn
from balancing.rounds.load import load_rounds, rounds_file
from balancing.rounds.log import LogWriter, read_log, write_log
from balancing.rounds.presets import load_presets, model_runs, play_preset, recommend
from balancing.rounds.schema import Option, Round, Rounds, RoundsFileError

__all__ = [
    "ChoiceError",
    "Game",
    "LogWriter",
    "Option",
    "Reveal",
    "Round",
    "Rounds",
    "RoundsFileError",
    "Turn",
    "load_presets",
    "load_rounds",
    "model_runs",
    "play_preset",
    "read_log",
    "recommend",
    "rounds_file",
    "write_log",
]
