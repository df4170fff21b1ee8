"""Exercise sets for instructors: masters, student materials, autograders, grading a class.

Students' code never imports this subpackage (the students' wheel leaves it out).

``masters``
    Find the master notebooks in ``exercises/`` and read their questions.
``assign``
    ``otter assign`` with the course's environment added: the student notebook, the
    autograder and its manifest for each set, the student-materials tree, the
    book's copies in ``exercises/student/``; stale autograders rebuilt.
``environments``
    Exact pins and the course wheels that grading images and students install.
``materials``
    The student-materials tree (notebooks, wheel, ``.binder/``, README).
``autograders``, ``fingerprints``
    What an autograder was built from (SHA-256 of master, package and zip), and staleness.
``batch``, ``worker``, ``sheet``
    Grade a folder on all cores, each submission in its own folder with a time limit,
    into a grade sheet written atomically and resumed on the next run.
``grade``
    Grade one notebook and report its score per question.
``book``
    What the book's exercise pages need: student copies, solutions left out.
``otter``
    Run otter-grader's commands in subprocesses.

The hidden tests of the exercise sets compute their expected values from the
data themselves (pandas on :mod:`balancing.data`), in the master notebooks.
"""
