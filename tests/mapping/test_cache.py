"""The built vocabularies kept on disk: read back while their files are unchanged, built again
when one is edited, never used from a folder another user could write in."""

import shutil
import tomllib
from pathlib import Path

import pytest

from getbill_import.config import bundled_mappings_dir
from getbill_import.mapping import _cache
from getbill_import.mapping.compose import load_lexicon
from getbill_import.mapping.headers import match_header
from getbill_import.mapping.values import period_header
from getbill_import.mapping.vocabulary import load_vocabulary


@pytest.fixture
def mappings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the bundled mappings folder, and an empty cache folder of the test's own."""
    folder = tmp_path / "mappings"
    shutil.copytree(bundled_mappings_dir(), folder)
    monkeypatch.setenv(_cache.CACHE_ENV, str(tmp_path / "cache"))
    _clear()
    yield folder
    _clear()


def _clear() -> None:
    from getbill_import.mapping import compose, headers, values, vocabulary

    headers._match_cached.cache_clear()
    headers._header_words.cache_clear()
    vocabulary._load.cache_clear()
    compose._load.cache_clear()
    values._value_data.cache_clear()
    _cache._usable.cache_clear()


def _entries(mappings: Path) -> list[str]:
    return sorted(p.name.split("-")[0] for p in (mappings.parent / "cache").glob("*.pickle"))


def _unparsable(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> dict:
        raise AssertionError("a TOML file was parsed although its built form was kept")

    monkeypatch.setattr(tomllib, "loads", refuse)


def test_a_second_run_reads_the_built_vocabularies_back_without_parsing_a_file(mappings, monkeypatch):
    first = load_vocabulary(mappings)
    lexicon = load_lexicon(mappings)
    # the lexicon of the vocabulary's words beside it: both kept, neither replacing the other
    worded = load_lexicon(mappings, ["zorglubs"])
    assert period_header("Janvier", mappings)
    assert _entries(mappings) == ["lexicon", "lexicon", "values", "vocabulary"]
    _clear()
    _unparsable(monkeypatch)
    again = load_vocabulary(mappings)
    assert again.terms == first.terms and again.languages == first.languages
    assert load_lexicon(mappings).tags == lexicon.tags
    assert load_lexicon(mappings, ["zorglubs"]).known == worded.known != lexicon.known
    assert period_header("Janvier", mappings) and not period_header("Montant", mappings)
    assert match_header("Montant TTC", mappings).field == "amount"


def test_an_edited_vocabulary_is_built_again_and_its_old_form_removed(mappings):
    assert match_header("Zorglub", mappings).field is None
    synonyms = mappings / "synonyms" / "fr.toml"
    synonyms.write_text(synonyms.read_text(encoding="utf-8") + '\n[[group]]\nfield = "amount"\nterms = ["Zorglub"]\n', encoding="utf-8")
    _clear()
    assert match_header("Zorglub", mappings).field == "amount"
    assert _entries(mappings).count("vocabulary") == 1


def test_a_broken_entry_is_built_again(mappings):
    load_vocabulary(mappings)
    for entry in (mappings.parent / "cache").glob("vocabulary-*.pickle"):
        entry.write_bytes(b"not a pickle")
    _clear()
    assert len(load_vocabulary(mappings)) > 1000
    assert all(e.read_bytes() != b"not a pickle" for e in (mappings.parent / "cache").glob("vocabulary-*.pickle"))


def test_a_folder_others_may_write_in_is_not_used(mappings, monkeypatch):
    folder = mappings.parent / "cache"
    folder.mkdir()
    folder.chmod(0o777)
    load_vocabulary(mappings)
    assert _entries(mappings) == []
    _unparsable(monkeypatch)
    _clear()
    with pytest.raises(AssertionError, match="was parsed"):
        load_vocabulary(mappings)


def test_the_cache_turned_off_keeps_nothing(mappings, monkeypatch):
    monkeypatch.setenv(_cache.CACHE_ENV, "off")
    assert len(load_vocabulary(mappings)) > 1000
    assert not (mappings.parent / "cache").exists()
