"""Runs the pytest suite for ctest, against the module PYTHONPATH points at.

Exits 77 (which ctest reports as skipped) when pytest is missing; tests that need dask or the
shared corpus skip themselves with a message.
"""
import os
import sys


def main():
    sys.dont_write_bytecode = True
    try:
        import pytest
    except ImportError:
        print(f"skipped: pytest is not installed for {sys.executable} (install python3-pytest)")
        return 77
    import arenajson

    print(f"arenajson from {os.path.dirname(arenajson.__file__)}")
    here = os.path.dirname(os.path.abspath(__file__))
    return pytest.main(["-q", "-rs", "-p", "no:cacheprovider", here] + sys.argv[1:])


# The guard matters: Dask's worker processes are spawned, and a spawned process imports the
# parent's main module; without it, each worker would run the suite again.
if __name__ == "__main__":
    sys.exit(main())
