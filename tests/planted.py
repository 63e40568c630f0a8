"""A hostile project folder: a file for every module Python could import, each of which
writes a marker when it is imported, so that a test can show that nothing shellhooks
starts ever imports code from the folder it runs in.

Not tuned to today's imports: every name in `sys.stdlib_module_names` and every top-level
module installed in the test environment (psutil, dotenv, shellhooks itself...), as a
package folder where the real one is a package and as a `.py` file otherwise, plus the
files Python runs by itself when it finds them on sys.path (`sitecustomize.py`,
`usercustomize.py`, a `.pth` file) and a `__main__.py`.
"""

from __future__ import annotations

import os
import pkgutil
import sys
from pathlib import Path

EXTRA = ("shellhooks", "sitecustomize", "usercustomize", "__main__")


def module_names() -> dict[str, bool]:
    """{top-level module name: is it a package} for every module to shadow."""
    names = {n: False for n in sys.stdlib_module_names}
    names.update({n: False for n in EXTRA})
    for info in pkgutil.iter_modules():  # every top-level module on this Python's path
        names[info.name] = names.get(info.name, False) or info.ispkg
    # A stdlib name that is a package (json, email, encodings...) is planted as one: a
    # package folder takes precedence over a module file of the same name on one path entry.
    for entry in sys.path:
        if os.path.isdir(entry):
            for n in names:
                if not names[n] and os.path.isfile(os.path.join(entry, n, "__init__.py")):
                    names[n] = True
    return {n: pkg for n, pkg in names.items() if n.isidentifier()}


def plant(folder: Path, markers: Path) -> int:
    """Fill `folder` with the modules; each writes `markers/<folder name>:<module>` when
    imported (with builtins only: the module it would import may be a planted one).
    Returns how many modules were planted."""
    markers.mkdir(parents=True, exist_ok=True)
    folder.mkdir(parents=True, exist_ok=True)
    prefix = f"{markers}/{folder.name}:"
    code = f"open({prefix!r} + __name__, 'a').close()\n"
    names = module_names()
    for name, is_pkg in names.items():
        if is_pkg:
            (folder / name).mkdir(exist_ok=True)
            (folder / name / "__init__.py").write_text(code, encoding="utf-8")
        else:
            (folder / f"{name}.py").write_text(code, encoding="utf-8")
    # A .pth file runs its `import` lines when its folder is a site folder.
    (folder / "zz-planted.pth").write_text(
        f"import builtins; open({prefix + 'pth'!r}, 'a').close()\n", encoding="utf-8")
    return len(names)


def found(markers: Path) -> list[str]:
    """The markers written so far: `<folder>:<module>` of every planted module imported."""
    return sorted(p.name for p in markers.iterdir()) if markers.is_dir() else []
