"""Hostile and clumsy input (issue 17): each cause gets one clear line and its exit code, never a
traceback, and a failed build leaves dist/ and work/ as they were."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import fastjsonschema
import jsonschema
import pytest
import yaml

from conftest import MINI, ROOT, copy_project, ockg, require
from ockg.cli import failure

SEEDS = MINI / "seeds" / "text"
MAPPING = "mappings/t01_fixture.yaml"
CATALOGUE = "seeds/catalogue.yaml"
SCHEMAS = ROOT / "src" / "ockg" / "build"


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini corpus built once; each test works on a copy of it."""
    project = copy_project(tmp_path_factory.mktemp("released") / "mini", MINI)
    assert ockg(project, "build", seeds=SEEDS).returncode == 0
    return project


@pytest.fixture
def project(released: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(released, tmp_path / "mini", symlinks=True))


@pytest.fixture
def public_project(released: Path) -> Iterator[Path]:
    """A copy in a folder of its own that any user can reach: pytest's folders are private to their
    owner, and another pytest session starting makes them so again."""
    folder = Path(tempfile.mkdtemp(prefix="ockg-hostile-"))
    folder.chmod(0o755)
    try:
        yield Path(shutil.copytree(released, folder / "mini", symlinks=True))
    finally:
        shutil.rmtree(folder)


def edit(name: str, change: Callable[[str], str]) -> Callable[[Path], None]:
    def apply(project: Path) -> None:
        path = project / name
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    return apply


def write(name: str, data: bytes) -> Callable[[Path], None]:
    def apply(project: Path) -> None:
        (project / name).write_bytes(data)
    return apply


def alias_bomb(levels: int = 9) -> bytes:
    lines = ["article: t01_fixture", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, levels)]
    return ("\n".join(lines) + "\n").encode()


def nested(depth: int) -> bytes:
    return f"article: t01_fixture\nx: {'[' * depth}{']' * depth}\n".encode()


def fifo(project: Path) -> None:
    path = project / MAPPING
    path.unlink()
    os.mkfifo(path)


def link_to_secret(project: Path) -> None:
    secret = project.parent / "secret.yaml"
    secret.write_text("password: hunter2-do-not-print\n", encoding="utf-8")
    (project / MAPPING).unlink()
    (project / MAPPING).symlink_to(secret)


def link_loop(project: Path) -> None:
    (project / MAPPING).unlink()
    (project / MAPPING).symlink_to(project / MAPPING)


def larger_than_limit(project: Path) -> None:
    with (project / MAPPING).open("r+b") as handle:
        handle.truncate(32 * 2**20 + 1)  # sparse: nothing is written


def dist_loop(project: Path) -> None:
    shutil.rmtree(project / "dist")
    (project / "dist").symlink_to(project / "dist")


def yml_beside(project: Path) -> None:
    shutil.copy(project / MAPPING, project / "mappings" / "t02_other.yml")


def text_changed_to_latin1(project: Path) -> None:
    seeds = project.parent / "seeds"
    seeds.mkdir()
    (seeds / "t01_fixture.txt").write_bytes("Testville Daily, 1 March 2020. Caf\xe9 ...".encode("latin-1"))


def replace_id(old: str, new: str) -> Callable[[Path], None]:
    return edit(MAPPING, lambda text: text.replace(f"id: {old}\n", f"id: {new}\n", 1))


# (cause, how the project is spoilt, the first line of stderr); every one exits 2
CASES: list[tuple[str, Callable[[Path], None], str]] = [
    ("alias bomb", write(MAPPING, alias_bomb()),
     f"{MAPPING}:2:31: aliases copy more than 10000 values (YAML anchors and aliases may repeat a little, "
     "not multiply a file)"),
    ("deep nesting, past what libyaml's composer survives", write(MAPPING, nested(100_000)),
     f"{MAPPING}:2:67: more than 64 levels of nesting"),
    ("deep nesting, caught while expanding", write(MAPPING, nested(200)),
     f"{MAPPING}:2:67: more than 64 levels of nesting"),
    ("an alias inside the collection it names", write(MAPPING, b"article: t01_fixture\nx: &a [*a]\n"),
     f"{MAPPING}:2:4: more than 64 levels of nesting"),
    ("a control character", write(MAPPING, b"article: t01_fixture\x07\n"),
     f"{MAPPING}:1:21: control characters are not allowed: U+0007"),
    ("not UTF-8", write(MAPPING, b"article: t01_fixture\nentities:\n  - id: caf\xe9\n"),
     f"{MAPPING}:3: not UTF-8 text: invalid continuation byte"),
    ("an id ending in a newline", replace_id("testville", '"testville\\n"'),
     f"{MAPPING}:13:9: entities/2/id: 'testville\\n' is not lowercase letters and digits, words joined by "
     "single hyphens"),
    ("a name ending in a newline", edit(MAPPING, lambda t: t.replace("class: City", 'class: "City\\n"')),
     f"{MAPPING}:14:12: entities/2/class: 'City\\n' is not an ontology term's local name"),
    ("a FIFO among the mapping files", fifo, f"{MAPPING}: is a FIFO (named pipe), not a regular file"),
    ("a mapping file that links elsewhere", link_to_secret,
     f"{MAPPING}: is a symbolic link, not a regular file: only regular files are read, never what a link "
     "points to"),
    ("a loop of links", link_loop,
     f"{MAPPING}: is a symbolic link, not a regular file: only regular files are read, never what a link "
     "points to"),
    ("a file over the size limit", larger_than_limit,
     f"{MAPPING}: is larger than the 32 MiB an input file of this kind may be"),
    ("a .yml mapping file", yml_beside, "mappings/t02_other.yml: is not read: mapping files end in .yaml"),
    ("a dist/ that is a loop of links", dist_loop,
     "dist: is a symbolic link that never reaches a folder (a loop of links): remove it or point it at a folder"),
    ("a catalogue url that is no IRI",
     edit(CATALOGUE, lambda t: t.replace("url: null", 'url: "http://exa mple.org/"')),
     f"{CATALOGUE}:13:10: url: 'http://exa mple.org/' is not an absolute IRI (Invalid IRI code point ' ')"),
    ("a catalogue licence that is no IRI",
     edit(CATALOGUE, lambda t: t.replace("licence: https://creativecommons.org/publicdomain/zero/1.0/",
                                         "licence: CC0")),
     f"{CATALOGUE}:14:14: licence: 'CC0' is not an absolute IRI (No scheme found in an absolute IRI)"),
    ("a publisher id ending in a newline", edit(CATALOGUE, lambda t: t.replace(
        "publisher: testville-daily", 'publisher: "testville-daily\\n"')),
     f"{CATALOGUE}:8:16: articles/0/publisher: 'testville-daily\\n' is not an entity id: lowercase letters and "
     "digits, words joined by single hyphens"),
    ("an unknown entity", edit(MAPPING, lambda t: t.replace("place: testville", "place: nobody-knows-it")),
     f"{MAPPING}:26:14: place: unknown entity or concept 'nobody-knows-it' (not declared in any mapping file, "
     "nor a concept in ontology/vocabularies.ttl)"),
]


@pytest.mark.parametrize(("spoil", "first_line"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_bad_input_is_one_line_exit_2_and_dist_untouched(project: Path, spoil: Callable[[Path], None],
                                                         first_line: str) -> None:
    release, work = digests(project / "dist"), digests(project / "work")
    spoil(project)
    result = ockg(project, "build", seeds=SEEDS)
    assert (result.returncode, result.stderr.splitlines()[:1]) == (2, [first_line])
    assert "Traceback" not in result.stderr and "hunter2" not in result.stderr
    if not (project / "dist").is_symlink():
        assert digests(project / "dist") == release
    assert digests(project / "work") == work
    assert sorted(p.name for p in project.iterdir() if p.name.startswith((".dist-", ".work-"))) == []


def test_a_changed_text_that_is_not_utf8_fails_on_its_hash(project: Path) -> None:
    text_changed_to_latin1(project)
    result = ockg(project, "check", seeds=project.parent / "seeds")
    digest = hashlib.sha256((project.parent / "seeds" / "t01_fixture.txt").read_bytes()).hexdigest()
    assert (result.returncode, result.stderr.splitlines()) == (2, [
        f"{CATALOGUE}:3:5: {project.parent}/seeds/t01_fixture.txt has sha256 {digest}, the catalogue says "
        "05475a9634ae9dfd88eb791e9d6db67b17513ebfecee28f6fa048ec56212d021: the text changed since it was mapped"])


def test_an_article_text_that_is_a_fifo_is_refused_without_hanging(project: Path) -> None:
    seeds = project.parent / "seeds"
    seeds.mkdir()
    os.mkfifo(seeds / "t01_fixture.txt")
    result = ockg(project, "check", seeds=seeds)
    assert (result.returncode, result.stderr.splitlines()) == (2, [
        f"{CATALOGUE}:3:5: text of t01_fixture at {seeds}/t01_fixture.txt: is a FIFO (named pipe), not a "
        "regular file"])


def test_an_id_with_a_newline_stays_on_one_line(project: Path) -> None:
    edit(MAPPING, lambda t: t.replace("leads: example-gang", 'leads: "example-gang\\nX"'))(project)
    result = ockg(project, "check", seeds=SEEDS)
    assert (result.returncode, result.stderr.splitlines()) == (2, [
        f"{MAPPING}:40:14: leads: unknown entity or concept 'example-gang\\nX' (did you mean example-gang?)"])


def test_a_leftover_staging_folder_that_cannot_be_removed_does_not_stop_builds(public_project: Path) -> None:
    """Another user's files in a stale .dist-* folder: the build leaves them and carries on. As root
    the build runs as 'nobody', to whom the project is given, so that the files resist it too."""
    require(os.geteuid() == 0, "only root can leave files in the project that ockg cannot remove")
    project = public_project
    stale = project / ".dist-old" / "theirs"
    stale.mkdir(parents=True)
    (stale / "file").write_text("not ours\n", encoding="utf-8")
    run = _as_another_user(project, keep=[stale, stale / "file"])
    result = run("build")
    assert result.returncode == 0, result.stderr
    assert (stale / "file").is_file()
    assert run("build").returncode == 0


def test_os_refusals_are_one_line_and_exit_2(public_project: Path) -> None:
    project = public_project
    run = _as_another_user(project, keep=[])
    (project / "dist").chmod(0o555)  # a read-only dist/ is replaced whole, not written into
    result = run("build")
    assert result.returncode == 0, result.stderr + result.stdout
    assert [p.name for p in project.iterdir() if p.name.startswith(".dist-")] == []
    release = digests(project / "dist")
    project.chmod(0o555)  # no staging folder can be made beside dist/
    try:
        result = run("build")
    finally:
        project.chmod(0o755)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("ockg: .work-") and result.stderr.endswith(": Permission denied\n")
    assert digests(project / "dist") == release


def test_a_full_disk_is_one_line_and_leaves_dist_untouched(project: Path) -> None:
    """A limit on the size of any file written (RLIMIT_FSIZE, SIGXFSZ ignored) fails writes as a full
    disk would, without filling one."""
    import resource
    import signal

    release = digests(project / "dist")

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    result = subprocess.run([*_OCKG, "build"], cwd=project, env=_env(), capture_output=True, text=True,
                            preexec_fn=small_files, timeout=120)
    assert (result.returncode, result.stderr) == (2, "ockg: File too large\n")
    assert digests(project / "dist") == release
    assert [p.name for p in project.iterdir() if p.name.startswith((".dist-", ".work-"))] == []


@pytest.mark.parametrize(("redirect", "first_line"), [
    ("> /dev/full", "ockg: No space left on device"),
    (">&-", "ockg: standard output is closed (redirect it to /dev/null to discard it)"),
])
def test_a_full_or_closed_stdout_is_one_line_and_exit_2(project: Path, redirect: str, first_line: str) -> None:
    command = " ".join([*_OCKG, "queries"])
    result = subprocess.run(f"{command} {redirect}", shell=True, cwd=project, env=_env(), capture_output=True,
                            text=True, timeout=120)
    assert (result.returncode, result.stderr) == (2, first_line + "\n")


_OCKG = [sys.executable, "-m", "ockg.cli"]


def _env() -> dict[str, str]:
    return {**os.environ, "OCKG_SEEDS": str(SEEDS)}


def _as_another_user(project: Path, keep: list[Path]) -> Callable[..., subprocess.CompletedProcess[str]]:
    """A way to run ockg in project without root's right to write anywhere; keep stays root's."""
    prefix: list[str] = []
    if os.geteuid() == 0:
        require(shutil.which("setpriv") is not None, "setpriv (util-linux) runs ockg as another user")
        prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        for folder, dirs, files in os.walk(project):
            for name in [folder, *(os.path.join(folder, n) for n in dirs + files)]:
                os.chown(name, 65534, 65534, follow_symlinks=False)
        for path in keep:
            os.chown(path, 0, 0)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*prefix, *_OCKG, *args], cwd=project, env=_env(), capture_output=True, text=True,
                              timeout=300)
    return run


def _raised(error: Exception) -> Exception:
    try:
        raise error
    except Exception as exc:  # with its traceback, as main() gets it
        return exc


@pytest.mark.parametrize(("error", "said"), [
    (OSError(errno.ENOSPC, "No space left on device", "dist/ockg.nt"), ("dist/ockg.nt: No space left on device", 2)),
    (PermissionError(errno.EACCES, "Permission denied", "/etc/shadow"), ("/etc/shadow: Permission denied", 2)),
    (OSError(errno.EXDEV, "Invalid cross-device link", "a", None, "b"), ("a: b: Invalid cross-device link", 2)),
    (RecursionError("maximum recursion depth exceeded"), ("the input nests too deeply to be processed", 2)),
    (MemoryError(), ("out of memory", 2)),
    (UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte"),
     ("not UTF-8 text: 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte", 2)),
    (yaml.YAMLError("bad\nthing"), ("malformed YAML: bad thing", 2)),
    (KeyError("entities"), ("internal error, a bug: KeyError: 'entities' (at test_hostile.py:{line}; "
                            "OCKG_DEBUG=1 shows the traceback, please report it)", 70)),
])
def test_every_other_error_becomes_one_line_and_its_exit_code(error: Exception, said: tuple[str, int]) -> None:
    line = _raised.__code__.co_firstlineno + 2
    assert failure(_raised(error)) == (said[0].format(line=line), said[1])


def test_a_bug_is_one_line_exit_70_and_its_traceback_only_when_asked(project: Path) -> None:
    """A stage that breaks in a way nobody foresaw: here the build's own package replaced by a broken one."""
    broken = project / "broken"
    (broken / "ockg" / "build").mkdir(parents=True)
    env = {"PYTHONPATH": str(broken)}
    (broken / "sitecustomize.py").write_text(
        "import ockg.build.dataset as d\ndef build(paths, progress=False):\n    return {}['boom']\n"
        "d.build = build\nimport ockg.build\nockg.build.build = build\n", encoding="utf-8")
    result = ockg(project, "build", seeds=SEEDS, env=env)
    assert (result.returncode, result.stderr) == (70, "ockg: internal error, a bug: KeyError: 'boom' (at "
                                                      "sitecustomize.py:3; OCKG_DEBUG=1 shows the traceback, "
                                                      "please report it)\n")
    result = ockg(project, "build", seeds=SEEDS, env={**env, "OCKG_DEBUG": "1"})
    assert result.returncode == 1 and "Traceback" in result.stderr


@pytest.mark.parametrize("schema", ["mapping", "catalogue"])
def test_both_validators_refuse_a_final_newline_wherever_a_pattern_anchors_the_end(schema: str) -> None:
    """`$` in Python's re (both validators use it) matches before a final newline; ECMA-262's does not."""
    patterns = set(re.findall(r'"pattern": "([^"]*)"', (SCHEMAS / f"{schema}.schema.json").read_text()))
    anchored = {json.loads(f'"{p}"') for p in patterns if p.endswith("$(?!\\\\n)")}
    assert anchored and all(p.endswith("$(?!\\n)") for p in {json.loads(f'"{p}"') for p in patterns} - {r"\S"})
    for pattern in anchored:
        fast = fastjsonschema.compile({"pattern": pattern})
        valid = jsonschema.Draft202012Validator({"pattern": pattern})
        example = _example(pattern)
        fast(example)
        assert valid.is_valid(example)
        with pytest.raises(fastjsonschema.JsonSchemaException):
            fast(example + "\n")
        assert not valid.is_valid(example + "\n")


def _example(pattern: str) -> str:
    """A text the pattern matches whole, for the patterns of our schemas."""
    for candidate in ("a", "ab-c", "t01.txt", "A", "0" * 64, "2020-03-01", "https://github.com/o/n"):
        if re.fullmatch(pattern.removesuffix("(?!\\n)"), candidate):
            return candidate
    raise AssertionError(f"no example for {pattern}")
