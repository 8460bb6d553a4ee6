"""Imported by the forkserver that forks extraction workers (see ``graph.build.parallel``).

Importing it readies the forkserver (``ready_process``: the pipeline built, its objects frozen),
once; every worker forked from it then starts ready, instead of each spending seconds on spaCy,
jieba and the lexicons.
"""

import contextlib

from graph.build.parallel import ready_process

# a worker that could not be readied here fails on its first file instead, with the file named
with contextlib.suppress(Exception):
    ready_process()
