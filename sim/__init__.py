"""alliance-sim's simulation, as sub-packages in layer order: `scenario` (the file language),
`maths` (pure bargaining maths), `engine` (the Mesa model and its runs), `store` (results on
disk), `experiments` (factors, designs, sweeps) and `play` (one student in a seat).

This module holds only the version; `mesa_import` imports mesa for the whole project
without mesa's side effect on the process. Nothing under `sim/` imports matplotlib or a front end."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("alliance-sim")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"
