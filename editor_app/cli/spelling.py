"""Spelling commands: check an article, and keep the newsroom dictionary.

    copydesk spellcheck ARTICLE [--no-suggestions]   (exit 1 if a word is misspelled)
    copydesk dictionary list | add WORD... | remove WORD...

The article's language picks the dictionary, as in the window; the newsroom's words and
the words the article ignores count as spelt right.
"""

from __future__ import annotations

from .arguments import READS, record_ref
from .output import UserError, emit, table

# Hunspell takes ~0.1 s a suggestion: past this many different words (an article in
# another language than its tag has thousands) the rest are listed without, in seconds.
MAX_SUGGESTED_WORDS = 40

FIELD_LABELS = {"headline": "headline", "standfirst": "standfirst", "body": "body", "caption": "caption",
                "alt_text": "alt text"}  # fmt: skip


def register(subparsers, common) -> None:
    p = subparsers.add_parser(
        "spellcheck",
        parents=[common],
        help="misspelled words of an article's headline, standfirst, body, captions and alt text (exit 1 if any)",
    )
    p.add_argument("article", metavar="ARTICLE", type=record_ref)
    p.add_argument("--no-suggestions", action="store_true", help="list the words only (suggestions take ~0.1 s each)")
    p.set_defaults(handler=cmd_spellcheck, opens=READS)

    dictionary = subparsers.add_parser("dictionary", parents=[common], help="the newsroom dictionary of learnt words")
    commands = dictionary.add_subparsers(dest="dictionary_command", metavar="SUBCOMMAND", required=True)
    p = commands.add_parser("list", parents=[common], help="every learnt word")
    p.set_defaults(handler=cmd_dictionary_list, opens=READS)
    p = commands.add_parser("add", parents=[common], help="learn words for every article of the library")
    p.add_argument("words", nargs="+", metavar="WORD")
    p.set_defaults(handler=cmd_dictionary_add)
    p = commands.add_parser("remove", parents=[common], help="forget learnt words")
    p.add_argument("words", nargs="+", metavar="WORD")
    p.set_defaults(handler=cmd_dictionary_remove)


def field_location(misspelling) -> str:
    label = FIELD_LABELS.get(misspelling.field, misspelling.field)
    if misspelling.placement_id is not None:
        label = f"{label} of placement {misspelling.placement_id}"
    return f"{label}:{misspelling.line}:{misspelling.column}"


def cmd_spellcheck(args, library) -> int:
    from ..spelling import Dictionaries, NewsroomWords, SpellChecker, SpellingError, article_misspellings

    article = library.get_article(args.article)
    try:
        dictionary = Dictionaries().open(article.language)
    except SpellingError as exc:
        raise UserError(str(exc)) from None
    checker = SpellChecker(dictionary, article.language, NewsroomWords(library.newsroom_words()))
    checker.set_ignored_words(library.ignored_words(article.id))
    found = article_misspellings(checker, article, library.placements(article.id), suggest=False)
    found, suggested = _with_suggestions(checker, found, 0 if args.no_suggestions else MAX_SUGGESTED_WORDS)
    data = {
        "article_id": article.id,
        "language": article.language,
        "dictionary": checker.tag,
        "misspellings": [miss.to_dict() for miss in found],
        "suggested_words": suggested,
    }
    lines = []
    for miss in found:
        line = f"{field_location(miss)}: {miss.word}"
        if miss.suggestions:
            line += f"  ({', '.join(miss.suggestions)})"
        lines.append(line)
    count = len(found)
    different = len({miss.word for miss in found})
    if suggested < different and not args.no_suggestions:
        lines.append(f"(suggestions for the first {suggested} of {different} different words only)")
    lines.append(
        f"{count} misspelled word{'s' if count != 1 else ''} in article {article.id} ({checker.tag} dictionary)."
        if found
        else f"No misspelled words in article {article.id} ({checker.tag} dictionary)."
    )
    emit(args, data, "\n".join(lines))
    return 1 if found else 0


def _with_suggestions(checker, found: list, limit: int) -> tuple[list, int]:
    """`found` with suggestions for its first `limit` different words, and how many got them."""
    from dataclasses import replace

    words: list[str] = list(dict.fromkeys(miss.word for miss in found))[:limit]
    suggestions = {word: checker.suggestions(word) for word in words}
    return [replace(miss, suggestions=suggestions.get(miss.word, ())) for miss in found], len(words)


def cmd_dictionary_list(args, library) -> int:
    words = library.newsroom_words()
    emit(args, words, table([[word] for word in words], ["WORD"]))
    return 0


def cmd_dictionary_add(args, library) -> int:
    from ..library.dictionary import checked_word

    # Every word checked before one is learnt: a refusal halfway would leave the first ones
    # learnt while the one line said only what failed.
    words = list(dict.fromkeys(checked_word(word) for word in args.words))
    added = [library.add_newsroom_word(word) for word in words]
    emit(args, {"added": added}, f"Learnt {', '.join(added)} for every article of the library.")
    return 0


def cmd_dictionary_remove(args, library) -> int:
    from ..library.dictionary import WordNotInDictionaryError, checked_word

    words = list(dict.fromkeys(checked_word(word) for word in args.words))
    learnt = set(library.newsroom_words())
    for word in words:
        if word not in learnt:
            raise WordNotInDictionaryError(word)
    for word in words:
        library.remove_newsroom_word(word)
    emit(args, {"removed": words}, f"Forgot {', '.join(words)}.")
    return 0
