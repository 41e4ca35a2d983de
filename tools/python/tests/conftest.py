"""Shared fixtures: where the project's samples and the shared corpus are."""
import os
import pathlib

import pytest

REPO = pathlib.Path(__file__).resolve().parents[3]
SAMPLES = REPO / "corpus" / "samples"


def shared_corpus():
    """The shared benchmark corpus (twitter.json, ...), or None when it is not beside the
    project."""
    root = os.environ.get("ARENAJSON_SHARED_DIR")
    corpus = pathlib.Path(root) / "corpus" if root else REPO.parent / "shared" / "corpus"
    return corpus if (corpus / "twitter.json").is_file() else None


@pytest.fixture
def samples():
    return SAMPLES


@pytest.fixture
def corpus():
    found = shared_corpus()
    if found is None:
        pytest.skip("the shared corpus (../shared/corpus) is absent")
    return found


def pytest_report_header(config):
    import arenajson

    return (f"arenajson {arenajson.__version__} from {pathlib.Path(arenajson.__file__).parent}, "
            f"reader kernel {arenajson.reader_kernel()}")


def pytest_configure(config):
    # distributed 2022.12 on tornado 6.2 warns about its own event loop; not ours to fix.
    config.addinivalue_line("filterwarnings",
                            "ignore:make_current is deprecated:DeprecationWarning")
