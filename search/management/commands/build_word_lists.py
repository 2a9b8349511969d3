"""python manage.py build_word_lists [--source /usr/share/hunspell]

Writes search/analysis/data/<lang>.words.gz, the word lists of the Dutch and
German compound splitter (search/analysis/decompound.py), from the hunspell
dictionaries. The files are committed: the hub never reads the OS
dictionaries at run time. Run it again only to refresh the lists.

Kept: the dictionary's entries (stems), folded, alphabetic, of at least
decompound.MIN_PART letters; Dutch entries with a capital (names) and German
ones with a capital after the first letter (acronyms) are left out, as are
forms hunspell allows only inside compounds or with an affix ('Forschungs':
the splitter handles linking morphemes itself) and forbidden words. German
also gets the '-ung' nouns of its verbs (affix flag J: 'speichern' ->
'speicherung'), which the dictionary holds as affixes only.
"""

import gzip
import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search.analysis.decompound import MIN_PART, word_list_path
from search.normalize import fold

# language: (dictionary name, keep capitalised entries, suffix flags to expand)
SOURCES = {"nl": ("nl", False, ()), "de": ("de_DE", True, ("J",))}
_SKIP_DIRECTIVES = ("NEEDAFFIX", "ONLYINCOMPOUND", "FORBIDDENWORD")


class Affixes:
    """What the builder needs of a hunspell .aff file: the flag syntax, the
    flags that mark entries to skip, and suffix rules."""

    def __init__(self, path: Path) -> None:
        self.long_flags = False
        self.skip: set[str] = set()
        self.suffixes: dict[str, list[tuple[str, str, re.Pattern]]] = {}
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            fields = line.split()
            if len(fields) < 2:
                continue
            if fields[0] == "FLAG":
                self.long_flags = fields[1] == "long"
            elif fields[0] in _SKIP_DIRECTIVES:
                self.skip.add(fields[1])
            elif fields[0] == "SFX" and len(fields) >= 5:
                strip, add, condition = fields[2], fields[3].split("/")[0], fields[4]
                self.suffixes.setdefault(fields[1], []).append((
                    "" if strip == "0" else strip, "" if add == "0" else add,
                    re.compile(f"(?:{condition})$")))

    def flags(self, text: str) -> set[str]:
        if self.long_flags:
            return {text[i:i + 2] for i in range(0, len(text), 2)}
        return set(text)

    def expand(self, stem: str, flag: str) -> list[str]:
        return [stem[:len(stem) - len(strip)] + add
                for strip, add, condition in self.suffixes.get(flag, [])
                if condition.search(stem) and stem.endswith(strip)]


def read_words(dic: Path, affixes: Affixes, capitalised: bool,
               expand: tuple[str, ...], progress=None) -> set[str]:
    """The folded words of a hunspell .dic file kept for the word list."""
    kept: set[str] = set()
    lines = dic.read_text(encoding="utf-8", errors="replace").splitlines()
    for line in tqdm(lines[1:], disable=progress is None, file=progress,
                     unit=" entries", mininterval=0.5):
        if not line or line[0].isspace():
            continue
        entry, _slash, flag_text = line.split()[0].partition("/")
        flags = affixes.flags(flag_text)
        if flags & affixes.skip:
            continue
        if not capitalised and entry != entry.lower():
            continue
        if entry[1:] != entry[1:].lower():
            continue
        forms = [entry]
        for flag in flags & set(expand):
            forms += affixes.expand(entry, flag)
        for form in forms:
            word = fold(form)
            if len(word) >= MIN_PART and word.isascii() and word.isalpha():
                kept.add(word)
    return kept


class Command(BaseCommand):
    help = "Build the compound splitter's word lists from hunspell dictionaries."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--source", default="/usr/share/hunspell",
                            help="Folder with nl.dic/.aff and de_DE.dic/.aff.")

    def handle(self, *args, source: str, **options) -> None:
        folder = Path(source)
        for language, (name, capitalised, expand) in SOURCES.items():
            dic, aff = folder / f"{name}.dic", folder / f"{name}.aff"
            if not dic.exists() or not aff.exists():
                raise CommandError(f"{dic} or {aff} is missing (apt install "
                                   f"hunspell-{language}).")
            self.stdout.write(f"{language}: reading {dic}")
            words = read_words(dic, Affixes(aff), capitalised, expand,
                               progress=self.stderr)
            target = word_list_path(language)
            target.parent.mkdir(parents=True, exist_ok=True)
            data = "".join(f"{word}\n" for word in sorted(words)).encode()
            with target.open("wb") as raw, gzip.GzipFile(
                    fileobj=raw, mode="wb", mtime=0, compresslevel=9) as out:
                out.write(data)
            self.stdout.write(self.style.SUCCESS(
                f"{language}: {len(words):,} words -> {target} "
                f"({target.stat().st_size / 1e6:.2f} MB)"))
