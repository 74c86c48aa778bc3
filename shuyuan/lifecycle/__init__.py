"""The reader's lifecycle: merging two records of one person and erasing a person's data (PIPL).

Every app that holds reader data keeps its own building block for it (it moves its rows on a merge,
says what holds up an erasure and cleans up its part); this package sits above all of them and calls
each from the explicit lists in ``services.py`` and ``erasure.py``. A new app with reader data
(purchase suggestions, volunteers, activity sign-ups, OPAC sessions) adds its line there, and no
domain imports another above it.
"""
