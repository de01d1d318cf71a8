"""Generate the layout case files of this folder (the CSV files are written by hand).

    python tests/cases/layouts/make_cases.py
"""

from __future__ import annotations

from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent


def summary_first_workbook() -> None:
    """A per-customer summary on the first sheet (its header is recognised), the invoices on the second."""
    book = openpyxl.Workbook()
    summary = book.active
    summary.title = "Synthèse"
    summary.append(["Client", "Nombre de factures", "Total dû"])
    summary.append(["Boulangerie Lefèvre", 2, 2996.35])
    summary.append(["Garage Martin", 1, 480.00])
    summary.append(["Total", 3, 3476.35])
    invoices = book.create_sheet("Factures")
    invoices.append(["Impayés au 30/11/2026"])
    invoices.append([])
    invoices.append(["N° facture", "Client", "Date facture", "Échéance", "Montant TTC", "Reste dû", "Email"])
    invoices.append(["FA-1001", "Boulangerie Lefèvre", "2026-09-03", "2026-10-03", 2340.00, 2340.00, "contact@lefevre.fr"])
    invoices.append(["FA-1002", "Boulangerie Lefèvre", "2026-09-17", "2026-10-17", 656.35, 656.35, "contact@lefevre.fr"])
    invoices.append(["FA-1003", "Garage Martin", "2026-10-01", "2026-10-31", 480.00, 480.00, "garage.martin@gmial"])
    book.save(HERE / "summary_then_invoices.xlsx")


if __name__ == "__main__":
    summary_first_workbook()
