"""brat standoff in and out: a folder of `.txt` + `.ann` pairs, as brat and INCEpTION
write them."""

from __future__ import annotations

from pathlib import Path

from conftest import table_counts

from annotator.core import import_files
from annotator.core.io import export_to_path

TEXT = "Merkel met Macron in Paris.\nThe talks were long and very friendly.\n"
ANN = (
    "T1\tPERSON 0 6\tMerkel\n"
    "T2\tPERSON 11 17\tMacron\n"
    "T3\tGPE 21 26\tParis\n"
    "T4\tEVENT 28 37;57 66\tThe talks friendly.\n"
    "R1\tMEETS Arg1:T1 Arg2:T2\n"
    "A1\tFormal T4\n"
    "A2\tTone T4 warm\n"
    "#1\tAnnotatorNotes T3\tthe capital\n"
)


def write_pair(folder: Path, name: str, text: str, ann: str) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.txt").write_text(text, encoding="utf-8", newline="")
    (folder / f"{name}.ann").write_text(ann, encoding="utf-8", newline="")
    return folder


def test_a_folder_imports_spans_relations_attributes_and_notes(store, tmp_path):
    folder = write_pair(tmp_path / "corpus", "doc1", TEXT,
                        ANN + "E1\tMeeting:T4 Agent:T1\nN1\tReference T3 Wiki:90\tParis\n")
    (tmp_path / "corpus" / "annotation.conf").write_text("[entities]\n", encoding="utf-8")
    summary = import_files(store, [folder])
    assert not summary.errors
    (article,) = store.conn.execute("SELECT id, title, text FROM articles").fetchall()
    assert article == ("doc1", "doc1", TEXT)  # the .txt whole: no title line taken out
    spans = store.conn.execute('SELECT start, "end", label, attrs FROM spans '
                               "ORDER BY start").fetchall()
    assert [s[:3] for s in spans] == [(0, 6, "PERSON"), (11, 17, "PERSON"),
                                      (21, 26, "GPE"), (28, 37, "EVENT"), (57, 66, "EVENT")]
    assert spans[3][3] == '{"Formal": true, "Tone": "warm"}'
    assert sorted(r[0] for r in store.conn.execute("SELECT label FROM relations")) == [
        "Fragment", "MEETS"]
    assert [(c.start, c.end, c.text) for c in store.review.comments(1)] == [(21, 26, "the capital")]
    assert summary.left_out == {"brat events (E lines)": 1,
                                "brat normalisations (N lines)": 1}
    assert [str(n) for n in summary.notices] == [
        f"{folder / 'doc1.ann'}: T4 (EVENT) is discontinuous: 2 spans linked by Fragment"]
    assert summary.files_skipped == [
        f"{folder / 'annotation.conf'}: unknown file type '.conf'"]


def test_brat_to_store_to_brat_gives_the_same_ann(store, tmp_path):
    import_files(store, [write_pair(tmp_path / "in", "doc1", TEXT, ANN)])
    out = tmp_path / "out"
    summary = export_to_path(store, out, "brat")
    assert summary.records == 1
    assert (out / "doc1.txt").read_bytes() == TEXT.encode("utf-8")
    assert (out / "doc1.ann").read_text(encoding="utf-8") == ANN
    assert "MEETS\tArg1:<ENTITY>, Arg2:<ENTITY>" in (out / "annotation.conf").read_text()
    assert not list(out.glob("*.part"))


def test_bad_brat_is_refused_with_its_line_and_nothing_stored(store, tmp_path):
    cases = {
        "offsets": ("T1\tPERSON 0 6\tMerkel\nT2\tPERSON 11 99\tMacron\n", 2,
                    "T2: 11-99 is not inside the text (length 67)"),
        "text": ("T1\tPERSON 0 6\tMerkle\n", 1,
                 "T1: says its text is 'Merkle' but the .txt has 'Merkel' there"),
        "target": ("T1\tPERSON 0 6\tMerkel\nR1\tMEETS Arg1:T1 Arg2:T9\n", 2,
                   "R1: 'T9' is not an entity (T) of this file"),
        "kind": ("X1\tfoo\n", 1, "X1: not a brat annotation (T, R, E, A, M, N, # or *)"),
    }
    for name, (ann, line, message) in cases.items():
        folder = write_pair(tmp_path / name, name, TEXT, ann)
        summary = import_files(store, [folder])
        assert [str(p) for p in summary.errors] == [f"{folder / name}.ann:{line}: {message}"]
    assert table_counts(store)["articles"] == 0


def test_an_ann_without_its_txt_is_named(store, tmp_path):
    folder = tmp_path / "lone"
    folder.mkdir()
    (folder / "a.ann").write_text("T1\tPERSON 0 1\tx\n", encoding="utf-8")
    summary = import_files(store, [folder])
    assert [str(p) for p in summary.errors] == [
        f"{folder / 'a.ann'}: no a.txt beside it: brat needs both files"]


def test_cli_exports_a_brat_folder(run, store_path, tmp_path):
    folder = write_pair(tmp_path / "in", "doc1", TEXT, ANN)
    assert run("import", store_path, folder).exit_code == 0
    result = run("export", store_path, "--format", "brat", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "doc1.ann").read_text(encoding="utf-8") == ANN


def test_the_txt_of_a_pair_given_alone_is_read_with_its_ann(store, tmp_path):
    folder = write_pair(tmp_path / "pair", "doc1", TEXT, ANN)
    summary = import_files(store, [folder / "doc1.txt"])
    assert (summary.articles_added, summary.spans_added) == (1, 5)


def test_cli_title_from_the_first_line_keeps_the_text_whole(run, store_path, tmp_path):
    from annotator.core import Store

    folder = write_pair(tmp_path / "in", "doc1", TEXT, ANN)
    result = run("import", store_path, folder, "--title", "first-line")
    assert result.exit_code == 0, result.output
    with Store.open(store_path) as opened:
        assert opened.conn.execute("SELECT title, text FROM articles").fetchall() == [
            ("Merkel met Macron in Paris.", TEXT)]


def test_cli_says_what_was_left_out_and_which_files_were_not_read(run, store_path, tmp_path):
    folder = write_pair(tmp_path / "in", "doc1", TEXT, ANN + "E1\tMeeting:T4\n")
    (folder / "visual.conf").write_text("[labels]\n", encoding="utf-8")
    result = run("import", store_path, folder)
    assert result.exit_code == 0, result.output
    assert "Left out (not held by the store): brat events (E lines): 1." in result.output
    assert f"Not imported: {folder / 'visual.conf'}: unknown file type '.conf'" in (
        result.output)
    assert "T4 (EVENT) is discontinuous: 2 spans linked by Fragment" in result.output


def test_a_note_on_a_repeated_entity_goes_to_the_one_kept(store, tmp_path):
    ann = ("T1\tPERSON 0 6\tMerkel\nT2\tGPE 21 26\tParis\nT3\tGPE 21 26\tParis\n"
           "#1\tAnnotatorNotes T3\tsame place\n")
    summary = import_files(store, [write_pair(tmp_path / "rep", "doc1", TEXT, ann)])
    assert not summary.errors and summary.repeats_dropped == 1
    assert [(c.start, c.end, c.text) for c in store.review.comments(1)] == [(21, 26, "same place")]
