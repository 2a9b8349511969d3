"""The text analysis every search backend shares (search/analysis): stemming,
stop words, compound splitting, query plans and the starter synonyms."""

import gzip

import pytest

from search.analysis import ANALYSED_LANGUAGES, QueryPlan, analyse, index_terms
from search.analysis import plan_query as _plan_query
from search.analysis.decompound import split, word_list, word_list_path
from search.analysis.stemming import stem
from search.analysis.stopwords import STOP_WORDS
from search.models import SynonymGroup
from search.normalize import fold
from search.synonyms import find_terms, starter_groups, synonym_groups

AI = ["artificial intelligence", "ai", "kunstmatige intelligentie", "ki"]


def plan_query(text: str, language: str = "en", groups=(), prefix=False) -> QueryPlan:
    """A plan without synonyms unless the test gives some (no database)."""
    return _plan_query(text, language, list(groups), prefix)


def same_stem(language: str, *variants: str) -> bool:
    return len({stem(fold(v), language) for v in variants}) == 1


@pytest.mark.parametrize(("language", "variants"), [
    ("en", ["university", "universities"]),
    ("en", ["study", "studies", "studied", "studying"]),
    ("en", ["analysis", "analyses"]),
    ("en", ["hypothesis", "hypotheses"]),
    ("en", ["research", "researching", "researched"]),
    ("en", ["library", "libraries"]),
    ("en", ["criterion", "criteria"]),
    ("nl", ["onderzoek", "onderzoeken"]),
    ("nl", ["universiteit", "universiteiten"]),
    ("nl", ["laboratorium", "laboratoria"]),
    ("nl", ["museum", "musea"]),
    ("nl", ["wetenschap", "wetenschappen"]),
    ("nl", ["ziekte", "ziekten", "ziektes"]),
    ("nl", ["studie", "studies"]),
    ("nl", ["techniek", "technieken"]),
    ("fr", ["recherche", "recherches"]),
    ("fr", ["université", "universités", "universite"]),
    ("fr", ["étude", "études"]),
    ("fr", ["travail", "travaux"]),
    ("fr", ["hôpital", "hôpitaux"]),
    ("fr", ["publiée", "publiées", "publié", "publiés"]),
    ("fr", ["donnée", "données"]),
    ("de", ["Universität", "Universitäten", "universitat", "universitaten"]),
    ("de", ["Forschung", "Forschungen"]),
    ("de", ["Krankheit", "Krankheiten"]),
    ("de", ["Ergebnis", "Ergebnisse"]),
    ("de", ["Museum", "Museen"]),
    ("de", ["Zentrum", "Zentren"]),
    ("de", ["Studie", "Studien"]),
    ("de", ["Arzt", "Ärzte"]),
])
def test_stemming_joins_singular_plural_and_verb_forms(language, variants):
    assert same_stem(language, *variants), [stem(fold(v), language) for v in variants]


def test_stop_words_are_folded_function_words():
    assert set(STOP_WORDS) == set(ANALYSED_LANGUAGES)
    for language, words in STOP_WORDS.items():
        assert 100 <= len(words) <= 250, language
        assert all(word == fold(word) and word.isalpha() for word in words)
    assert {"a", "of", "the"} <= STOP_WORDS["en"]
    assert {"fur", "uber", "der"} <= STOP_WORDS["de"]  # für, über: folded
    assert "ai" not in STOP_WORDS["fr"]  # 'ai' (avoir) is also AI
    assert "it" not in STOP_WORDS["en"]


def test_the_index_drops_the_stop_words_of_the_text_language():
    assert analyse("The history of the universities", "en") == ["histori", "universiti"]
    assert analyse("De geschiedenis van de universiteiten", "nl") == [
        stem("geschiedenis", "nl"), "univers"]
    # Another language's stop words are ordinary words in an English text.
    assert "die" in analyse("Die casting", "en")


def test_a_query_drops_stop_words_only_when_another_word_remains():
    assert plan_query("history of the universities").words() == [
        "history", "universities"]
    assert plan_query("the").words() == ["the"]
    # An English 'of' typed on the Dutch site is dropped too: English texts
    # are indexed without it.
    assert plan_query("history of art", "nl").words() == ["history", "art"]


def test_texts_in_unanalysed_languages_are_folded_words():
    assert analyse("Universidades públicas", "es") == ["universidades", "publicas"]
    alternatives = plan_query("universidades").slots[0].alternatives
    assert ("universidades",) in alternatives


@pytest.mark.parametrize(("language", "word", "parts"), [
    ("nl", "klimaatonderzoek", ("klimaat", "onderzoek")),
    ("nl", "gezondheidszorg", ("gezondheid", "zorg")),
    ("nl", "klimaatverandering", ("klimaat", "verandering")),
    ("nl", "onderzoeksgroep", ("onderzoek", "groep")),
    ("nl", "energietransitie", ("energie", "transitie")),
    ("de", "klimaforschung", ("klima", "forschung")),
    ("de", "gesundheitswesen", ("gesundheit", "wesen")),
    ("de", "forschungszentrum", ("forschung", "zentrum")),
    ("de", "universitatsklinikum", ("universitat", "klinikum")),
    ("de", "umweltschutz", ("umwelt", "schutz")),
])
def test_compounds_split_into_dictionary_words(language, word, parts):
    assert split(word, language) == parts


def test_compound_splitting_leaves_other_words_alone():
    assert split("wasserstoffspeicherung", "de")[-1] == "speicherung"
    for word in ["onderzoek", "wetenschap", "universiteit", "gemeenschap"]:
        assert split(word, "nl") == (), word
    for word in ["untersuchung", "wissenschaft", "gesellschaft", "forschung"]:
        assert split(word, "de") == (), word
    assert split("klimaatonderzoek", "en") == ()  # only Dutch and German
    assert split("klimaat", "nl") == ()  # too short to be split
    # zonne-energie: the hyphen already makes two words.
    assert index_terms("zonne-energie", "nl") == index_terms("zonne energie", "nl")


def test_word_lists_are_committed_compact_and_folded():
    for language in ("nl", "de"):
        path = word_list_path(language)
        assert path.stat().st_size < 1_500_000
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            first = [next(lines).strip() for _ in range(100)]
        assert all(word == fold(word) and word.isalpha() for word in first)
        assert len(word_list(language)) > 40_000


def test_a_compound_is_indexed_with_the_stems_of_its_parts():
    tokens = analyse("Klimaatonderzoek", "nl")
    assert tokens[0] == stem("klimaatonderzoek", "nl")
    assert {stem("klimaat", "nl"), stem("onderzoek", "nl")} <= set(tokens[1:])
    tokens = analyse("Das Forschungszentrum", "de")
    assert tokens == [stem("forschungszentrum", "de"), stem("forschung", "de"),
                      stem("zentrum", "de")]


def test_a_query_word_has_its_stems_in_every_language():
    (slot,) = plan_query("universities", "nl").slots
    assert slot.words == ("universities",)
    for language in ANALYSED_LANGUAGES:
        assert (stem("universities", language),) in slot.alternatives
    # A visitor's English word finds a French text's stem.
    french = set(analyse("Les universités", "fr"))
    assert any(set(a) <= french for a in slot.alternatives)


def test_a_compound_query_also_matches_its_parts():
    (slot,) = plan_query("klimaatonderzoek", "en").slots
    assert (stem("klimaatonderzoek", "nl"),) in slot.alternatives
    assert (stem("klimaat", "nl"), stem("onderzoek", "nl")) in slot.alternatives
    # And the separate words find the compound: its parts are indexed.
    tokens = set(analyse("Klimaatonderzoek in Vlaanderen", "nl"))
    plan = plan_query("klimaat onderzoek", "nl")
    assert all(any(set(a) <= tokens for a in s.alternatives) for s in plan.slots)


def test_a_synonym_term_becomes_one_slot_with_every_term():
    plan = plan_query("AI in health care", "en", [AI])
    assert plan.words() == ["ai", "health", "care"]
    slot = plan.slots[0]
    assert slot.words == ("ai",)
    assert ("ai",) in slot.alternatives and ("ki",) in slot.alternatives
    assert ("artifici", "intellig") in slot.alternatives
    assert (stem("kunstmatige", "nl"), stem("intelligentie", "nl")) in slot.alternatives
    # A multi-word term in the query is found too, longest term first.
    plan = plan_query("kunstmatige intelligentie", "nl", [AI])
    assert len(plan.slots) == 1 and ("ai",) in plan.slots[0].alternatives


def test_find_terms_takes_whole_words_longest_first():
    groups = [["health care", "zorg"], ["health", "gezondheid"], AI]
    matches = find_terms(["fair", "health", "care", "ai"], groups)
    assert [(m.start, m.end, m.term) for m in matches] == [
        (1, 3, "health care"), (3, 4, "ai")]
    assert find_terms(["fair", "training"], [AI]) == []


def test_find_terms_matches_any_inflection_of_a_term():
    """A plural or singular in the query is the group's term ('electric
    vehicles' is 'electric vehicle'), in each analysed language; a stem is
    only compared with a stem of the same language."""
    cars = ["electric vehicle", "elektrisch voertuig", "voiture electrique"]
    (match,) = find_terms(["electric", "vehicles", "smart", "grid"], [cars])
    assert (match.start, match.end, match.term) == (0, 2, "electric vehicle")
    (match,) = find_terms(["elektrische", "voertuigen"], [cars])
    assert match.term == "elektrisch voertuig"
    (match,) = find_terms(["voitures", "electriques"], [cars])
    assert match.term == "voiture electrique"
    assert find_terms(["electric", "guitar"], [cars]) == []
    assert find_terms(["vehicles", "electric"], [cars]) == []  # word order counts


def test_prefix_plans_keep_the_typed_word_of_the_last_slot():
    plan = plan_query("climate intel", prefix=True)
    assert plan.prefix
    assert plan.slots[-1].alternatives[0] == ("intel",)
    assert (stem("climate", "en"),) in plan.slots[0].alternatives
    # The word being typed is never dropped as a stop word ('the' -> 'theory').
    assert plan_query("climate the", prefix=True).words() == ["climate", "the"]


def test_plans_stay_small():
    plan = plan_query(" ".join(f"word{n}" for n in range(30)))
    assert len(plan.slots) <= 12
    plan = plan_query("AI", "en", [AI + [f"term {n}" for n in range(40)]])
    assert all(len(s.alternatives) <= 12 for s in plan.slots)
    assert not plan_query("  ?! ")


def test_with_alternatives_adds_typo_corrections():
    plan = plan_query("universty").with_alternatives({0: [("universiti",)]})
    assert plan.slots[0].alternatives[-1] == ("universiti",)


def test_starter_synonyms_are_general_research_vocabulary():
    groups = starter_groups()
    assert 60 <= len(groups) <= 150
    folded = [{fold(t) for t in g.split(",")} for g in groups]
    assert any({"artificial intelligence", "kunstmatige intelligentie"} <= g
               for g in folded)
    assert all(len(g) > 1 for g in folded)


@pytest.mark.django_db
def test_synonym_groups_are_read_from_the_table_and_used_by_default():
    assert synonym_groups() == []
    SynonymGroup.objects.create(terms="AI, Künstliche Intelligenz, COVID-19")
    assert synonym_groups() == [["kunstliche intelligenz", "covid 19", "ai"]]
    slot = _plan_query("ai", "en").slots[0]
    assert ("kunstlich", "intelligenz") in slot.alternatives
