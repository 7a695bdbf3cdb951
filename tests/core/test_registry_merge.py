"""Merging stores unites their registries: the same Wikidata id or the same name and kind
is one entry; anything else that looks alike is reported, never merged silently."""

from __future__ import annotations

import json
from dataclasses import replace

from registry_data import build

from annotator.core import History, Store, default_schema, merge_stores
from annotator.core.operations import CreateEntry
from annotator.core.registry import Entry


def entries_of(store: Store) -> dict[str, Entry]:
    return {e.name: e for e in store.registry.entries()}


def test_merging_two_registries_with_a_conflict(tmp_path):
    # bob's laptop: the corpus annotated, with its registry (registry_data.py)
    bob_path = tmp_path / "bob.db"
    with Store.create(bob_path, default_schema()) as bob:
        build(bob, tmp_path, "bob")
        history = History(bob, "bob")
        history.run(CreateEntry(Entry(0, "Ali Larijani", "PERSON", wikidata="Q312222")))
        history.run(CreateEntry(Entry(0, "Javad Zarif", "PERSON")))
    # the team's store: its own registry, made apart
    team_path = tmp_path / "team.db"
    with Store.create(team_path, default_schema()) as team:
        history = History(team, "carol")
        for entry in (Entry(0, "Ayatollah Khamenei", "PERSON", ("رهبر",), "Supreme Leader",
                            "Q57336", {"role": "official"}),
                      Entry(0, "Mohammad Javad Zarif", "PERSON", ("Zarif",)),
                      Entry(0, "Ali Larijani", "PERSON", wikidata="Q1")):
            history.run(CreateEntry(entry))
        before = entries_of(team)
        summary = merge_stores(team, [bob_path])
        after = entries_of(team)
        # the same Wikidata id: one entry, bob's names joined as aliases, team's values kept
        khamenei = after["Ayatollah Khamenei"]
        assert khamenei.id == before["Ayatollah Khamenei"].id
        assert khamenei.aliases == ("رهبر", "Ali Khamenei", "Khamenei", "علی خامنه‌ای")
        assert khamenei.attrs == {"role": "official", "gender": "man"}
        assert khamenei.description == "Supreme Leader"
        # the same name and kind: one entry
        assert after["Mohammad Javad Zarif"].id == before["Mohammad Javad Zarif"].id
        # new people are added
        assert after["Hassan Rouhani"].wikidata == "Q14101"
        # the same name with another Wikidata id, and a name alike: added, and reported
        larijanis = [e for e in team.registry.entries() if e.name == "Ali Larijani"]
        assert sorted(e.wikidata for e in larijanis) == ["Q1", "Q312222"]
        assert "Javad Zarif" in after
        report = summary.report()
        assert "Registry: 3 entries added, 2 already here (2 given new names or values)." \
            in report
        dupes = summary.registry.duplicates
        assert len(dupes) == 2
        assert (f"Ali Larijani (PERSON, Q312222) has the name of entry "
                f"{before['Ali Larijani'].id} (Q1) but another Wikidata id") in dupes[0]
        assert (f"Javad Zarif (PERSON) added as entry {after['Javad Zarif'].id}; looks like "
                f"entry {before['Mohammad Javad Zarif'].id} (Mohammad Javad Zarif)") in dupes[1]
        # bob's links came with his spans, to the team's entries
        linked = {(s.text, team.registry.linked_entry(s.id))
                  for pk in (1, 2, 3) for s in team.annotations.spans(pk, "bob")
                  if s.label == "PERSON"}
        assert ("Ayatollah Ali Khamenei", khamenei.id) in linked
        assert ("علي خامنئي", khamenei.id) in linked
        assert ("Zarif", after["Mohammad Javad Zarif"].id) in linked
        assert summary.links_added == 4
        assert team.reports.check() == []
        # merging again changes nothing: the entries added last time are matched now
        again = merge_stores(team, [bob_path])
        assert (again.registry.added, again.registry.duplicates, again.links_added) == (
            0, [], 0)
        assert len(list(team.registry.entries())) == 6


def test_a_source_whose_entry_kind_the_target_lacks_is_refused_alone(tmp_path):
    source_path = tmp_path / "source.db"
    with Store.create(source_path, default_schema()) as source:
        History(source, "bob").run(CreateEntry(Entry(0, "Acme", "ORG")))
    schema = default_schema()
    schema = replace(schema, labels=tuple(label for label in schema.labels
                                          if label.name != "ORG"))
    team_path = tmp_path / "team.db"
    with Store.create(team_path, schema) as team:
        summary = merge_stores(team, [source_path])
        assert summary.failed_sources == [str(source_path)]
        assert "kind 'ORG' is not an entity label" in str(summary.errors[0])
        assert team.registry.entry_count() == 0


def test_cli_merge_reports_possible_duplicates(run, tmp_path):
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    for path, name in ((one, "Hassan Rouhani"), (two, "Hasan Rouhani")):
        run("init", path)
        run("registry", path, "add", name, "--kind", "PERSON")
    result = run("merge", one, two)
    assert result.exit_code == 0, result.output
    assert "Possible duplicates, not merged (1; merge them with" in result.stdout
    assert "Hasan Rouhani (PERSON) added as entry 2; looks like entry 1 (Hassan Rouhani)" \
        in result.stdout
    as_json = json.loads(run("merge", one, two, "--json").stdout)
    assert as_json["registry"]["added"] == 0 and as_json["registry"]["matched"] == 1


def test_two_people_of_one_name_stay_two_and_keep_their_links(tmp_path):
    """A source with two entries of one name (two people) and a target with one of that
    name: the first is the target's, the second is added and reported, never merged into
    the same entry; each source span keeps its own person."""
    from annotator.core.operations import LinkEntry
    bob_path = tmp_path / "bob.db"
    with Store.create(bob_path, default_schema()) as bob:
        build(bob, tmp_path, "bob")
        history = History(bob, "bob")
        for description in ("the minister", "the footballer"):
            history.run(CreateEntry(Entry(0, "Zarif", "PERSON", description=description)))
        minister, footballer = sorted(e.id for e in bob.registry.entries()
                                      if e.name == "Zarif")
        zarifs = sorted((s for pk in (1, 2) for s in bob.annotations.spans(pk, "bob")
                         if s.text == "Zarif"), key=lambda s: s.article)
        history.run(LinkEntry(zarifs[0].id, minister))  # a1's Zarif: was linked elsewhere
        history.run(LinkEntry(zarifs[1].id, footballer))  # a2's
    team_path = tmp_path / "team.db"
    with Store.create(team_path, default_schema()) as team:
        History(team, "carol").run(CreateEntry(Entry(0, "Zarif", "PERSON")))
        (ours,) = team.registry.entries()
        summary = merge_stores(team, [bob_path])
        zarifs = [e for e in team.registry.entries() if e.name == "Zarif"]
        assert [e.description for e in zarifs] == ["the minister", "the footballer"]
        assert zarifs[0].id == ours.id  # the same name and kind: the target's entry
        assert (f"{bob_path}: Zarif (PERSON, entry {footballer} there) has the name of "
                f"entry {ours.id}, which its entry {minister} matched already"
                in summary.registry.duplicates)
        linked = {team.annotations.span(s).article: e for s, e in team.conn.execute(
            "SELECT l.span, l.entry FROM entry_links l JOIN spans s ON s.id = l.span "
            "WHERE s.text = 'Zarif'")}
        a1, a2 = (team.annotations.article_by_id(a).pk for a in ("a1", "a2"))
        assert linked == {a1: zarifs[0].id, a2: zarifs[1].id}
        assert team.reports.check() == []


def test_a_registry_file_with_two_people_of_one_name_adds_both(tmp_path):
    from annotator.core.registry.jsonl import import_registry
    path = tmp_path / "registry.jsonl"
    path.write_text('{"id": 3, "name": "Zarif", "kind": "PERSON"}\n'
                    '{"id": 7, "name": "Zarif", "kind": "PERSON"}\n', encoding="utf-8")
    with Store.memory(default_schema()) as store:
        summary = import_registry(store, path)
        assert [e.id for e in store.registry.entries()] == [3, 7]  # the file's ids, free
        assert summary.added == 2
        again = import_registry(store, path)  # the same file again: the same entries
        assert (again.added, again.matched) == (0, 2)
        assert store.registry.entry_count() == 2


def test_links_the_target_cannot_hold_are_counted_not_dropped_silently(tmp_path, run):
    """A JSONL source's entry ids name its store's registry (not carried), and an entry
    matched by Wikidata id to one of a kind the span cannot link to: both are left out and
    said."""
    bob_path = tmp_path / "bob.db"
    with Store.create(bob_path, default_schema()) as bob:
        build(bob, tmp_path, "bob")
    exported = tmp_path / "bob.jsonl"
    assert run("export", bob_path, "-o", exported).exit_code == 0
    team_path = tmp_path / "team.db"
    with Store.create(team_path, default_schema()) as team:
        summary = merge_stores(team, [exported])
        assert summary.links_left_out == 4
        assert "Links to registry entries left out: 4 (a JSONL source's" in summary.report()
        assert team.conn.execute("SELECT count(*) FROM entry_links").fetchone()[0] == 0
    other_path = tmp_path / "other.db"
    with Store.create(other_path, default_schema()) as other:
        History(other, "carol").run(CreateEntry(Entry(0, "Khamenei Foundation", "ORG",
                                                      wikidata="Q57336")))
        summary = merge_stores(other, [bob_path])
        # Ali Khamenei (PERSON, Q57336) is the ORG entry here: his 3 mentions cannot link
        assert summary.links_left_out == 3 and summary.links_added == 1
        assert summary.to_dict()["links_left_out"] == 3


def test_a_source_mention_s_link_to_an_entry_is_merged_with_it(tmp_path):
    """"Iran’s minister" is a source mention, not a name; linked to Zarif's entry in bob's
    store, it stays linked to that entry in the team's."""
    from annotator.core import AddSpan
    from annotator.core.operations import LinkEntry
    bob_path = tmp_path / "bob.db"
    with Store.create(bob_path, default_schema()) as bob:
        entries = build(bob, tmp_path, "bob")
        pk = bob.annotations.article_by_id("a3").pk
        text = bob.annotations.article(pk).text
        start = text.index("Iran’s minister")
        history = History(bob, "bob")
        change = history.run(AddSpan(pk, "bob", start, start + 15, "MENTION"))
        history.run(LinkEntry(next(iter(change.spans)), entries["Mohammad Javad Zarif"]))
    team_path = tmp_path / "team.db"
    with Store.create(team_path, default_schema()) as team:
        summary = merge_stores(team, [bob_path])
        assert summary.links_left_out == 0
        [(entry,)] = team.conn.execute(
            "SELECT e.name FROM entry_links l JOIN spans s ON s.id = l.span "
            "JOIN entries e ON e.id = l.entry WHERE s.label = 'MENTION'").fetchall()
        assert entry == "Mohammad Javad Zarif"
        assert team.reports.check() == []
