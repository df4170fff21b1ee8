"""Exercise sets for instructors: master notebooks, student versions, autograders, grading.

Students' code never imports this subpackage.

``masters``
    Find the master notebooks in ``exercises/`` and read their questions.
``otter``
    Run otter-grader's commands in subprocesses.
``assign``
    ``otter assign``: the student notebook and the autograder of each set.
``grade``
    ``otter run``: grade a submission locally, score per question.

The hidden tests of the exercise sets compute their expected values from the
data themselves (pandas on :mod:`balancing.data`), in the master notebooks.
"""
