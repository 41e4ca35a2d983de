"""pip's build of the arenajson module: the project's CMake build makes the extension (the
same target, arenajson_python, as the project's own build), setuptools packages it.

    /usr/bin/python3 -m venv --system-site-packages .venv   # Debian's pip refuses the system
    .venv/bin/pip install --no-build-isolation --no-index ./tools/python

Needs cmake, a C++20 compiler, libzstd, Python's headers and pybind11 (Debian: cmake g++
libzstd-dev python3-dev python3-pybind11). CMAKE_BUILD_PARALLEL_LEVEL sets the build's jobs
(2 by default).
"""
import os
import pathlib
import re
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]  # the repository: tools/python/../..


def project_version():
    text = (ROOT / "CMakeLists.txt").read_text()
    return re.search(r"project\(arenajson VERSION ([0-9.]+)", text).group(1)


class CMakeExtension(Extension):
    def __init__(self, name):
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        if not (ROOT / "CMakeLists.txt").is_file():
            sys.exit("arenajson: build from a clone of the repository (tools/python needs ../..)")
        build = pathlib.Path(self.build_temp).resolve() / "cmake"
        build.mkdir(parents=True, exist_ok=True)
        configure = [
            "cmake", "-S", str(ROOT), "-B", str(build), "-DCMAKE_BUILD_TYPE=Release",
            "-DARENAJSON_BUILD_TOOLS=OFF", "-DARENAJSON_BUILD_TESTS=OFF",
            "-DARENAJSON_BUILD_BENCH=OFF", "-DARENAJSON_BUILD_EXAMPLES=OFF",
            "-DARENAJSON_INSTALL=OFF", "-DARENAJSON_BUILD_PYTHON=ON",
            f"-DARENAJSON_PYTHON={sys.executable}",
        ]
        try:
            import pybind11

            configure.append(f"-Dpybind11_DIR={pybind11.get_cmake_dir()}")
        except ImportError:
            pass  # CMake reports what is missing
        subprocess.run(configure, check=True)
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL", "2")
        subprocess.run(["cmake", "--build", str(build), "--target", "arenajson_python",
                        "--parallel", jobs], check=True)
        name = pathlib.Path(self.get_ext_filename(ext.name)).name
        built = build / "python" / "arenajson" / name
        if not built.is_file():
            sys.exit(f"arenajson: CMake did not build {built} (is pybind11 installed for "
                     f"{sys.executable}?)")
        target = pathlib.Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built, target)


setup(
    version=project_version(),
    ext_modules=[CMakeExtension("arenajson._arenajson")],
    cmdclass={"build_ext": CMakeBuild},
)
