"""The figures behind the Speakers view: counted for a few entries as for all, and the share
of quotes by an entry attribute overall and by month."""

from __future__ import annotations

from registry_data import build

from annotator.core.registry.speakers import attribute_shares, figures, speaker_rows


def test_figures_of_some_entries_are_those_of_all(store, tmp_path):
    entries = build(store, tmp_path)
    everyone = figures(store)
    khamenei, zarif = entries["Ali Khamenei"], entries["Mohammad Javad Zarif"]
    assert figures(store, entries=[khamenei]) == {khamenei: everyone[khamenei]}
    assert figures(store, entries=[zarif, entries["Hassan Rouhani"]]) == {
        zarif: everyone[zarif]}  # nobody mentions Rouhani: no figures
    assert figures(store, entries=[]) == {}
    rows = {row["id"]: row for row in speaker_rows(store)}
    assert everyone[khamenei] == {key: rows[khamenei][key] for key in everyone[khamenei]}


def test_share_of_quotes_by_gender_overall_and_by_month(store, tmp_path):
    entries = build(store, tmp_path)
    assert attribute_shares(store, "gender") == (
        {"man": 3}, {"2024-01": {"man": 1}, "2024-03": {"man": 1}, "2024-05": {"man": 1}})
    # Zarif without a gender: his quote counts as no value
    from dataclasses import replace

    from annotator.core import History
    from annotator.core.operations import EditEntry
    zarif = store.registry.entry(entries["Mohammad Javad Zarif"])
    History(store, "alice").run(EditEntry(replace(zarif, attrs={})))
    overall, months = attribute_shares(store, "gender")
    assert overall == {"man": 2, None: 1}
    assert months["2024-03"] == {None: 1}
    assert attribute_shares(store, "gender", annotator="gold") == ({}, {})


def test_an_article_dated_by_published_counts_as_dated(store, tmp_path, monkeypatch):
    # the CSV and HTML readers and the demo keep an article's date as meta `published`
    import registry_data
    articles = [{**a, "meta": {"source": a["meta"]["source"], "published": a["meta"]["date"]}}
                for a in registry_data.ARTICLES]
    monkeypatch.setattr(registry_data, "ARTICLES", articles)
    entries = build(store, tmp_path)
    rows = {row["id"]: row for row in speaker_rows(store)}
    khamenei = rows[entries["Ali Khamenei"]]
    assert (khamenei["first_date"], khamenei["last_date"]) == ("2024-01-20", "2024-05-10")
    assert set(attribute_shares(store, "gender")[1]) == {"2024-01", "2024-03", "2024-05"}


def test_every_entry_s_links_are_read_in_span_order_some_through_the_entry_index(
        store, tmp_path):
    """Through the entry index, counting every entry read the spans at random (2.1 s
    against 0.9 s for 500,000 links); a few entries are still found by it."""
    entries = build(store, tmp_path)
    sql: list[str] = []
    store.conn.set_trace_callback(sql.append)
    try:
        store.registry.mention_figures()
        store.registry.mention_figures(entries=[entries["Ali Khamenei"]])
    finally:
        store.conn.set_trace_callback(None)
    every, some = [s for s in sql if "entry_links" in s]

    def plan(query: str) -> str:
        # the trace gives the statement with its values in place
        return " ".join(row[3] for row in store.conn.execute("EXPLAIN QUERY PLAN " + query))
    assert "SCAN l" in plan(every) and "entry_links_entry" not in plan(every), plan(every)
    assert "entry_links_entry" in plan(some), plan(some)
