"""``header_score``: the reader's way to find the header row under titles and the right sheet."""

from getbill_import.mapping import header_score

HEADER = ["Référence", "Date de facture", "Date d'échéance", "Client", "Courriel", "Reste à payer", "Montant HT", "Ville"]


def test_a_real_export_header_scores_high():
    assert header_score(HEADER) >= 0.9
    assert header_score(["Invoice Number", "Customer", "Amount Due", "Due Date"]) >= 0.9
    assert header_score(["Belegnummer", "Name 1", "Offener Betrag", "Fälligkeit"]) >= 0.9


def test_a_small_header_with_a_reference_and_an_amount_passes_half():
    assert header_score(["Facture", "Montant"]) >= 0.5


def test_titles_data_rows_totals_and_summary_tables_score_below_half():
    assert header_score(["Relevé des factures clients non soldées", "", ""]) < 0.5
    assert header_score(["Société : BATIPRO SAS"]) < 0.5
    assert header_score(["FA2026-00412", "03/09/2026", "03/10/2026", "Boulangerie Lefèvre", "contact@lefevre.fr", "2 340,00"]) < 0.5
    assert header_score(["Total général", "", "12 000,00"]) < 0.5
    assert header_score(["Agence", "Nombre de dossiers", "Encours"]) < 0.5


def test_the_header_scores_above_every_row_around_it():
    rows = [["Impayés au 31/10/2026"], [], HEADER, ["FC-1", "2026-08-03", "2026-09-02", "Blanc", "a@b.fr", "1830", "1525", "Lyon"]]
    scores = [header_score(r) for r in rows]
    assert max(range(len(rows)), key=lambda i: scores[i]) == 2
    assert header_score([]) == 0.0
